// The scan kernel (AssemblyScript, compiled to WebAssembly by scripts/build-kernel.ts): the
// per-line hot path of W3cReader + Tally for plain lines, 16 bytes a step with SIMD.
//
// It takes only lines it can count exactly as the TypeScript reader would: ASCII without
// quotes or control bytes (a CR before the LF aside), the value count #Fields names, a status
// triple of plain numbers. It counts those itself (lines, entries, code triples, first and last
// time, entries per minute) and hands the rest over in order: every other line (a directive, a
// line to repair, anything odd) stops the scan for the reader's own code, and the entries the
// handshake tracker and the 401/403 lists need come out as records (kernel.ts reads them).
//
// Memory (bytes): [0, 64K) statics and the state block; the input from IN; then the records, the
// code triple table, the value map and the challenger table. Offsets are exported as functions.

const ABI: i32 = 1;

const STATE: u32 = 1024; // i32 x 64, see the S_ constants (kernel.ts mirrors them)
const IN: u32 = 1 << 16;
const IN_CAP: u32 = (1 << 20) + (1 << 16); // a 1 MiB piece + a carried line of up to 64 KiB
const REC: u32 = IN + IN_CAP + 64; // 64 bytes of slack: 16-byte loads may read past the end
const REC_MAX: u32 = 2048;
const REC_INTS: u32 = 32; // 16 int32, then 8 float64 (hashes)
const CODES: u32 = REC + REC_MAX * REC_INTS * 4;
const CODE_SLOTS: u32 = 1024; // status, substatus, win32 (u32), count: 16 bytes a slot
const CODE_LIMIT: u32 = 768; // a new triple past this many goes to the reader (it has no limit)
const WANT: u32 = CODES + CODE_SLOTS * 16; // u8 per value index: which column slot it feeds
const MAX_FIELDS: u32 = 512;
const CHALL: u32 = WANT + MAX_FIELDS; // challenger table: (sec, epoch) i32 pairs
const CHALL_SLOTS: u32 = 1 << 14;
/** Everything above is the compiler's (scripts/build-kernel.ts puts its data there). */
export const MEMORY_END: u32 = 1536 << 10;

// state block: i32 indexes
const S_STOP: u32 = 0; // why scan() returned: STOP_END, STOP_LINE, STOP_FULL
const S_LINE_END: u32 = 1; // STOP_LINE: the line's '\n'
const S_RECORDS: u32 = 2;
const S_LINES: u32 = 3;
const S_ENTRIES: u32 = 4;
const S_HAS_TIME: u32 = 5;
const S_FIRST: u32 = 6;
const S_LAST: u32 = 7;
const S_SWEPT: u32 = 8; // the handshake tracker's sweep point; SWEPT_NONE before any
const S_HEADER_DAY: u32 = 9;
const S_CODES: u32 = 10; // triples in the table

const STOP_END: i32 = 0;
const STOP_LINE: i32 = 1;
const STOP_FULL: i32 = 2;

// record kinds
const R_MINUTE: i32 = 1; // a: minute, b: entries in it
const R_JUMP: i32 = 2; // a: sec (time went back by more than the window: every sequence closes)
const R_FAILURE: i32 = 3; // a 401 or 403 entry
const R_SUCCESS: i32 = 4; // a 2xx/3xx entry from a client with a recent challenge

// column slots (value index -> slot via WANT)
const C_DATE: u32 = 1;
const C_TIME: u32 = 2;
const C_CLIENT: u32 = 3;
const C_URI: u32 = 4;
const C_USER: u32 = 5;
const C_AGENT: u32 = 6;
const C_STATUS: u32 = 7;
const C_SUB: u32 = 8;
const C_WIN32: u32 = 9;

const NO_TIME: i32 = -0x3fffffff;
const SWEPT_NONE: i32 = -0x80000000;
const MAX_LINE: u32 = 65536;

// the layout (0 values: the kernel takes no line)
let expected: i32 = 0;
let hasTime: bool = false;
let hasDate: bool = false;
let hasClient: bool = false;
let hasUri: bool = false;
let hasUser: bool = false;
let hasAgent: bool = false;
/** cs-uri (HTTP.sys logs) carries the query: the URL's hash stops at '?'. */
let uriQuery: bool = false;
let windowSec: i32 = 5;

// the value bounds of the current line per column slot: u32 [start, end) pairs
const BOUNDS: u32 = STATE + 256;

// the minute being counted
let minute: i32 = 0;
let minuteCount: i32 = 0;
// the last time and date values read, by their first 8 bytes (and the date's last 2)
let timeKey: u64 = 0;
let timeValue: i32 = -1;
let dateKey: u64 = 0;
let dateTail: u32 = 0;
let dateValue: i32 = NO_TIME;
let epoch: i32 = 1;

export function abi(): i32 {
  return ABI;
}
export function stateAt(): u32 {
  return STATE;
}
export function inputAt(): u32 {
  return IN;
}
export function inputCapacity(): u32 {
  return IN_CAP;
}
export function recordsAt(): u32 {
  return REC;
}
export function recordCapacity(): u32 {
  return REC_MAX;
}
export function codesAt(): u32 {
  return CODES;
}
export function codeSlots(): u32 {
  return CODE_SLOTS;
}
export function memoryEnd(): u32 {
  return MEMORY_END;
}

@inline function getS(i: u32): i32 {
  return load<i32>(STATE + (i << 2));
}
@inline function setS(i: u32, v: i32): void {
  store<i32>(STATE + (i << 2), v);
}

/** A fresh count (the layout is kept). */
export function reset(window: i32): void {
  memory.fill(STATE, 0, 256);
  memory.fill(CODES, 0, CODE_SLOTS * 16);
  memory.fill(CHALL, 0, CHALL_SLOTS * 8);
  setS(S_SWEPT, SWEPT_NONE);
  setS(S_HEADER_DAY, NO_TIME);
  windowSec = window;
  minute = 0;
  minuteCount = 0;
  timeKey = 0;
  timeValue = -1;
  dateKey = 0;
  dateTail = 0;
  dateValue = NO_TIME;
  epoch = 1;
}

/**
 * The columns of the lines to come: their value count and where the values the count needs sit
 * (-1: not logged). count 0 turns the kernel off (every line goes to the reader).
 */
export function layout(
  count: i32,
  date: i32,
  time: i32,
  client: i32,
  uri: i32,
  user: i32,
  agent: i32,
  status: i32,
  sub: i32,
  win32: i32,
  query: bool,
): void {
  memory.fill(WANT, 0, MAX_FIELDS);
  expected = count > 0 && count <= <i32>MAX_FIELDS && status >= 0 && sub >= 0 && win32 >= 0 ? count : 0;
  hasTime = time >= 0;
  hasDate = date >= 0;
  hasClient = client >= 0;
  hasUri = uri >= 0;
  hasUser = user >= 0;
  hasAgent = agent >= 0;
  uriQuery = query;
  want(date, C_DATE);
  want(time, C_TIME);
  want(client, C_CLIENT);
  want(uri, C_URI);
  want(user, C_USER);
  want(agent, C_AGENT);
  want(status, C_STATUS);
  want(sub, C_SUB);
  want(win32, C_WIN32);
}

function want(index: i32, slot: u32): void {
  store<u64>(BOUNDS + (slot << 3), 0);
  if (index >= 0 && index < <i32>MAX_FIELDS && load<u8>(WANT + index) == 0) store<u8>(WANT + index, <u8>slot);
}

/** A client (by the reader's 30-bit hash of its address) answered a challenge at `sec`. */
export function noteChallenge(clientKey: i32, sec: i32): void {
  const at = CHALL + ((<u32>clientKey & (CHALL_SLOTS - 1)) << 3);
  if (load<i32>(at + 4) != epoch || load<i32>(at) < sec) {
    store<i32>(at, sec);
    store<i32>(at + 4, epoch);
  }
}

/** Forget every challenger (the reader's tracker closed every sequence). */
export function forgetChallenges(): void {
  epoch++;
}

/**
 * Scans the lines that start at `from` up to `to` (whole lines only). Returns where it stopped
 * and says why in the state block: STOP_END (the rest, if any, is a line without its '\n' yet),
 * STOP_LINE (the line there is the reader's: it ends at S_LINE_END), STOP_FULL (records full).
 */
export function scan(from: u32, to: u32): u32 {
  setS(S_RECORDS, 0);
  const sep = i8x16.splat(0x20);
  const quote = i8x16.splat(0x22);
  const zero = i8x16.splat(0);
  let ls = from; // the line's first byte
  let fs = from; // the value's first byte
  let nf: u32 = 0;
  let odd = false;
  let p = from & ~15;
  let head: u32 = from - p;
  while (p < to) {
    const v = v128.load(p);
    let m = <u32>i8x16.bitmask(i8x16.le_u(v, sep));
    m |= <u32>i8x16.bitmask(v128.or(i8x16.lt_s(v, zero), i8x16.eq(v, quote)));
    if (head != 0) {
      m &= ~((<u32>1 << head) - 1);
      head = 0;
    }
    if (p + 16 > to) m &= (<u32>1 << (to - p)) - 1;
    while (m != 0) {
      const at = p + ctz(m);
      m &= m - 1;
      const c = load<u8>(at);
      if (c == 0x20) {
        if (at > fs) {
          if (nf < MAX_FIELDS) value(nf, fs, at);
          nf++;
        }
        fs = at + 1;
      } else if (c == 0x0a) {
        let e = at;
        if (e > fs && load<u8>(e - 1) == 0x0d) e--;
        if (e > fs) {
          if (nf < MAX_FIELDS) value(nf, fs, e);
          nf++;
        }
        if (odd || nf != <u32>expected || load<u8>(ls) == 0x23 || e - ls > MAX_LINE || !entry(ls)) {
          flushMinute();
          setS(S_STOP, STOP_LINE);
          setS(S_LINE_END, at);
          return ls;
        }
        ls = at + 1;
        fs = ls;
        nf = 0;
        if (<u32>getS(S_RECORDS) + 3 > REC_MAX) {
          flushMinute();
          setS(S_STOP, STOP_FULL);
          return ls;
        }
      } else if (c == 0x0d && load<u8>(at + 1) == 0x0a && at + 1 < to) {
        // the CR of a CRLF: the LF ends the line (and the value) next
      } else odd = true; // a tab, a control byte, a byte over 0x7f or a quote
    }
    p += 16;
  }
  flushMinute();
  setS(S_STOP, STOP_END);
  return ls;
}

@inline function start(slot: u32): u32 {
  return load<u32>(BOUNDS + (slot << 3));
}
@inline function end(slot: u32): u32 {
  return load<u32>(BOUNDS + (slot << 3) + 4);
}

@inline function value(index: u32, s: u32, e: u32): void {
  const slot = <u32>load<u8>(WANT + index);
  if (slot != 0) {
    store<u32>(BOUNDS + (slot << 3), s);
    store<u32>(BOUNDS + (slot << 3) + 4, e);
  }
}

/** Digits only, at most 10 of them: the number, else -1 (the reader reads anything else). */
@inline function plainNumber(slot: u32): i64 {
  const s = start(slot);
  const e = end(slot);
  if (e <= s || e - s > 10) return -1;
  let v: i64 = 0;
  for (let i = s; i < e; i++) {
    const d = <i32>load<u8>(i) - 48;
    if (<u32>d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

@inline function digits2(at: u32): i32 {
  const a = <i32>load<u8>(at) - 48;
  const b = <i32>load<u8>(at + 1) - 48;
  return <u32>a > 9 || <u32>b > 9 ? -1 : a * 10 + b;
}

/** Seconds of the day of an 'HH:MM:SS[...]' value (as readTimeOfDay), else -1. */
function timeOfDay(): i32 {
  const s = start(C_TIME);
  const e = end(C_TIME);
  if (e - s < 8) return -1;
  const key = load<u64>(s);
  if (key == timeKey) return timeValue;
  timeKey = key;
  let t: i32 = -1;
  if (load<u8>(s + 2) == 0x3a && load<u8>(s + 5) == 0x3a) {
    const h = digits2(s);
    const m = digits2(s + 3);
    const sec = digits2(s + 6);
    if (h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 60) t = h * 3600 + m * 60 + sec;
  }
  timeValue = t;
  return t;
}

/** Days since 2000-01-01 of a 'YYYY-MM-DD' value (as readDateKey + dayOf), else NO_TIME. */
function dayOfDate(): i32 {
  const s = start(C_DATE);
  const e = end(C_DATE);
  if (e - s != 10) return NO_TIME;
  const key = load<u64>(s);
  const tail = <u32>load<u16>(s + 8);
  if (key == dateKey && tail == dateTail) return dateValue;
  dateKey = key;
  dateTail = tail;
  let day = NO_TIME;
  if (load<u8>(s + 4) == 0x2d && load<u8>(s + 7) == 0x2d) {
    const y1 = digits2(s);
    const y2 = digits2(s + 2);
    const m = digits2(s + 5);
    const d = digits2(s + 8);
    if (y1 >= 0 && y2 >= 0) {
      const y = y1 * 100 + y2;
      if (y >= 1966 && y <= 2033 && m >= 1 && m <= 12 && d >= 1 && d <= 31) day = daysFromCivil(y, m) + d - 1;
    }
  }
  dateValue = day;
  return day;
}

/** Days from 2000-01-01 to the first of month `m` of year `y` (proleptic Gregorian). */
function daysFromCivil(y: i32, m: i32): i32 {
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = (153 * mp + 2) / 5;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 - 10957;
}

/** The reader's hashBytes (FNV-1a, 30 bits) of the client address: the challenger key. */
function clientKey(): i32 {
  if (!hasClient) return 0;
  const s = start(C_CLIENT);
  const e = end(C_CLIENT);
  let h: u32 = 0x811c9dc5;
  for (let i = s; i < e; i++) h = (h ^ <u32>load<u8>(i)) * 0x01000193;
  return <i32>(h & 0x3fffffff);
}

function flushMinute(): void {
  if (minuteCount == 0) return;
  record(R_MINUTE, minute, minuteCount);
  minuteCount = 0;
}

/** The reader's hashValue: FNV-style over two 32-bit lanes, 52 bits exact in a double. */
function hash52(s: u32, e: u32): f64 {
  let h1: u32 = 0x811c9dc5;
  let h2: u32 = 0x01000193;
  for (let i = s; i < e; i++) {
    const c = <u32>load<u8>(i);
    h1 = (h1 ^ c) * 0x01000193;
    h2 = (h2 ^ c) * 0x5bd1e995;
  }
  return <f64>h1 * 1048576.0 + <f64>(h2 >>> 12);
}

/** hash52 of a column's value; 0 when the layout does not log it (as the reader's hashAt). */
@inline function hashOf(slot: u32, present: bool): f64 {
  return present ? hash52(start(slot), end(slot)) : 0;
}

// combine's two lanes
let m1: u32 = 0;
let m2: u32 = 0;

/** One 52-bit hash into the lanes: its low 26 bits, then the rest (as the reader's mixWord). */
@inline function mix(h: f64): void {
  const x = <u64>h;
  const lo = <u32>(x & 0x3ffffff);
  const hi = <u32>(x >> 26);
  m1 = (((m1 ^ lo) * 0x01000193) ^ hi) * 0x01000193;
  m2 = (((m2 ^ lo) * 0x5bd1e995) ^ hi) * 0x5bd1e995;
}

/** The reader's combineHashes of client, URL and user agent (the handshake's key). */
function combine(a: f64, b: f64, c: f64): f64 {
  m1 = 0x811c9dc5;
  m2 = 0x01000193;
  mix(a);
  mix(b);
  mix(c);
  return <f64>m1 * 1048576.0 + <f64>(m2 >>> 12);
}

/** Where the URL path ends: at a '?' of cs-uri, else the value's end. */
function uriEnd(): u32 {
  const s = start(C_URI);
  const e = end(C_URI);
  if (!uriQuery) return e;
  for (let i = s; i < e; i++) if (load<u8>(i) == 0x3f) return i;
  return e;
}

@inline function record(kind: i32, a: i32, b: i32): u32 {
  const n = <u32>getS(S_RECORDS);
  setS(S_RECORDS, <i32>n + 1);
  const at = REC + n * (REC_INTS << 2);
  store<i32>(at, kind);
  store<i32>(at + 4, a);
  store<i32>(at + 8, b);
  return at;
}

/** A record of an entry for the reader: its numbers and where its values are. */
function entryRecord(kind: i32, sec: i32, status: i32, sub: i32, win32: u32, swept: i32, ls: u32): void {
  const at = record(kind, sec, status);
  store<i32>(at + 12, sub);
  store<u32>(at + 16, win32);
  store<i32>(at + 20, swept);
  store<u32>(at + 24, ls);
  store<u32>(at + 28, start(C_CLIENT));
  store<u32>(at + 32, end(C_CLIENT));
  store<u32>(at + 36, start(C_URI));
  store<u32>(at + 40, end(C_URI));
  store<u32>(at + 44, start(C_USER));
  store<u32>(at + 48, end(C_USER));
  store<u32>(at + 52, start(C_AGENT));
  store<u32>(at + 56, end(C_AGENT));
  store<i32>(at + 60, clientKey());
  const hClient = hashOf(C_CLIENT, hasClient);
  const hUrl = hasUri ? hash52(start(C_URI), uriEnd()) : 0;
  const hAgent = hashOf(C_AGENT, hasAgent);
  store<f64>(at + 64, hClient);
  store<f64>(at + 72, hUrl);
  store<f64>(at + 80, hAgent);
  // the user's hash only for a user name ('-' is anonymous)
  const us = start(C_USER);
  const ue = end(C_USER);
  store<f64>(at + 88, hasUser && !(ue - us == 1 && load<u8>(us) == 0x2d) ? hash52(us, ue) : 0);
  store<f64>(at + 96, combine(hClient, hUrl, hAgent));
}

/** The table slot of a code triple, or -1 when a new one would pass the limit. */
function codeSlot(status: i32, sub: i32, win32: u32): i32 {
  let h = (<u32>status * 0x9e3779b1) ^ (<u32>sub * 0x85ebca77) ^ (win32 * 0xc2b2ae3d);
  h = (h ^ (h >> 15)) & (CODE_SLOTS - 1);
  for (;;) {
    const at = CODES + (h << 4);
    const n = load<i32>(at + 12);
    if (n == 0) {
      if (<u32>getS(S_CODES) >= CODE_LIMIT) return -1;
      setS(S_CODES, getS(S_CODES) + 1);
      store<i32>(at, status);
      store<i32>(at + 4, sub);
      store<u32>(at + 8, win32);
      return <i32>at;
    }
    if (load<i32>(at) == status && load<i32>(at + 4) == sub && load<u32>(at + 8) == win32) return <i32>at;
    h = (h + 1) & (CODE_SLOTS - 1);
  }
  return -1; // not reached: the table is never full (CODE_LIMIT < CODE_SLOTS)
}

/** The sweep the handshake tracker makes at `sec`; true when time went back past the window. */
function sweep(sec: i32): bool {
  const swept = getS(S_SWEPT);
  if (swept != SWEPT_NONE && <i64>sec < <i64>swept - windowSec) {
    setS(S_SWEPT, sec);
    epoch++;
    return true;
  }
  if (swept == SWEPT_NONE || sec > swept) setS(S_SWEPT, sec);
  return false;
}

/** One line with the expected values: counts it, or false (nothing counted) to leave it. */
function entry(ls: u32): bool {
  const status64 = plainNumber(C_STATUS);
  const sub64 = plainNumber(C_SUB);
  const win64 = plainNumber(C_WIN32);
  if (status64 < 100 || status64 > 999 || sub64 < 0 || sub64 > 1023 || win64 < 0 || win64 > 0xffffffff)
    return false;
  const status = <i32>status64;
  const sub = <i32>sub64;
  const win32 = <u32>win64;
  const slot = codeSlot(status, sub, win32);
  if (slot < 0) return false;
  store<i32>(slot + 12, load<i32>(slot + 12) + 1);
  setS(S_LINES, getS(S_LINES) + 1);
  setS(S_ENTRIES, getS(S_ENTRIES) + 1);
  let sec = NO_TIME;
  if (hasTime) {
    const tod = timeOfDay();
    const day = hasDate ? dayOfDate() : getS(S_HEADER_DAY);
    if (tod >= 0 && day != NO_TIME) sec = day * 86400 + tod;
  }
  if (sec != NO_TIME) {
    if (getS(S_HAS_TIME) == 0) {
      setS(S_HAS_TIME, 1);
      setS(S_FIRST, sec);
      setS(S_LAST, sec);
    } else {
      if (sec < getS(S_FIRST)) setS(S_FIRST, sec);
      if (sec > getS(S_LAST)) setS(S_LAST, sec);
    }
    const m = sec >= 0 ? sec / 60 : -((59 - sec) / 60);
    if (m != minute) {
      flushMinute();
      minute = m;
    }
    minuteCount++;
  }
  const swept = getS(S_SWEPT);
  if (status == 401 || status == 403) {
    entryRecord(R_FAILURE, sec, status, sub, win32, swept, ls);
    if (status == 401 && (sub == 1 || sub == 2) && sec != NO_TIME) {
      sweep(sec);
      noteChallenge(clientKey(), sec);
    }
  } else if (status >= 200 && status < 400) {
    if (sec == NO_TIME) return true;
    const jumped = sweep(sec);
    const at = CHALL + ((<u32>clientKey() & (CHALL_SLOTS - 1)) << 3);
    if (load<i32>(at + 4) == epoch && <i64>load<i32>(at) >= <i64>getS(S_SWEPT) - windowSec)
      entryRecord(R_SUCCESS, sec, status, sub, win32, swept, ls);
    else if (jumped) record(R_JUMP, sec, 0);
  } else if (sec != NO_TIME && sweep(sec)) record(R_JUMP, sec, 0);
  return true;
}
