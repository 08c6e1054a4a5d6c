// The scan kernel (AssemblyScript, compiled to WebAssembly by scripts/build-kernel.ts): the
// reader's hot path for plain lines and the whole of the scan's tally, driven by W3cReader
// (reader.ts) through Tally (tally.ts). Lines are split 16 bytes a step with SIMD.
//
// The kernel takes only lines it can read exactly as the reader would: ASCII without quotes or
// control bytes (a CR before the LF aside), the value count #Fields names, a status triple of
// plain numbers. Any other line (a directive, a line to repair, anything odd) stops the scan: the
// reader reads it and hands the entry back (entryFromReader), so every entry is counted here, in
// line order. The reader reads the counts at the end.

import { codesReset } from './codes';
import { clientsReset } from './clients';
import { finish as finishTracker, trackerReset } from './handshakes';
import { NOT_LOGGED, WANT, countsReset, getS, setBounds, setS } from './memory';
import {
  ABI,
  C_AGENT,
  C_CLIENT,
  C_DATE,
  C_STATUS,
  C_SUB,
  C_TIME,
  C_URI,
  C_USER,
  C_WIN32,
  MAX_FIELDS,
  MAX_LINE,
  NO_TIME,
  STOP_END,
  STOP_LINE,
  S_HEADER_DAY,
  S_LINES,
  S_LINE_END,
  S_STOP,
  STATE_AT,
} from './shared';
import * as tally from './tally';
import { listsReset } from './topk';
import { entrySec, plainNumber, valuesReset } from './values';

export { codesUsed, codeAt } from './codes';
export { clientsUsed, clientAt } from './clients';
export { detailCount, detailAt } from './tally';
export { timelineAt, timelineCapacity, timelineLost } from './timeline';
export { listSize, listRows, listDropped, listLabels } from './topk';

// the layout of the kernel's own lines (0 values: it takes none) and its column bits
let expected: i32 = 0;
let layoutColumns: i32 = 0;

/** The interface version (kernel-abi.ts ABI): the TypeScript side refuses another. */
export function abi(): i32 {
  return ABI;
}

/** A fresh count. */
export function reset(): void {
  memory.fill(STATE_AT, 0, 256);
  countsReset();
  setS(S_HEADER_DAY, NO_TIME);
  codesReset();
  clientsReset();
  listsReset();
  trackerReset();
  tally.tallyReset();
  valuesReset();
}

/**
 * The columns of the lines to come: their value count and where the values the count needs sit
 * (-1: not logged), and the same as column bits (HAS_*, URI_QUERY). A count of 0, or a status
 * triple not all logged, turns the kernel's own reading off (the reader hands over every entry).
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
  columns: i32,
): void {
  memory.fill(WANT, 0, MAX_FIELDS);
  expected =
    count > 0 && count <= <i32>MAX_FIELDS && status >= 0 && sub >= 0 && win32 >= 0 ? count : 0;
  layoutColumns = columns;
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
  setBounds(slot, 0, 0);
  if (index >= 0 && index < <i32>MAX_FIELDS && load<u8>(WANT + index) == 0)
    store<u8>(WANT + index, <u8>slot);
}

export function finish(): void {
  finishTracker();
}
/** The entries-per-minute runs so far into their table (before the reader reads the counts). */
export function flush(): void {
  tally.flushMinutes();
}

function asCode(v: f64): i64 {
  return isNaN(v) ? NOT_LOGGED : <i64>v;
}

/**
 * An entry the reader read itself, its values' bounds already in BOUNDS (in the input, or in
 * SCRATCH): `columns` says which exist (HAS_* bits, URI_QUERY: the URL carries its query),
 * utf8 1 when its values are UTF-8.
 */
export function entryFromReader(status: f64, sub: f64, win32: f64, utf8: i32, columns: i32): void {
  tally.setColumns(columns);
  tally.entry(asCode(status), asCode(sub), asCode(win32), entrySec(columns), utf8);
}

/**
 * Scans the lines that start at `from` up to `to` (whole lines only). Returns where it stopped
 * and says why in the state block: STOP_END (the rest, if any, is a line without its '\n' yet),
 * STOP_LINE (the line there is the reader's: it ends at S_LINE_END).
 */
export function scan(from: u32, to: u32): u32 {
  tally.setColumns(layoutColumns);
  let ls = from; // the line's first byte
  let fs = from; // the value's first byte
  let nf: u32 = 0;
  let odd = false;
  // 64 bytes a step: fewer turns of the loop over their separators than 16 at a time
  let p = from & ~63;
  let head: u32 = from - p;
  while (p < to) {
    let m =
      separators(p) |
      (separators(p + 16) << 16) |
      (separators(p + 32) << 32) |
      (separators(p + 48) << 48);
    if (head != 0) {
      m &= ~(((<u64>1) << head) - 1);
      head = 0;
    }
    if (p + 64 > to) m &= ((<u64>1) << (to - p)) - 1;
    while (m != 0) {
      const at = p + <u32>ctz(m);
      m &= m - 1;
      const c = load<u8>(at);
      if (c == 0x20) {
        // without branches: an unwanted value goes to slot 0 (a dummy), an empty one (a run
        // of spaces) is overwritten by the next
        setBounds(<u32>load<u8>(WANT + min(nf, <u32>MAX_FIELDS - 1)), fs, at);
        nf += select<u32>(1, 0, at > fs);
        fs = at + 1;
      } else if (c == 0x0a) {
        let e = at;
        if (e > fs && load<u8>(e - 1) == 0x0d) e--;
        if (e > fs) {
          if (nf < <u32>MAX_FIELDS) value(nf, fs, e);
          nf++;
        }
        if (
          odd ||
          nf != <u32>expected ||
          load<u8>(ls) == 0x23 ||
          e - ls > <u32>MAX_LINE ||
          !entry()
        ) {
          setS(S_STOP, STOP_LINE);
          setS(S_LINE_END, at);
          return ls;
        }
        setS(S_LINES, getS(S_LINES) + 1);
        ls = at + 1;
        fs = ls;
        nf = 0;
      } else if (c == 0x0d && load<u8>(at + 1) == 0x0a && at + 1 < to) {
        // the CR of a CRLF: the LF ends the line (and the value) next
      } else odd = true; // a tab, a control byte, a byte over 0x7f or a quote
    }
    p += 64;
  }
  setS(S_STOP, STOP_END);
  return ls;
}

/** The bytes at p..p+15 that end a value or are odd (<= 0x20, over 0x7f, '"'), as bits. */
function separators(p: u32): u64 {
  const v = v128.load(p);
  const m = v128.or(
    i8x16.le_u(v, i8x16.splat(0x20)),
    v128.or(i8x16.lt_s(v, i8x16.splat(0)), i8x16.eq(v, i8x16.splat(0x22))),
  );
  return <u64>i8x16.bitmask(m);
}

function value(index: u32, s: u32, e: u32): void {
  const slot = <u32>load<u8>(WANT + index);
  if (slot != 0) setBounds(slot, s, e);
}

/** The kernel's own line with the expected values: counted, or false (nothing counted) to leave it. */
function entry(): bool {
  const status = plainNumber(C_STATUS);
  const sub = plainNumber(C_SUB);
  const win32 = plainNumber(C_WIN32);
  if (status < 100 || status > 999 || sub < 0 || sub > 1023 || win32 < 0 || win32 > 0xffffffff)
    return false;
  tally.entry(status, sub, win32, entrySec(layoutColumns), 0);
  return true;
}
