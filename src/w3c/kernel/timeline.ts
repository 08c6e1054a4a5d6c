// The per-minute table: counts per (minute, class), for the scan's entries per minute and its
// pictures (src/w3c/timeline.ts). A class is entries (T_ENTRIES, T_401), a kind of handshake leg
// (T_NORMAL and the rest of shared.ts) or, from T_CODE on, the code triple of an entry with an
// error status (T_CODE + its id). An open-addressing table of 16-byte rows (minute i32, class
// i32, count f64; class 0: free) that doubles up to TIMELINE_ROWS rows; past that a new
// (minute, class) is dropped and counted in `timelineDropped`.

import { alloc, regrow } from './memory';
import { TIMELINE_ROWS } from './shared';

const ROW: u32 = 16;

let table: u32 = 0;
let cap: u32 = 0;
let used: u32 = 0;
export let timelineDropped: f64 = 0;
// the last row found (entries come in runs of one minute and class)
let lastRow: u32 = 0;
let lastMinute: i32 = 0;
let lastClass: i32 = 0;

export function timelineReset(): void {
  cap = 256;
  table = alloc(cap * ROW);
  used = 0;
  timelineDropped = 0;
  lastRow = 0;
}

function hashOf(minute: i32, cls: i32): u32 {
  let h = <u64>(<u32>minute) * 0x9e3779b97f4a7c15;
  h ^= <u64>(<u32>cls) * 0xc2b2ae3d27d4eb4f;
  return (<u32>(h >> 32)) ^ (<u32>h);
}

/** `n` more of `cls` in `minute`. */
export function timelineAdd(minute: i32, cls: i32, n: f64 = 1): void {
  if (lastRow != 0 && minute == lastMinute && cls == lastClass) {
    store<f64>(lastRow + 8, load<f64>(lastRow + 8) + n);
    return;
  }
  const mask = cap - 1;
  let i = hashOf(minute, cls) & mask;
  for (;;) {
    const at = table + i * ROW;
    const c = load<i32>(at + 4);
    if (c == 0) {
      if (used >= <u32>TIMELINE_ROWS) {
        timelineDropped += n;
        return;
      }
      if ((used + 1) * 4 > cap * 3) {
        grow();
        timelineAdd(minute, cls, n);
        return;
      }
      used++;
      store<i32>(at, minute);
      store<i32>(at + 4, cls);
      store<f64>(at + 8, n);
      remember(at, minute, cls);
      return;
    }
    if (c == cls && load<i32>(at) == minute) {
      store<f64>(at + 8, load<f64>(at + 8) + n);
      remember(at, minute, cls);
      return;
    }
    i = (i + 1) & mask;
  }
}

function remember(at: u32, minute: i32, cls: i32): void {
  lastRow = at;
  lastMinute = minute;
  lastClass = cls;
}

function home(at: u32): u32 {
  return hashOf(load<i32>(at), load<i32>(at + 4));
}

function grow(): void {
  // a row's class (never 0 in use) marks it used
  table = regrow(table, cap, ROW, 4, 0, home);
  cap <<= 1;
  lastRow = 0;
}

// read by the TypeScript side at the end (src/w3c/kernel-tables.ts): every row of the table
export function timelineAt(): u32 {
  return table;
}
export function timelineCapacity(): u32 {
  return cap;
}
export function timelineLost(): f64 {
  return timelineDropped;
}
