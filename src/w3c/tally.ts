import type { Buffer } from 'node:buffer';
import {
  NOT_A_NUMBER,
  NO_TIME,
  Repeat,
  dayOf,
  hashBytes,
  readDateKey,
  readNumber,
  readTimeOfDay,
} from './bytes.js';
import type { Columns } from './columns.js';
import { HandshakeTracker, type Phase } from './handshakes.js';
import { bumpTop, combineHashes, hashValue, labelTop, trimTop, type TopCounts } from './top-k.js';
import {
  LIMITS,
  addSpray,
  bump,
  bumpMinute,
  bumpReason,
  MinuteRuns,
  clientOf,
  codeKey,
  createDetail,
  createState,
  type ScanState,
} from './state.js';

interface CodeSlot {
  key: string;
  status: number | null;
  substatus: number | null;
  win32: number | null;
  count: number;
}

const NO_CREDENTIALS = 2148074254; // SEC_E_NO_CREDENTIALS: the normal 401.1 challenge leg
const LOGON_FAILURE = 1326;
const nullable = (n: number): number | null => (Number.isNaN(n) ? null : n);

function text(b: Buffer, s: number, e: number, utf8: boolean): string {
  return b.toString(utf8 ? 'utf8' : 'latin1', s, e);
}

/** The value of column i, or '-' when the layout does not log it. */
const value = (b: Buffer, st: Int32Array, en: Int32Array, i: number, utf8: boolean): string =>
  i >= 0 ? text(b, st[i]!, en[i]!, utf8) : '-';

/** A small-integer key for "is a handshake open from this client?" (checked on every success). */
const clientKey = (b: Buffer, st: Int32Array, en: Int32Array, cols: Columns): number =>
  cols.clientIp >= 0 ? hashBytes(b, st[cols.clientIp]!, en[cols.clientIp]!) : 0;

const hashAt = (b: Buffer, st: Int32Array, en: Int32Array, i: number): number =>
  i >= 0 ? hashValue(b, st[i]!, en[i]!) : 0;

/** Where the URL path ends: cs-uri (HTTP.sys error logs) carries the query after '?'. */
function urlEnd(b: Buffer, st: Int32Array, en: Int32Array, cols: Columns): number {
  const i = cols.uriStem;
  if (i < 0) return 0;
  const e = en[i]!;
  if (cols.uri !== i) return e;
  const q = b.indexOf(63, st[i]);
  return q === -1 || q > e ? e : q;
}

const MOZILLA = [77, 111, 122, 105, 108, 108, 97, 47];
/** A user agent that starts with 'Mozilla/' is a browser; anything else is a tool or library. */
function isBrowser(b: Buffer, st: Int32Array, en: Int32Array, i: number): boolean {
  if (i < 0 || en[i]! - st[i]! < 8) return false;
  const s = st[i]!;
  for (let k = 0; k < 8; k++) if (b[s + k] !== MOZILLA[k]) return false;
  return true;
}

function countValue(
  top: TopCounts,
  b: Buffer,
  s: number,
  e: number,
  utf8: boolean,
  hash: number,
): void {
  if (bumpTop(top, hash)) labelTop(top, hash, text(b, s, e, utf8));
}

/**
 * What W3cReader hands each line's entry to: this Tally, or the scan kernel's (kernel.ts
 * KernelTally), which counts the same in WebAssembly. Both count into a ScanState.
 */
export interface TallyLike {
  readonly state: ScanState;
  /** False while warming up or cooling down (nothing is counted then). */
  readonly counting: boolean;
  phase: Phase;
  readonly handshakes: { finish(): void; readonly settled: boolean };
  /** The earliest and latest times seen while warming up (seconds since 2000; NaN = none). */
  readonly firstWarmSec: number;
  readonly lastWarmSec: number;
  note(text: string): void;
  /**
   * One entry: `st`/`en` are value offsets into `b`; `headerDay` (days since 2000, or NO_TIME)
   * dates time-only files from their #Date directive.
   */
  entry(
    b: Buffer,
    st: Int32Array,
    en: Int32Array,
    cols: Columns,
    utf8: boolean,
    headerDay: number,
  ): void;
  /** Moves buffered counts into the state; call once at the end. */
  flush(): ScanState;
}

/**
 * The numbers of an entry: its status triple (NaN where not logged or not a number: `odd` says
 * the latter happened) and its time (seconds since 2000, NO_TIME when it has none). Dates and
 * times come in runs: a value that repeats the last one's bytes is not parsed again.
 */
export class EntryReader {
  status = NaN;
  sub = NaN;
  win32 = NaN;
  sec = NO_TIME;
  odd = false;
  private dateKey = -1;
  private day = NO_TIME;
  private readonly dateSeen = new Repeat();
  private readonly timeSeen = new Repeat();
  private tod = -1;

  read(b: Buffer, st: Int32Array, en: Int32Array, cols: Columns, headerDay: number): void {
    let status = cols.status >= 0 ? readNumber(b, st[cols.status]!, en[cols.status]!) : NaN;
    let sub = cols.substatus >= 0 ? readNumber(b, st[cols.substatus]!, en[cols.substatus]!) : NaN;
    let win32 = cols.win32 >= 0 ? readNumber(b, st[cols.win32]!, en[cols.win32]!) : NaN;
    this.odd = status === NOT_A_NUMBER || sub === NOT_A_NUMBER || win32 === NOT_A_NUMBER;
    if (this.odd) {
      if (status === NOT_A_NUMBER) status = NaN;
      if (sub === NOT_A_NUMBER) sub = NaN;
      if (win32 === NOT_A_NUMBER) win32 = NaN;
    }
    this.status = status;
    this.sub = sub;
    this.win32 = win32;
    let sec = NO_TIME;
    if (cols.time >= 0) {
      // lines come in runs of the same second: a repeated value is not parsed again
      const ts = st[cols.time]!;
      const te = en[cols.time]!;
      if (!this.timeSeen.same(b, ts, te)) {
        this.tod = readTimeOfDay(b, ts, te);
        this.timeSeen.remember(b, ts, te);
      }
      let day = headerDay;
      if (cols.date >= 0) {
        const ds = st[cols.date]!;
        const de = en[cols.date]!;
        if (!this.dateSeen.same(b, ds, de)) {
          const key = readDateKey(b, ds, de);
          this.dateSeen.remember(b, ds, de);
          if (key !== this.dateKey) {
            this.dateKey = key;
            this.day = key < 0 ? NO_TIME : dayOf(key);
          }
        }
        day = this.day;
      }
      if (this.tod >= 0 && day !== NO_TIME) sec = day * 86400 + this.tod;
    }
    this.sec = sec;
  }
}

/** The note an entry with a status value that is not a number gets. */
export const ODD_NUMBER_NOTE = 'a status value is not a number (read as not logged)';

/**
 * Counts entries into a ScanState. The reader hands over each entry as byte offsets; strings are
 * made only for values seen for the first time in a 401/403 top list and for clients with a 401.
 */
export class Tally implements TallyLike {
  readonly state: ScanState = createState();
  readonly handshakes: HandshakeTracker = new HandshakeTracker(this.state);
  private readonly slots = new Map<number, CodeSlot>();
  private readonly oddSlots = new Map<string, CodeSlot>();
  private lastSlotKey = -1;
  private lastSlot: CodeSlot | null = null;
  private readonly perMinute = new MinuteRuns((m, n) => bumpMinute(this.state, m, n));
  private readonly perMinute401 = new MinuteRuns((m, n) => bump(this.state.minutes401, m, n));
  private readonly values = new EntryReader();
  /** The last client address decoded, by its value hash (handshake legs come in runs). */
  private lastClientHash = -1;
  private lastClient = '-';
  /** The earliest and latest times seen while warming up (seconds since 2000; NaN = none). */
  firstWarmSec = NaN;
  lastWarmSec = NaN;

  /** False while warming up or cooling down (nothing is counted then). */
  counting = true;

  get phase(): Phase {
    return this.handshakes.phase;
  }

  set phase(p: Phase) {
    this.handshakes.phase = p;
    this.counting = p === 'count';
  }

  note(text: string): void {
    if (this.counting) bumpReason(this.state.notes, text);
  }

  entry(
    b: Buffer,
    st: Int32Array,
    en: Int32Array,
    cols: Columns,
    utf8: boolean,
    headerDay: number,
  ): void {
    const v = this.values;
    v.read(b, st, en, cols, headerDay);
    if (v.odd) this.note(ODD_NUMBER_NOTE);
    const { status, sub, win32, sec } = v;
    if (!this.counting) {
      if (sec !== NO_TIME && this.phase === 'warm') {
        if (!(sec >= this.firstWarmSec)) this.firstWarmSec = sec;
        if (!(sec <= this.lastWarmSec)) this.lastWarmSec = sec;
      }
      this.follow(b, st, en, cols, utf8, status, sub, win32, sec);
      return;
    }
    const s = this.state;
    s.entries++;
    const slot = this.countCode(status, sub, win32);
    if (sec !== NO_TIME) {
      if (!(sec >= s.firstSec)) s.firstSec = sec;
      if (!(sec <= s.lastSec)) s.lastSec = sec;
      this.perMinute.add(Math.floor(sec / 60), 1);
    }
    if (status === 401 || status === 403)
      this.failure(b, st, en, cols, utf8, slot.key, status, sub, win32, sec);
    else if (status >= 200 && status < 400) this.success(b, st, en, cols, sec);
    else if (sec !== NO_TIME) this.handshakes.sweep(sec);
  }

  /** Moves buffered counts into the state; call once at the end. */
  flush(): ScanState {
    this.perMinute.flush();
    this.perMinute401.flush();
    for (const slot of [...this.slots.values(), ...this.oddSlots.values()]) {
      const { key, status, substatus, win32, count } = slot;
      if (count === 0) continue;
      const have = this.state.codes.get(key);
      if (have) have.count += count;
      else this.state.codes.set(key, { status, substatus, win32, count });
      slot.count = 0;
    }
    for (const d of this.state.details.values())
      for (const top of [d.urls, d.users, d.clients, d.userAgents]) trimTop(top);
    return this.state;
  }

  private countCode(status: number, sub: number, win32: number): CodeSlot {
    // small integers for the common codes (win32 < 1024), exact doubles for the rest
    let num = -1;
    if (status >= 100 && status < 1000 && sub >= 0 && sub < 1024 && win32 >= 0 && win32 < 2 ** 32)
      num =
        win32 < 1024
          ? (status * 1024 + sub) * 1024 + win32
          : (status * 1024 + sub) * 4294967296 + win32;
    if (num >= 0 && num === this.lastSlotKey) {
      this.lastSlot!.count++;
      return this.lastSlot!;
    }
    let slot = num >= 0 ? this.slots.get(num) : undefined;
    if (slot === undefined) {
      const key = codeKey(nullable(status), nullable(sub), nullable(win32));
      slot = this.oddSlots.get(key);
      if (slot === undefined) {
        slot = {
          key,
          status: nullable(status),
          substatus: nullable(sub),
          win32: nullable(win32),
          count: 0,
        };
        if (num >= 0) this.slots.set(num, slot);
        else this.oddSlots.set(key, slot);
      }
    }
    slot.count++;
    this.lastSlotKey = num;
    this.lastSlot = slot;
    return slot;
  }

  private failure(
    b: Buffer,
    st: Int32Array,
    en: Int32Array,
    cols: Columns,
    utf8: boolean,
    key: string,
    status: number,
    sub: number,
    win32: number,
    sec: number,
  ): void {
    const s = this.state;
    const ci = cols.clientIp;
    const ui = cols.uriStem;
    const ai = cols.userAgent;
    const hClient = hashAt(b, st, en, ci);
    const uEnd = urlEnd(b, st, en, cols);
    const hUrl = ui >= 0 ? hashValue(b, st[ui]!, uEnd) : 0;
    const hUa = hashAt(b, st, en, ai);
    let d = s.details.get(key);
    if (d === undefined && s.details.size < LIMITS.detailCodes) {
      d = createDetail(status, nullable(sub), nullable(win32));
      s.details.set(key, d);
    }
    if (d !== undefined) {
      d.count++;
      if (sec !== NO_TIME) {
        if (!(sec >= d.firstSec)) d.firstSec = sec;
        if (!(sec <= d.lastSec)) d.lastSec = sec;
      }
      if (ui >= 0) countValue(d.urls, b, st[ui]!, uEnd, utf8, hUrl);
      if (ci >= 0) countValue(d.clients, b, st[ci]!, en[ci]!, utf8, hClient);
      if (ai >= 0) countValue(d.userAgents, b, st[ai]!, en[ai]!, utf8, hUa);
      const us = cols.user;
      if (us < 0 || (en[us]! - st[us]! === 1 && b[st[us]!] === 45)) d.anonymous++;
      else countValue(d.users, b, st[us]!, en[us]!, utf8, hashValue(b, st[us]!, en[us]!));
    }
    if (status !== 401) return;
    if (sec !== NO_TIME) this.perMinute401.add(Math.floor(sec / 60), 1);
    const client = this.clientText(b, st, en, ci, utf8, hClient);
    if (sub === 1 && win32 === LOGON_FAILURE)
      addSpray(s, client, value(b, st, en, cols.user, utf8));
    let joined = false;
    if ((sub === 1 || sub === 2) && sec !== NO_TIME) {
      const failing = sub === 1 && win32 !== 0 && win32 !== NO_CREDENTIALS && !Number.isNaN(win32);
      joined = this.handshakes.challenge(
        combineHashes(hClient, hUrl, hUa),
        clientKey(b, st, en, cols),
        client,
        key,
        sub,
        failing,
        sec,
        isBrowser(b, st, en, ai),
      );
    }
    if (!joined) {
      const c = clientOf(s, client);
      if (c) c.failures++;
    }
  }

  /** The client address as text, decoded again only when it differs from the last one. */
  private clientText(
    b: Buffer,
    st: Int32Array,
    en: Int32Array,
    ci: number,
    utf8: boolean,
    hash: number,
  ): string {
    if (ci < 0) return '-';
    if (hash !== this.lastClientHash) {
      this.lastClientHash = hash;
      this.lastClient = text(b, st[ci]!, en[ci]!, utf8);
    }
    return this.lastClient;
  }

  /** A 2xx/3xx entry: completes an open handshake from the same client, URL and user agent. */
  private success(b: Buffer, st: Int32Array, en: Int32Array, cols: Columns, sec: number): void {
    if (sec === NO_TIME) return;
    const hs = this.handshakes;
    hs.sweep(sec);
    if (!hs.hasClient(clientKey(b, st, en, cols))) return;
    const hClient = hashAt(b, st, en, cols.clientIp);
    const ui = cols.uriStem;
    const hUrl = ui >= 0 ? hashValue(b, st[ui]!, urlEnd(b, st, en, cols)) : 0;
    hs.success(combineHashes(hClient, hUrl, hashAt(b, st, en, cols.userAgent)), sec);
  }

  /** Warm-up and cool-down: only the handshake tracker moves. */
  private follow(
    b: Buffer,
    st: Int32Array,
    en: Int32Array,
    cols: Columns,
    utf8: boolean,
    status: number,
    sub: number,
    win32: number,
    sec: number,
  ): void {
    if (sec === NO_TIME) return;
    if (status >= 200 && status < 400) this.success(b, st, en, cols, sec);
    else if (status === 401 && (sub === 1 || sub === 2)) {
      const ui = cols.uriStem;
      const hClient = hashAt(b, st, en, cols.clientIp);
      const hUrl = ui >= 0 ? hashValue(b, st[ui]!, urlEnd(b, st, en, cols)) : 0;
      const failing = sub === 1 && win32 !== 0 && win32 !== NO_CREDENTIALS && !Number.isNaN(win32);
      this.handshakes.challenge(
        combineHashes(hClient, hUrl, hashAt(b, st, en, cols.userAgent)),
        clientKey(b, st, en, cols),
        this.clientText(b, st, en, cols.clientIp, utf8, hClient),
        codeKey(401, nullable(sub), nullable(win32)),
        sub,
        failing,
        sec,
        isBrowser(b, st, en, cols.userAgent),
      );
    } else this.handshakes.sweep(sec);
  }
}
