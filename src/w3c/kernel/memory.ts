// The kernel's memory: fixed regions below MEMORY_BASE (scripts/build-kernel.ts), the compiler's
// data above that, and a heap after it for the tables (never freed: an instance lives for one
// scan). The regions the reader fills and reads (src/w3c/tally.ts) are declared in kernel-abi.ts.

import { BOUNDS_AT, COUNTS_AT, N_FIRST_SEC, N_LAST_SEC, STATE_AT } from './shared';

const STATE: u32 = STATE_AT;
const BOUNDS: u32 = BOUNDS_AT;
export const DASH: u32 = 1536; // one '-': the client of a layout without c-ip
export const LEG_ORDERS: u32 = 1600; // i32 x 4: entries so far in each leg map (codes.ts)
export const MINUTE_RUNS: u32 = 1664; // (minute i32, count i32) x 2: the runs of kernel/minutes.ts
export const WANT: u32 = 2048; // u8 per value index (MAX_FIELDS of them): the column slot it feeds
export const PERM: u32 = 4096; // i32 x 2048: a pruned list's old row numbers, in their new order
export const PERM_TMP: u32 = 12288; // i32 x 2048: the sort's other half

/** The counts that are single numbers (N_ indexes, f64 each): zero, the times NaN (none yet). */
export function countsReset(): void {
  for (let i = 0; i < N_FIRST_SEC; i++) setCount(i, 0);
  for (let i = N_FIRST_SEC; i <= N_LAST_SEC; i++) setCount(i, NaN);
}
export function getCount(i: i32): f64 {
  return load<f64>(COUNTS_AT + (i << 3));
}
export function setCount(i: i32, v: f64): void {
  store<f64>(COUNTS_AT + (i << 3), v);
}
export function addCount(i: i32, n: f64): void {
  setCount(i, getCount(i) + n);
}
/** Widens the range of times [N_first, N_first + 1] to take `sec`. */
export function widen(first: i32, sec: f64): void {
  if (!(sec >= getCount(first))) setCount(first, sec);
  if (!(sec <= getCount(first + 1))) setCount(first + 1, sec);
}

export function getS(i: u32): i32 {
  return load<i32>(STATE + (i << 2));
}
export function setS(i: u32, v: i32): void {
  store<i32>(STATE + (i << 2), v);
}

let top: usize = 0;

/**
 * `bytes` of heap, 16-byte aligned, zero: the heap only grows, and memory the module has not
 * written yet is zero (as WebAssembly gives it and grows it).
 */
export function alloc(bytes: u32): u32 {
  if (top == 0) top = (__heap_base + 15) & ~15;
  const at = top;
  top = (top + bytes + 15) & ~15;
  const have = (<usize>memory.size()) << 16;
  if (top > have) {
    const pages = <i32>((top - have + 0xffff) >> 16);
    // doubled (fewer grows; the reader makes its views again when the buffer changed), else just enough
    if (memory.grow(max(pages, <i32>memory.size())) < 0 && memory.grow(pages) < 0) unreachable();
  }
  return <u32>at;
}

/**
 * An open-addressing table of `cap` records of `bytes` grown to twice the slots: each used record
 * (the i32 at `usedAt` not 0) moved to its home slot (`home`: its hash) or the next free one;
 * with `byId`, the record's address is kept at byId[the i32 at usedAt]. Returns the new table.
 */
export function regrow(
  old: u32,
  cap: u32,
  bytes: u32,
  usedAt: u32,
  byId: u32,
  home: (record: u32) => u32,
): u32 {
  const table = alloc(cap * 2 * bytes);
  const mask = cap * 2 - 1;
  for (let j: u32 = 0; j < cap; j++) {
    const from = old + j * bytes;
    const id = load<i32>(from + usedAt);
    if (id == 0) continue;
    let i = home(from) & mask;
    while (load<i32>(table + i * bytes + usedAt) != 0) i = (i + 1) & mask;
    memory.copy(table + i * bytes, from, bytes);
    if (byId != 0) store<u32>(byId + ((<u32>id) << 2), table + i * bytes);
  }
  return table;
}

/** A copy of the `bytes` at `from` in twice the room (a table grown: the heap never frees). */
export function doubled(from: u32, bytes: u32): u32 {
  const to = alloc(bytes << 1);
  memory.copy(to, from, bytes);
  return to;
}

export function start(slot: u32): u32 {
  return load<u32>(BOUNDS + (slot << 3));
}
export function end(slot: u32): u32 {
  return load<u32>(BOUNDS + (slot << 3) + 4);
}
export function setBounds(slot: u32, s: u32, e: u32): void {
  store<u32>(BOUNDS + (slot << 3), s);
  store<u32>(BOUNDS + (slot << 3) + 4, e);
}

/** A code value not logged (or not a number): the reader's NaN. */
export const NOT_LOGGED: i64 = i64.MIN_VALUE;
