/**
 * A capped counter for "top URLs / users / clients": exact while it holds fewer than
 * PRUNE_AT x `capacity` keys; past that it keeps the heaviest `capacity` keys (pruned whenever
 * it reaches that), so memory stays constant on any input. `dropped` counts what pruning threw
 * away.
 *
 * Keys are 52-bit hashes of the value's bytes (see `hashValue`), so the hot path counts without
 * making strings; a value is decoded once, when its key is first seen. Rows sit in typed arrays
 * in first-seen order, found through an open-addressing index: no boxed keys or Map entries on
 * the hot path, and a block's lists cross to the main thread as plain array copies.
 */
export interface TopCounts {
  capacity: number;
  size: number;
  keys: Float64Array;
  counts: Float64Array;
  labels: string[];
  /** Row + 1 of each key by its low bits (0 = free); a power of two, at least twice the rows. */
  index: Int32Array;
  dropped: number;
}

/**
 * 16: a list holds up to 1,600 keys (~200 KB). On the 1M-line bench file (4,267 clients) that
 * means 13 prunes instead of 218 at 4x and half the values decoded (37 k instead of 74 k); at
 * most 64 codes x 4 lists keep the worst case bounded (~50 MB).
 */
const PRUNE_AT = 16;
const FIRST_ROWS = 64;

export const createTop = (capacity: number): TopCounts => ({
  capacity,
  size: 0,
  keys: new Float64Array(FIRST_ROWS),
  counts: new Float64Array(FIRST_ROWS),
  labels: [],
  index: new Int32Array(FIRST_ROWS * 2),
  dropped: 0,
});

/** The row of `key`, or -1; `slot` is left at the index position where it is or would go. */
let slot = 0;
function find(top: TopCounts, key: number): number {
  const index = top.index;
  const mask = index.length - 1;
  const keys = top.keys;
  for (let i = key & mask; ; i = (i + 1) & mask) {
    const r = index[i]!;
    if (r === 0 || keys[r - 1] === key) {
      slot = i;
      return r - 1;
    }
  }
}

/** Counts `key` n times; returns true when the key is new (the caller then sets its label). */
export function bumpTop(top: TopCounts, key: number, n = 1): boolean {
  const row = find(top, key);
  if (row >= 0) {
    top.counts[row]! += n;
    return false;
  }
  if (top.size === top.keys.length) {
    grow(top, Math.max(FIRST_ROWS, top.size * 2));
    find(top, key);
  }
  const r = top.size++;
  top.keys[r] = key;
  top.counts[r] = n;
  top.labels.push('');
  top.index[slot] = r + 1;
  return true;
}

/** Labels the key `bumpTop` just added (the last row). */
export function labelTop(top: TopCounts, key: number, label: string): void {
  if (top.keys[top.size - 1] === key) top.labels[top.size - 1] = label;
  else {
    const row = find(top, key);
    if (row >= 0) top.labels[row] = label;
  }
  if (top.size >= top.capacity * PRUNE_AT) prune(top);
}

/** Room for `rows` rows (at least the rows held), the index rebuilt. */
function grow(top: TopCounts, rows: number): void {
  const n = top.size;
  const keys = new Float64Array(rows);
  const counts = new Float64Array(rows);
  keys.set(top.keys.subarray(0, n));
  counts.set(top.counts.subarray(0, n));
  top.keys = keys;
  top.counts = counts;
  reindex(top);
}

/** A list from rows already counted (the scan kernel's), as trimTop leaves it. */
export function topFrom(
  capacity: number,
  keys: Float64Array,
  counts: Float64Array,
  labels: string[],
  dropped: number,
): TopCounts {
  const top: TopCounts = {
    capacity,
    size: keys.length,
    keys,
    counts,
    labels,
    index: new Int32Array(2),
    dropped,
  };
  reindex(top);
  return top;
}

/** Rows cut to those held (a finished block's lists, before they are copied to the main thread). */
export function trimTop(top: TopCounts): void {
  if (top.keys.length === top.size) return;
  top.keys = top.keys.slice(0, top.size);
  top.counts = top.counts.slice(0, top.size);
  reindex(top);
}

function reindex(top: TopCounts): void {
  let n = 2;
  while (n < top.keys.length * 2) n *= 2;
  const index = new Int32Array(n);
  const mask = index.length - 1;
  const keys = top.keys;
  for (let r = 0; r < top.size; r++) {
    let i = keys[r]! & mask;
    while (index[i] !== 0) i = (i + 1) & mask;
    index[i] = r + 1;
  }
  top.index = index;
}

/** Counts a value given as a string (slow path: pasted text, tests). */
export function addTop(top: TopCounts, value: string, n = 1): void {
  const key = hashString(value);
  if (bumpTop(top, key, n)) labelTop(top, key, value);
}

type Row = [key: number, count: number, label: string];

/** Deterministic order: count descending, then label ascending. */
const byCount = (a: Row, b: Row): number => b[1] - a[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);

/** The rows in first-seen order. */
const allRows = (top: TopCounts): Row[] =>
  Array.from({ length: top.size }, (_, r): Row => [top.keys[r]!, top.counts[r]!, top.labels[r]!]);

/** Keeps the `capacity` heaviest keys; a stable sort keeps ties in first-seen order. */
function prune(top: TopCounts): void {
  const all = allRows(top).sort((a, b) => b[1] - a[1]);
  const kept = all.slice(0, top.capacity);
  for (const row of all.slice(top.capacity)) top.dropped += row[1];
  top.size = kept.length;
  top.labels = [];
  kept.forEach(([k, n, label], r) => {
    top.keys[r] = k;
    top.counts[r] = n;
    top.labels.push(label);
  });
  reindex(top);
}

export function mergeTop(into: TopCounts, from: TopCounts): void {
  for (let r = 0; r < from.size; r++) {
    const k = from.keys[r]!;
    if (bumpTop(into, k, from.counts[r])) labelTop(into, k, from.labels[r]!);
  }
  into.dropped += from.dropped;
}

/**
 * The `k` first rows in `byCount` order, as a stable sort would give them (equal rows keep
 * first-seen order), picked in one pass: a summary asks for 5 of up to 1,600 rows per list.
 */
export function topEntries(top: TopCounts, k: number): { value: string; count: number }[] {
  const best: Row[] = [];
  for (let r = 0; r < top.size; r++) {
    const count = top.counts[r]!;
    const last = best[best.length - 1];
    if (best.length >= k && (last === undefined || count < last[1])) continue;
    const row: Row = [top.keys[r]!, count, top.labels[r]!];
    if (best.length >= k && byCount(row, last!) >= 0) continue;
    let at = best.length;
    while (at > 0 && byCount(row, best[at - 1]!) < 0) at--;
    best.splice(at, 0, row);
    if (best.length > k) best.pop();
  }
  return best.map(([, count, value]) => ({ value, count }));
}

/**
 * 52-bit hash of bytes b[s, e): two 32-bit multiply-xorshift lanes over little-endian 4-byte
 * words (then the last bytes one by one, then the length), exact in a double. The scan kernel
 * (kernel/scan.ts, hash52) computes the same value; the property tests compare them.
 */
export function hashValue(b: Uint8Array, s: number, e: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let i = s;
  for (; i + 4 <= e; i += 4) {
    const w = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    h1 = Math.imul(h1 ^ w, 0x01000193);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ w, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  for (; i < e; i++) {
    const c = b[i]!;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ (e - s), 0x01000193);
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16;
  return (h1 >>> 0) * 1048576 + (h2 >>> 12);
}

let m1 = 0;
let m2 = 0;
function mixWord(x: number): void {
  const lo = x % 67108864;
  const hi = Math.floor(x / 67108864);
  m1 = Math.imul(Math.imul(m1 ^ lo, 0x01000193) ^ hi, 0x01000193);
  m2 = Math.imul(Math.imul(m2 ^ lo, 0x5bd1e995) ^ hi, 0x5bd1e995);
}

/** One 52-bit key from three value hashes (client + URL + user agent for a handshake). */
export function combineHashes(a: number, b: number, c: number): number {
  m1 = 0x811c9dc5;
  m2 = 0x01000193;
  mixWord(a);
  mixWord(b);
  mixWord(c);
  return (m1 >>> 0) * 1048576 + (m2 >>> 12);
}

const encoder = new TextEncoder();
export const hashString = (value: string): number => {
  const bytes = encoder.encode(value);
  return hashValue(bytes, 0, bytes.length);
};
