// The kernel's memory: fixed regions below MEMORY_BASE (scripts/build-kernel.ts; the reader fills and reads them through
// src/w3c/tally.ts), the compiler's data above that, and a heap after it for the tables (never freed:
// an instance lives for one scan).

export const STATE: u32 = 1024; // i32 x 64 (the S_ indexes of shared.ts)
export const BOUNDS: u32 = STATE + 256; // u32 [start, end) of the current entry's values, per column slot
export const DASH: u32 = 1536; // one '-': the client of a layout without c-ip
export const LEG_ORDERS: u32 = 1600; // i32 x 4: entries so far in each leg map (codes.ts)
export const MINUTE_RUNS: u32 = 1664; // (minute i32, count i32) x 2: the runs of kernel/minutes.ts
export const WANT: u32 = 2048; // u8 per value index (MAX_FIELDS of them): the column slot it feeds
export const PERM: u32 = 4096; // i32 x 2048: a pruned list's old row numbers, in their new order
export const PERM_TMP: u32 = 12288; // i32 x 2048: the sort's other half
export const IN: u32 = 1 << 16;
export const IN_CAP: u32 = (1 << 20) + (1 << 16); // a 1 MiB piece + a carried line of up to 64 KiB
// 64 bytes of slack after the input: 16-byte loads may read past its end
// a line the reader rewrites (its values unquoted): up to 64 KiB, and 64 bytes of slack
export const SCRATCH: u32 = IN + IN_CAP + 64;

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
