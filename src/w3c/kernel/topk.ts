// Capped top lists: rows in first-seen order, found by their 52-bit key
// through an open-addressing index; past PRUNE_AT x capacity rows the heaviest `capacity` are
// kept (a stable sort by count). Each row's label (the value's bytes) is kept in the list's
// arena, compacted at each prune: the reader makes strings only of the rows a list ends with.

import { alloc, PERM, PERM_TMP } from './memory';
import { TOP_PRUNE_AT as PRUNE_AT } from './shared';

const FIRST_ROWS: i32 = 64;
export const MAX_LISTS: i32 = 256;

// list descriptor
const L_SIZE: u32 = 0;
const L_ROWS: u32 = 4;
const L_ROW_SLOT: u32 = 8; // u32 per row: its slot in the index (rows in first-seen order)
const L_INDEX: u32 = 16; // slots of (key f64, count f64): a hit reads and writes one place
const L_MASK: u32 = 20;
const L_CAPACITY: u32 = 24;
const L_DROPPED: u32 = 32;
const L_LABELS: u32 = 40; // u32 per row x 2: the label's address, its length (top bit: UTF-8)
const L_ARENA: u32 = 44; // the labels' bytes, and a spare arena the next prune compacts into
const L_ARENA_CAP: u32 = 48;
const L_ARENA_USED: u32 = 52;
const L_SPARE: u32 = 56;
const L_SPARE_CAP: u32 = 60;
const LIST_BYTES: u32 = 64;
const UTF8_BIT: u32 = 0x80000000;

let lists: u32 = 0;
let nLists: i32 = 0;
/** Rows' counts in row order (a prune's sort) and keys then counts (an export): 2,048 rows. */
let rowScratch: u32 = 0;

export function listsReset(): void {
  lists = alloc(<u32>MAX_LISTS * LIST_BYTES);
  nLists = 0;
  rowScratch = 0;
}

function desc(list: i32): u32 {
  return lists + <u32>list * LIST_BYTES;
}

/** A new list keeping `capacity` rows. */
export function newList(capacity: i32): i32 {
  const id = nLists++;
  const d = desc(id);
  store<i32>(d + L_CAPACITY, capacity);
  setRows(d, FIRST_ROWS);
  return id;
}

function slotHash(key: f64): u32 {
  const x = <u64>key;
  return <u32>(x ^ (x >> 27));
}

/** The slot of `key`, or of the free place where it would go (count 0). */
function find(index: u32, mask: u32, key: f64): u32 {
  let i = slotHash(key) & mask;
  for (;;) {
    const at = index + (i << 4);
    if (load<f64>(at + 8) == 0 || load<f64>(at) == key) return at;
    i = (i + 1) & mask;
  }
  return 0;
}

/** Room for `rows` rows (at least the rows held): the row arrays and the index made again. */
function setRows(d: u32, rows: i32): void {
  const n = load<i32>(d + L_SIZE);
  const rowSlot = alloc((<u32>rows) << 2);
  const labels = alloc((<u32>rows) << 3);
  let slots: u32 = 2;
  while (slots < <u32>rows * 2) slots <<= 1;
  const index = alloc(slots << 4);
  const mask = slots - 1;
  if (n > 0) {
    memory.copy(labels, load<u32>(d + L_LABELS), (<u32>n) << 3);
    const old = load<u32>(d + L_ROW_SLOT);
    for (let r: u32 = 0; r < <u32>n; r++) {
      const from = load<u32>(old + (r << 2));
      const to = find(index, mask, load<f64>(from));
      store<f64>(to, load<f64>(from));
      store<f64>(to + 8, load<f64>(from + 8));
      store<u32>(rowSlot + (r << 2), to);
    }
  }
  store<u32>(d + L_ROW_SLOT, rowSlot);
  store<u32>(d + L_LABELS, labels);
  store<i32>(d + L_ROWS, rows);
  store<u32>(d + L_INDEX, index);
  store<u32>(d + L_MASK, mask);
}

/**
 * Counts `key` once; a new row keeps its label (the value at [s, e)) in the arena.
 * Prunes when the list is full.
 */
export function bump(list: i32, key: f64, s: u32, e: u32, utf8: i32): void {
  const d = desc(list);
  let at = find(load<u32>(d + L_INDEX), load<u32>(d + L_MASK), key);
  const count = load<f64>(at + 8);
  if (count != 0) {
    store<f64>(at + 8, count + 1);
    return;
  }
  const size = load<i32>(d + L_SIZE);
  if (size == load<i32>(d + L_ROWS)) {
    setRows(d, max(FIRST_ROWS, size * 2));
    at = find(load<u32>(d + L_INDEX), load<u32>(d + L_MASK), key);
  }
  store<f64>(at, key);
  store<f64>(at + 8, 1);
  store<u32>(load<u32>(d + L_ROW_SLOT) + ((<u32>size) << 2), at);
  store<i32>(d + L_SIZE, size + 1);
  keepLabel(d, size, s, e - s, utf8 != 0);
  if (size + 1 >= load<i32>(d + L_CAPACITY) * PRUNE_AT) prune(d);
}

/** Row `row`'s label: `len` bytes from `from`, copied to the end of the arena (grown if full). */
function keepLabel(d: u32, row: i32, from: u32, len: u32, utf8: bool): void {
  const used = load<u32>(d + L_ARENA_USED);
  let arena = load<u32>(d + L_ARENA);
  const cap = load<u32>(d + L_ARENA_CAP);
  if (used + len > cap) {
    const bigger = max(max(cap << 1, used + len), 4096);
    const at = alloc(bigger);
    memory.copy(at, arena, used);
    // the labels move with their arena
    const labels = load<u32>(d + L_LABELS);
    for (let r: u32 = 0; r < <u32>row; r++)
      store<u32>(labels + (r << 3), load<u32>(labels + (r << 3)) - arena + at);
    arena = at;
    store<u32>(d + L_ARENA, at);
    store<u32>(d + L_ARENA_CAP, bigger);
  }
  const to = arena + used;
  copyBytes(to, from, len);
  const ref = load<u32>(d + L_LABELS) + ((<u32>row) << 3);
  store<u32>(ref, to);
  store<u32>(ref + 4, len | (utf8 ? UTF8_BIT : 0));
  store<u32>(d + L_ARENA_USED, used + len);
}

function copyBytes(to: u32, from: u32, len: u32): void {
  let i: u32 = 0;
  for (; i + 8 <= len; i += 8) store<u64>(to + i, load<u64>(from + i));
  for (; i < len; i++) store<u8>(to + i, load<u8>(from + i));
}

/** Keeps the `capacity` heaviest rows, heaviest first (ties in first-seen order). */
function prune(d: u32): void {
  const n = load<i32>(d + L_SIZE);
  const rowSlot = load<u32>(d + L_ROW_SLOT);
  if (rowScratch == 0) rowScratch = alloc(2048 << 4);
  const counts = rowScratch;
  for (let r = 0; r < n; r++) {
    store<i32>(PERM + ((<u32>r) << 2), r);
    store<f64>(counts + ((<u32>r) << 3), load<f64>(load<u32>(rowSlot + ((<u32>r) << 2)) + 8));
  }
  sortByCount(counts, n);
  const kept = min(n, load<i32>(d + L_CAPACITY));
  let dropped = load<f64>(d + L_DROPPED);
  for (let r = kept; r < n; r++)
    dropped += load<f64>(counts + ((<u32>load<i32>(PERM + ((<u32>r) << 2))) << 3));
  store<f64>(d + L_DROPPED, dropped);
  // the kept rows' keys and counts, in their new order, through the scratch's second half
  const kc = rowScratch + (2048 << 3);
  for (let r = 0; r < kept; r++) {
    const from = load<u32>(rowSlot + ((<u32>load<i32>(PERM + ((<u32>r) << 2))) << 2));
    store<f64>(kc + ((<u32>r) << 4), load<f64>(from));
    store<f64>(kc + ((<u32>r) << 4) + 8, load<f64>(from + 8));
  }
  const index = load<u32>(d + L_INDEX);
  const mask = load<u32>(d + L_MASK);
  memory.fill(index, 0, (mask + 1) << 4);
  for (let r = 0; r < kept; r++) {
    const key = load<f64>(kc + ((<u32>r) << 4));
    const at = find(index, mask, key);
    store<f64>(at, key);
    store<f64>(at + 8, load<f64>(kc + ((<u32>r) << 4) + 8));
    store<u32>(rowSlot + ((<u32>r) << 2), at);
  }
  // the kept labels, in their new order, compacted into the spare arena (the two swap)
  const tmp = PERM_TMP;
  const labels = load<u32>(d + L_LABELS);
  let need: u32 = 0;
  for (let r = 0; r < kept; r++)
    need += load<u32>(labels + ((<u32>load<i32>(PERM + ((<u32>r) << 2))) << 3) + 4) & ~UTF8_BIT;
  let spare = load<u32>(d + L_SPARE);
  let spareCap = load<u32>(d + L_SPARE_CAP);
  if (spareCap < need) {
    spareCap = max(need, load<u32>(d + L_ARENA_CAP));
    spare = alloc(spareCap);
  }
  let used: u32 = 0;
  for (let r = 0; r < kept; r++) {
    const ref = labels + ((<u32>load<i32>(PERM + ((<u32>r) << 2))) << 3);
    const len = load<u32>(ref + 4);
    const bytes = len & ~UTF8_BIT;
    copyBytes(spare + used, load<u32>(ref), bytes);
    store<u32>(tmp + ((<u32>r) << 3), spare + used);
    store<u32>(tmp + ((<u32>r) << 3) + 4, len);
    used += bytes;
  }
  memory.copy(labels, tmp, (<u32>kept) << 3);
  store<u32>(d + L_SPARE, load<u32>(d + L_ARENA));
  store<u32>(d + L_SPARE_CAP, load<u32>(d + L_ARENA_CAP));
  store<u32>(d + L_ARENA, spare);
  store<u32>(d + L_ARENA_CAP, spareCap);
  store<u32>(d + L_ARENA_USED, used);
  store<i32>(d + L_SIZE, kept);
}

/** Stable merge sort of the row numbers in PERM[0, n) by count, descending. */
function sortByCount(counts: u32, n: i32): void {
  let src = PERM;
  let dst = PERM_TMP;
  for (let width = 1; width < n; width <<= 1) {
    for (let lo = 0; lo < n; lo += width << 1) {
      const mid = min(lo + width, n);
      const hi = min(lo + (width << 1), n);
      let a = lo;
      let b = mid;
      let o = lo;
      while (a < mid && b < hi) {
        const ra = load<i32>(src + ((<u32>a) << 2));
        const rb = load<i32>(src + ((<u32>b) << 2));
        // b goes first only when strictly heavier: equal counts keep their order
        if (load<f64>(counts + ((<u32>rb) << 3)) > load<f64>(counts + ((<u32>ra) << 3))) {
          store<i32>(dst + ((<u32>o) << 2), rb);
          b++;
        } else {
          store<i32>(dst + ((<u32>o) << 2), ra);
          a++;
        }
        o++;
      }
      for (; a < mid; a++, o++) store<i32>(dst + ((<u32>o) << 2), load<i32>(src + ((<u32>a) << 2)));
      for (; b < hi; b++, o++) store<i32>(dst + ((<u32>o) << 2), load<i32>(src + ((<u32>b) << 2)));
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src != PERM) memory.copy(PERM, src, (<u32>n) << 2);
}

// read by the TypeScript side at the end (src/w3c/tally.ts)
export function listSize(list: i32): i32 {
  return load<i32>(desc(list) + L_SIZE);
}
/** The list's keys, then its counts, in row order (f64 x size each), in a scratch area. */
export function listRows(list: i32): u32 {
  const d = desc(list);
  const n = load<i32>(d + L_SIZE);
  if (rowScratch == 0) rowScratch = alloc(2048 << 4);
  const rowSlot = load<u32>(d + L_ROW_SLOT);
  for (let r = 0; r < n; r++) {
    const at = load<u32>(rowSlot + ((<u32>r) << 2));
    store<f64>(rowScratch + ((<u32>r) << 3), load<f64>(at));
    store<f64>(rowScratch + ((<u32>(n + r)) << 3), load<f64>(at + 8));
  }
  return rowScratch;
}
export function listDropped(list: i32): f64 {
  return load<f64>(desc(list) + L_DROPPED);
}
/** The rows' labels: u32 address, u32 length (top bit: UTF-8), per row. */
export function listLabels(list: i32): u32 {
  return load<u32>(desc(list) + L_LABELS);
}
