import { Buffer } from 'node:buffer';
import type { Columns } from './columns.js';
import * as K from './kernel-abi.js';
import { countOf, readTables, text, type KernelExports } from './kernel-tables.js';
import { addSpray, bumpReason, createState, maxOf, minOf, type ScanState } from './state.js';

/** The entry columns as the kernel's bits. */
const columnBits = (c: Columns): number =>
  (c.clientIp >= 0 ? K.HAS_CLIENT : 0) |
  (c.uriStem >= 0 ? K.HAS_URI : 0) |
  (c.user >= 0 ? K.HAS_USER : 0) |
  (c.userAgent >= 0 ? K.HAS_AGENT : 0) |
  (c.uri >= 0 && c.uri === c.uriStem ? K.URI_QUERY : 0) |
  (c.date >= 0 ? K.HAS_DATE : 0) |
  (c.time >= 0 ? K.HAS_TIME : 0);

/** The status triple of an entry the reader read (NaN: not logged). */
export interface EntryCodes {
  status: number;
  sub: number;
  win32: number;
}

/**
 * The scan's tally: the scan kernel (kernel/*.ts, compiled WebAssembly) counts every entry, with
 * the per-line work and the tables in its memory. The reader (W3cReader) has the kernel read plain
 * lines itself; lines it reads on its own come here through `entry`. Strings are made only for
 * what the kernel asks for (new clients, the lines of a password spray) and at `flush`, where its
 * tables become the ScanState (only the rows a top list ends with become strings).
 */
export class Tally {
  /** Lines the kernel read itself (the rest were the reader's). */
  kernelLines = 0;
  readonly x: KernelExports;
  /** The kernel's memory, and views of it (made again when it grows). */
  bytes!: Buffer;
  kstate!: Int32Array;
  f64!: Float64Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  private buffer: ArrayBuffer | null = null;
  /** Each client's address by id (from 1). */
  private readonly clients: string[] = [''];

  /** `state`: where the counts go (it may hold those of inputs scanned before). */
  constructor(
    module: WebAssembly.Module,
    readonly state: ScanState = createState(),
  ) {
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
    const x = new WebAssembly.Instance(module, imports).exports as unknown as KernelExports;
    if (x.abi() !== K.ABI) throw new Error(`scan kernel ABI ${x.abi()}, expected ${K.ABI}`);
    this.x = x;
    x.reset();
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
    this.kstate = new Int32Array(buf, K.STATE_AT, 64);
  }

  note(text: string): void {
    bumpReason(this.state.notes, text);
  }

  /** The columns of the kernel's own lines (it takes none without a status triple). */
  layout(c: Columns): void {
    const { date, time, clientIp, uriStem, user, userAgent, status, substatus, win32 } = c;
    this.x.layout(
      c.count,
      date,
      time,
      clientIp,
      uriStem,
      user,
      userAgent,
      status,
      substatus,
      win32,
      columnBits(c),
    );
  }

  /**
   * An entry the reader read, its values at `st`/`en` in the kernel's memory: its codes as given,
   * the rest read and counted in the kernel.
   */
  entry(st: Int32Array, en: Int32Array, cols: Columns, utf8: boolean, v: EntryCodes): void {
    this.refresh();
    const bounds = this.u32;
    const put = (slot: number, i: number): void => {
      const o = (K.BOUNDS_AT >> 2) + slot * 2;
      bounds[o] = i < 0 ? 0 : st[i]!;
      bounds[o + 1] = i < 0 ? 0 : en[i]!;
    };
    put(K.C_DATE, cols.date);
    put(K.C_TIME, cols.time);
    put(K.C_CLIENT, cols.clientIp);
    put(K.C_URI, cols.uriStem);
    put(K.C_USER, cols.user);
    put(K.C_AGENT, cols.userAgent);
    this.x.entryFromReader(v.status, v.sub, v.win32, utf8 ? 1 : 0, columnBits(cols));
  }

  /** The day of the #Date in force, for entries of a layout without a date column. */
  set headerDay(day: number) {
    this.refresh();
    this.kstate[K.S_HEADER_DAY] = day;
  }

  /** The kernel's counts added into the state, which it returns (call once, at the end). */
  flush(): ScanState {
    const x = this.x;
    x.flush();
    this.refresh();
    const s = this.state;
    const lines = this.kstate[K.S_LINES]!;
    s.lines += lines;
    this.kernelLines += lines;
    this.kstate[K.S_LINES] = 0;
    s.entries += countOf(this, 'entries');
    s.firstSec = minOf(s.firstSec, countOf(this, 'firstSec'));
    s.lastSec = maxOf(s.lastSec, countOf(this, 'lastSec'));
    readTables(this, s, this.clients);
    return s;
  }
}
