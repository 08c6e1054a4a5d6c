// Capped top lists (top-k.ts, row for row): rows in first-seen order, found by their 52-bit key
// through an open-addressing index; past PRUNE_AT x capacity rows the heaviest `capacity` are
// kept (a stable sort by count). Each row's label (the value's bytes) is kept in the list's
// arena, compacted at each prune: the reader makes strings only of the rows a list ends with.

import { alloc, PERM, PERM_TMP } from './memory';

const PRUNE_AT: i32 = 16;
const FIRST_ROWS: i32 = 64;
export const MAX_LISTS: i32 = 256;

// list descriptor
const L_SIZE: u32 = 0;
const L_ROWS: u32 = 4;
const L_KEYS: u32 = 8;
const L_COUNTS: u32 = 12;
const L_INDEX: u32 = 16;
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

export function listsReset(): void {
  lists = alloc(<u32>MAX_LISTS * LIST_BYTES);
  nLists = 0;
}

@inline function desc(list: i32): u32 {
  return lists + <u32>list * LIST_BYTES;
}

/** A new list keeping `capacity` rows (createTop). */
export function newList(capacity: i32): i32 {
  const id = nLists++;
  const d = desc(id);
  store<i32>(d + L_CAPACITY, capacity);
  setRows(d, FIRST_ROWS);
  return id;
}

/** Room for `rows` rows (at least the rows held), the index rebuilt. */
function setRows(d: u32, rows: i32): void {
  const n = load<i32>(d + L_SIZE);
  const keys = alloc(<u32>rows << 3);
  const counts = alloc(<u32>rows << 3);
  const labels = alloc(<u32>rows << 3);
  if (n > 0) {
    memory.copy(keys, load<u32>(d + L_KEYS), <u32>n << 3);
    memory.copy(counts, load<u32>(d + L_COUNTS), <u32>n << 3);
    memory.copy(labels, load<u32>(d + L_LABELS), <u32>n << 3);
  }
  store<u32>(d + L_KEYS, keys);
  store<u32>(d + L_COUNTS, counts);
  store<u32>(d + L_LABELS, labels);
  store<i32>(d + L_ROWS, rows);
  let slots = 2;
  while (slots < rows * 2) slots <<= 1;
  store<u32>(d + L_INDEX, alloc(<u32>slots << 2));
  store<u32>(d + L_MASK, <u32>slots - 1);
  reindex(d);
}

function reindex(d: u32): void {
  const index = load<u32>(d + L_INDEX);
  const mask = load<u32>(d + L_MASK);
  memory.fill(index, 0, (mask + 1) << 2);
  const keys = load<u32>(d + L_KEYS);
  const n = load<i32>(d + L_SIZE);
  for (let r = 0; r < n; r++) {
    let i = slotHash(load<f64>(keys + (<u32>r << 3))) & mask;
    while (load<i32>(index + (i << 2)) != 0) i = (i + 1) & mask;
    store<i32>(index + (i << 2), r + 1);
  }
}

@inline function slotHash(key: f64): u32 {
  const x = <u64>key;
  return <u32>(x ^ (x >> 27));
}

/**
 * Counts `key` once (bumpTop); a new row keeps its label (the value at [s, e)) in the arena.
 * Prunes when the list is full.
 */
export function bump(list: i32, key: f64, s: u32, e: u32, utf8: i32): void {
  const d = desc(list);
  let index = load<u32>(d + L_INDEX);
  let mask = load<u32>(d + L_MASK);
  let keys = load<u32>(d + L_KEYS);
  let i = slotHash(key) & mask;
  for (;;) {
    const r = load<i32>(index + (i << 2));
    if (r == 0) break;
    if (load<f64>(keys + (<u32>(r - 1) << 3)) == key) {
      const c = load<u32>(d + L_COUNTS) + (<u32>(r - 1) << 3);
      store<f64>(c, load<f64>(c) + 1);
      return;
    }
    i = (i + 1) & mask;
  }
  const size = load<i32>(d + L_SIZE);
  if (size == load<i32>(d + L_ROWS)) {
    setRows(d, max(FIRST_ROWS, size * 2));
    index = load<u32>(d + L_INDEX);
    mask = load<u32>(d + L_MASK);
    keys = load<u32>(d + L_KEYS);
    i = slotHash(key) & mask;
    while (load<i32>(index + (i << 2)) != 0) i = (i + 1) & mask;
  }
  store<f64>(keys + (<u32>size << 3), key);
  store<f64>(load<u32>(d + L_COUNTS) + (<u32>size << 3), 1);
  store<i32>(index + (i << 2), size + 1);
  store<i32>(d + L_SIZE, size + 1);
  keepLabel(d, size, s, e - s, utf8 != 0);
  if (size + 1 >= load<i32>(d + L_CAPACITY) * PRUNE_AT) prune(d);
}

/** Row `row`'s label: `len` bytes from `from`, copied to the end of the arena (grown if full). */
function keepLabel(d: u32, row: i32, from: u32, len: u32, utf8: bool): void {
  let used = load<u32>(d + L_ARENA_USED);
  let arena = load<u32>(d + L_ARENA);
  const cap = load<u32>(d + L_ARENA_CAP);
  if (used + len > cap) {
    const bigger = max(max(cap << 1, used + len), 4096);
    const at = alloc(bigger);
    memory.copy(at, arena, used);
    // the labels move with their arena
    const labels = load<u32>(d + L_LABELS);
    for (let r: u32 = 0; r < <u32>row; r++) store<u32>(labels + (r << 3), load<u32>(labels + (r << 3)) - arena + at);
    arena = at;
    store<u32>(d + L_ARENA, at);
    store<u32>(d + L_ARENA_CAP, bigger);
  }
  const to = arena + used;
  copyBytes(to, from, len);
  const ref = load<u32>(d + L_LABELS) + (<u32>row << 3);
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
  const keys = load<u32>(d + L_KEYS);
  const counts = load<u32>(d + L_COUNTS);
  for (let r = 0; r < n; r++) store<i32>(PERM + (<u32>r << 2), r);
  sortByCount(counts, n);
  const kept = min(n, load<i32>(d + L_CAPACITY));
  let dropped = load<f64>(d + L_DROPPED);
  for (let r = kept; r < n; r++) dropped += load<f64>(counts + (<u32>load<i32>(PERM + (<u32>r << 2)) << 3));
  store<f64>(d + L_DROPPED, dropped);
  // the kept rows in their new order, through the spare half of PERM_TMP
  const tmp = PERM_TMP;
  for (let r = 0; r < kept; r++) {
    const from = <u32>load<i32>(PERM + (<u32>r << 2));
    store<f64>(tmp + (<u32>r << 4), load<f64>(keys + (from << 3)));
    store<f64>(tmp + (<u32>r << 4) + 8, load<f64>(counts + (from << 3)));
  }
  for (let r = 0; r < kept; r++) {
    store<f64>(keys + (<u32>r << 3), load<f64>(tmp + (<u32>r << 4)));
    store<f64>(counts + (<u32>r << 3), load<f64>(tmp + (<u32>r << 4) + 8));
  }
  // the kept labels, in their new order, compacted into the spare arena (the two swap)
  const labels = load<u32>(d + L_LABELS);
  let need: u32 = 0;
  for (let r = 0; r < kept; r++)
    need += load<u32>(labels + (<u32>load<i32>(PERM + (<u32>r << 2)) << 3) + 4) & ~UTF8_BIT;
  let spare = load<u32>(d + L_SPARE);
  let spareCap = load<u32>(d + L_SPARE_CAP);
  if (spareCap < need) {
    spareCap = max(need, load<u32>(d + L_ARENA_CAP));
    spare = alloc(spareCap);
  }
  let used: u32 = 0;
  for (let r = 0; r < kept; r++) {
    const ref = labels + (<u32>load<i32>(PERM + (<u32>r << 2)) << 3);
    const len = load<u32>(ref + 4);
    const n = len & ~UTF8_BIT;
    copyBytes(spare + used, load<u32>(ref), n);
    store<u32>(tmp + (<u32>r << 3), spare + used);
    store<u32>(tmp + (<u32>r << 3) + 4, len);
    used += n;
  }
  memory.copy(labels, tmp, <u32>kept << 3);
  store<u32>(d + L_SPARE, load<u32>(d + L_ARENA));
  store<u32>(d + L_SPARE_CAP, load<u32>(d + L_ARENA_CAP));
  store<u32>(d + L_ARENA, spare);
  store<u32>(d + L_ARENA_CAP, spareCap);
  store<u32>(d + L_ARENA_USED, used);
  store<i32>(d + L_SIZE, kept);
  reindex(d);
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
        const ra = load<i32>(src + (<u32>a << 2));
        const rb = load<i32>(src + (<u32>b << 2));
        // b goes first only when strictly heavier: equal counts keep their order
        if (load<f64>(counts + (<u32>rb << 3)) > load<f64>(counts + (<u32>ra << 3))) {
          store<i32>(dst + (<u32>o << 2), rb);
          b++;
        } else {
          store<i32>(dst + (<u32>o << 2), ra);
          a++;
        }
        o++;
      }
      for (; a < mid; a++, o++) store<i32>(dst + (<u32>o << 2), load<i32>(src + (<u32>a << 2)));
      for (; b < hi; b++, o++) store<i32>(dst + (<u32>o << 2), load<i32>(src + (<u32>b << 2)));
    }
    const t = src;
    src = dst;
    dst = t;
  }
  if (src != PERM) memory.copy(PERM, src, <u32>n << 2);
}

// for the reader's export (kernel.ts)
export function listSize(list: i32): i32 {
  return load<i32>(desc(list) + L_SIZE);
}
export function listKeys(list: i32): u32 {
  return load<u32>(desc(list) + L_KEYS);
}
export function listCounts(list: i32): u32 {
  return load<u32>(desc(list) + L_COUNTS);
}
export function listDropped(list: i32): f64 {
  return load<f64>(desc(list) + L_DROPPED);
}
/** The rows' labels: u32 address, u32 length (top bit: UTF-8), per row. */
export function listLabels(list: i32): u32 {
  return load<u32>(desc(list) + L_LABELS);
}
