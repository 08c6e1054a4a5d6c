import { Buffer } from 'node:buffer';
import type { Columns } from './columns.js';
import * as K from './kernel-abi.js';
import {
  addSpray,
  bump,
  bumpMinute,
  bumpReason,
  codeKey,
  createState,
  type ClientState,
  type DetailState,
  type ScanState,
} from './state.js';
import type { TopList } from './top-list.js';

/**
 * Phases let byte ranges of one file be scanned apart and merged to the same result as one pass:
 * 'warm' replays the seconds before a range to learn which sequences are open (they belong to
 * the previous range), 'count' is the range itself, 'cool' reads on past the range only to
 * finish the sequences the range started.
 */
export type Phase = 'count' | 'warm' | 'cool';

const PHASES: Record<Phase, number> = {
  count: K.PHASE_COUNT,
  warm: K.PHASE_WARM,
  cool: K.PHASE_COOL,
};

interface Exports {
  memory: { buffer: ArrayBuffer };
  abi(): number;
  stateAt(): number;
  boundsAt(): number;
  inputAt(): number;
  inputCapacity(): number;
  recordsAt(): number;
  scratchAt(): number;
  scratchCapacity(): number;
  reset(): void;
  layout(...cols: number[]): void;
  setPhase(p: number): void;
  settled(): number;
  finish(): void;
  count(i: number): number;
  flush(): void;
  entryFromReader(
    status: number,
    sub: number,
    win32: number,
    sec: number,
    utf8: number,
    columns: number,
  ): void;
  scan(from: number, to: number): number;
  codesUsed(): number;
  codeAt(id: number): number;
  clientsUsed(): number;
  clientAt(id: number): number;
  detailCount(): number;
  detailAt(id: number): number;
  listSize(list: number): number;
  listRows(list: number): number;
  listDropped(list: number): number;
  listLabels(list: number): number;
}

/** The entry columns as entryFromReader's bits. */
const columnBits = (c: Columns): number =>
  (c.clientIp >= 0 ? K.HAS_CLIENT : 0) |
  (c.uriStem >= 0 ? K.HAS_URI : 0) |
  (c.user >= 0 ? K.HAS_USER : 0) |
  (c.userAgent >= 0 ? K.HAS_AGENT : 0) |
  (c.uri >= 0 && c.uri === c.uriStem ? K.URI_QUERY : 0);

const text = (b: Buffer, s: number, e: number, utf8: number): string =>
  b.toString(utf8 ? 'utf8' : 'latin1', s, e);

const nullable = (n: number): number | null => (Number.isNaN(n) ? null : n);

/** The numbers of an entry the reader read: its status triple (NaN: not logged) and time. */
export interface EntryNumbers {
  status: number;
  sub: number;
  win32: number;
  /** Seconds since 2000, NO_TIME when the entry has none. */
  sec: number;
}

/**
 * The scan's tally: the scan kernel (kernel/*.ts, compiled WebAssembly) counts every entry, with
 * the per-line work and the tables in its memory. The reader (W3cReader) has the kernel read plain
 * lines itself; lines it reads on its own come here through `entry`. Strings are made only for
 * what the kernel asks for (new clients, the lines of a password spray) and at `flush`, where its
 * tables become the ScanState (only the rows a top list ends with become strings).
 */
export class Tally {
  readonly state: ScanState = createState();
  /** Lines the kernel read itself (the rest were the reader's). */
  kernelLines = 0;
  readonly x: Exports;
  /** The kernel's memory, and views of it (made again when it grows). */
  bytes!: Buffer;
  kstate!: Int32Array;
  private f64!: Float64Array;
  private i32!: Int32Array;
  private u32!: Uint32Array;
  private buffer: ArrayBuffer | null = null;
  readonly input: number;
  readonly inputCapacity: number;
  private readonly bounds: number;
  private readonly records: number;
  private readonly scratch: number;
  private readonly scratchCapacity: number;
  private scratchAt = 0;
  /** Each client's address by id (from 1). */
  private readonly clients: string[] = [''];
  private phaseName: Phase = 'count';
  /** False while warming up or cooling down (nothing is counted then). */
  counting = true;

  constructor(module: WebAssembly.Module) {
    // the kernel's calls out, by the file that declares them (kernel/clients.ts, kernel/tally.ts)
    const imports = {
      clients: {
        clientLabel: (id: number, s: number, e: number, utf8: number) => {
          this.refresh();
          this.clients[id] = text(this.bytes, s, e, utf8);
        },
      },
      tally: {
        spray: (cs: number, ce: number, us: number, ue: number, utf8: number) => {
          this.refresh();
          addSpray(this.state, text(this.bytes, cs, ce, utf8), text(this.bytes, us, ue, utf8));
        },
      },
    };
    const x = new WebAssembly.Instance(module, imports).exports as unknown as Exports;
    if (x.abi() !== K.ABI) throw new Error(`scan kernel ABI ${x.abi()}, expected ${K.ABI}`);
    this.x = x;
    x.reset();
    this.input = x.inputAt();
    this.inputCapacity = x.inputCapacity();
    this.bounds = x.boundsAt();
    this.records = x.recordsAt();
    this.scratch = x.scratchAt();
    this.scratchCapacity = x.scratchCapacity();
    this.refresh();
  }

  /** New views when the kernel's memory grew (the old ones are detached then). */
  refresh(): void {
    const buf = this.x.memory.buffer;
    if (buf === this.buffer) return;
    this.buffer = buf;
    this.bytes = Buffer.from(buf, 0, buf.byteLength);
    this.f64 = new Float64Array(buf);
    this.i32 = new Int32Array(buf);
    this.u32 = new Uint32Array(buf);
    this.kstate = new Int32Array(buf, this.x.stateAt(), 64);
  }

  get phase(): Phase {
    return this.phaseName;
  }

  set phase(p: Phase) {
    this.phaseName = p;
    this.counting = p === 'count';
    this.x.setPhase(PHASES[p]);
  }

  /** No sequence started in the 'count' phase is still open. */
  get settled(): boolean {
    return this.x.settled() !== 0;
  }

  /** End of input: the sequences still open are judged (rules.ts: END). */
  finish(): void {
    this.x.finish();
  }

  /** The earliest and latest times seen while warming up (seconds since 2000; NaN = none). */
  get firstWarmSec(): number {
    return this.x.count(K.N_FIRST_WARM_SEC);
  }

  get lastWarmSec(): number {
    return this.x.count(K.N_LAST_WARM_SEC);
  }

  note(text: string): void {
    if (this.counting) bumpReason(this.state.notes, text);
  }

  /** The columns of the kernel's own lines; false when it cannot read them (it then takes none). */
  layout(c: Columns | null): boolean {
    const x = this.x;
    if (c === null || c.status < 0 || c.substatus < 0 || c.win32 < 0 || c.count > 512) {
      x.layout(0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0);
      return false;
    }
    const query = c.uri >= 0 && c.uri === c.uriStem ? 1 : 0;
    x.layout(
      c.count,
      c.date,
      c.time,
      c.clientIp,
      c.uriStem,
      c.user,
      c.userAgent,
      c.status,
      c.substatus,
      c.win32,
      query,
    );
    return true;
  }

  /**
   * An entry the reader read (`st`/`en`: value offsets into `b`): its numbers as given, the rest
   * counted in the kernel (values outside the kernel's memory are copied in first).
   */
  entry(
    b: Buffer,
    st: Int32Array,
    en: Int32Array,
    cols: Columns,
    utf8: boolean,
    v: EntryNumbers,
  ): void {
    this.refresh();
    const inKernel = b.buffer === this.buffer;
    this.scratchAt = this.scratch;
    this.put(b, st, en, inKernel, K.C_CLIENT, cols.clientIp);
    this.put(b, st, en, inKernel, K.C_URI, cols.uriStem);
    this.put(b, st, en, inKernel, K.C_USER, cols.user);
    this.put(b, st, en, inKernel, K.C_AGENT, cols.userAgent);
    this.x.entryFromReader(v.status, v.sub, v.win32, v.sec, utf8 ? 1 : 0, columnBits(cols));
    this.takeRecords();
  }

  /** Value i's bounds into BOUNDS slot `slot` (0, 0 when the layout lacks it). */
  private put(
    b: Buffer,
    st: Int32Array,
    en: Int32Array,
    inKernel: boolean,
    slot: number,
    i: number,
  ): void {
    const bounds = this.u32;
    const o = (this.bounds >> 2) + slot * 2;
    if (i < 0) {
      bounds[o] = 0;
      bounds[o + 1] = 0;
    } else if (inKernel) {
      bounds[o] = b.byteOffset + st[i]!;
      bounds[o + 1] = b.byteOffset + en[i]!;
    } else {
      const at = this.scratchAt;
      const n = Math.min(en[i]! - st[i]!, this.scratch + this.scratchCapacity - at);
      b.copy(this.bytes, at, st[i], st[i]! + n);
      bounds[o] = at;
      bounds[o + 1] = at + n;
      this.scratchAt = at + n;
    }
  }

  /** The kernel's records since its last call: runs of entries per minute, all and 401 only. */
  takeRecords(): void {
    this.refresh();
    const n = this.kstate[K.S_RECORDS]!;
    const r = this.i32;
    for (let i = 0, o = this.records >> 2; i < n; i++, o += 4) {
      if (r[o] === K.R_MINUTE) bumpMinute(this.state, r[o + 1]!, r[o + 2]!);
      else if (r[o] === K.R_MINUTE401) bump(this.state.minutes401, r[o + 1]!, r[o + 2]);
    }
  }

  /** The kernel's counts as the ScanState (call once, at the end). */
  flush(): ScanState {
    const x = this.x;
    x.flush();
    this.takeRecords();
    this.refresh();
    const s = this.state;
    const lines = this.kstate[K.S_LINES]!;
    s.lines += lines;
    this.kernelLines += lines;
    this.kstate[K.S_LINES] = 0;
    s.entries += x.count(K.N_ENTRIES);
    const first = x.count(K.N_FIRST_SEC);
    const last = x.count(K.N_LAST_SEC);
    if (!Number.isNaN(first)) {
      if (!(first >= s.firstSec)) s.firstSec = first;
      if (!(last <= s.lastSec)) s.lastSec = last;
    }
    this.readCodes();
    this.readHandshakes();
    this.readDetails();
    // clients, in first-use order
    const f = this.f64;
    for (let id = 1; id <= x.clientsUsed(); id++) {
      const at = (x.clientAt(id) + K.CLIENT_COUNTS) >> 3;
      const c: ClientState = { completed: f[at]!, failed: f[at + 1]!, failures: f[at + 2]! };
      s.clients.set(this.clients[id]!, c);
    }
    return s;
  }

  /** Codes, and the four leg maps (each in the order codes first entered it). */
  private readCodes(): void {
    const { x, f64: f, i32, state: s } = this;
    const legs: [number, string, number][][] = [[], [], [], []];
    for (let id = 1; id <= x.codesUsed(); id++) {
      const at = x.codeAt(id);
      const status = nullable(f[(at + K.CODE_STATUS_F) >> 3]!);
      const substatus = nullable(f[(at + K.CODE_STATUS_F + 8) >> 3]!);
      const win32 = nullable(f[(at + K.CODE_STATUS_F + 16) >> 3]!);
      const key = codeKey(status, substatus, win32);
      const count = f[(at + K.CODE_COUNT) >> 3]!;
      if (count > 0) {
        const have = s.codes.get(key);
        if (have) have.count += count;
        else s.codes.set(key, { status, substatus, win32, count });
      }
      for (let m = 0; m < 4; m++) {
        const n = f[(at + K.CODE_LEGS + m * 8) >> 3]!;
        if (n > 0) legs[m]!.push([i32[(at + K.CODE_LEG_ORDER + m * 4) >> 2]!, key, n]);
      }
    }
    const hs = s.handshakes;
    const maps: Map<string, number>[] = [];
    maps[K.LEGS_COMPLETED] = hs.legs;
    maps[K.LEGS_NO_ANSWER] = hs.noAnswerLegs;
    maps[K.LEGS_ABANDONED] = hs.abandonedLegs;
    maps[K.LEGS_FAILING_COMPLETED] = hs.failingLegsCompleted;
    legs.forEach((rows, m) => {
      for (const [, key, n] of rows.sort((a, b) => a[0] - b[0])) bump(maps[m]!, key, n);
    });
  }

  private readHandshakes(): void {
    const { x } = this;
    const hs = this.state.handshakes;
    hs.completed += x.count(K.N_COMPLETED);
    hs.ntlm += x.count(K.N_NTLM);
    hs.negotiate += x.count(K.N_NEGOTIATE);
    hs.failed += x.count(K.N_FAILED);
    hs.noAnswer += x.count(K.N_NO_ANSWER);
    hs.abandoned += x.count(K.N_ABANDONED);
    hs.rejected += x.count(K.N_REJECTED);
    hs.noAnswerBrowser += x.count(K.N_NO_ANSWER_BROWSER);
    hs.noAnswerTool += x.count(K.N_NO_ANSWER_TOOL);
  }

  /** The 401/403 details, in first-seen order, with their lists. */
  private readDetails(): void {
    const { x, f64: f, i32 } = this;
    for (let id = 0; id < x.detailCount(); id++) {
      const d = x.detailAt(id);
      const status = f[(d + K.D_STATUS) >> 3]!;
      const substatus = nullable(f[(d + K.D_STATUS + 8) >> 3]!);
      const win32 = nullable(f[(d + K.D_STATUS + 16) >> 3]!);
      const hasTime = i32[(d + K.D_HAS_TIME) >> 2] !== 0;
      const list = (k: number): TopList => this.list(i32[(d + K.D_LISTS + k * 4) >> 2]!);
      const detail: DetailState = {
        status,
        substatus,
        win32,
        count: f[(d + K.D_COUNT) >> 3]!,
        firstSec: hasTime ? i32[(d + K.D_FIRST) >> 2]! : NaN,
        lastSec: hasTime ? i32[(d + K.D_LAST) >> 2]! : NaN,
        anonymous: f[(d + K.D_ANONYMOUS) >> 3]!,
        urls: list(0),
        users: list(1),
        clients: list(2),
        userAgents: list(3),
      };
      this.state.details.set(codeKey(status, substatus, win32), detail);
    }
  }

  /** A kernel list: its rows' labels (bytes in the list's arena) and counts. */
  private list(list: number): TopList {
    const x = this.x;
    const n = x.listSize(list);
    const rows = x.listRows(list);
    this.refresh();
    const counts = Array.from(new Float64Array(this.f64.buffer, rows + n * 8, n));
    const refs = x.listLabels(list) >> 2;
    const u = this.u32;
    const values = Array.from({ length: n }, (_, r) => {
      const len = u[refs + 2 * r + 1]!;
      const at = u[refs + 2 * r]!;
      return text(this.bytes, at, at + (len & 0x7fffffff), len >>> 31);
    });
    return { values, counts, dropped: x.listDropped(list) };
  }
}
