/**
 * A capped counter for "top URLs / users / clients": exact while it holds fewer than
 * PRUNE_AT x `capacity` keys; past that it keeps the heaviest `capacity` keys (pruned whenever
 * it reaches that), so memory stays constant on any input. `dropped` counts what pruning threw
 * away.
 *
 * Keys are 52-bit hashes of the value's bytes (see `hashValue`), so the hot path counts without
 * making strings; a value is decoded once, when its key is first seen.
 */
export interface TopCounts {
  capacity: number;
  counts: Map<number, number>;
  labels: Map<number, string>;
  dropped: number;
}

/**
 * 16: a list holds up to 1,600 keys (~200 KB). On the 1M-line bench file (4,267 clients) that
 * means 13 prunes instead of 218 at 4x and half the values decoded (37 k instead of 74 k); at
 * most 64 codes x 4 lists keep the worst case bounded (~50 MB).
 */
const PRUNE_AT = 16;

export const createTop = (capacity: number): TopCounts => ({
  capacity,
  counts: new Map(),
  labels: new Map(),
  dropped: 0,
});

/** Counts `key` n times; returns true when the key is new (the caller then sets its label). */
export function bumpTop(top: TopCounts, key: number, n = 1): boolean {
  const c = top.counts.get(key);
  if (c !== undefined) {
    top.counts.set(key, c + n);
    return false;
  }
  top.counts.set(key, n);
  return true;
}

export function labelTop(top: TopCounts, key: number, label: string): void {
  top.labels.set(key, label);
  if (top.counts.size >= top.capacity * PRUNE_AT) prune(top);
}

/** Counts a value given as a string (slow path: pasted text, tests). */
export function addTop(top: TopCounts, value: string, n = 1): void {
  const key = hashString(value);
  if (bumpTop(top, key, n)) labelTop(top, key, value);
}

type Row = [key: number, count: number, label: string];

/** Deterministic order: count descending, then label ascending. */
const byCount = (a: Row, b: Row): number => b[1] - a[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);

const rows = (top: TopCounts): Row[] =>
  [...top.counts].map(([k, n]): Row => [k, n, top.labels.get(k) ?? '']).sort(byCount);

/** Keeps the `capacity` heaviest keys; a stable sort keeps ties in first-seen order. */
function prune(top: TopCounts): void {
  const all = [...top.counts].sort((a, b) => b[1] - a[1]);
  const labels = top.labels;
  top.counts = new Map();
  top.labels = new Map();
  all.forEach(([k, n], i) => {
    if (i < top.capacity) {
      top.counts.set(k, n);
      top.labels.set(k, labels.get(k) ?? '');
    } else top.dropped += n;
  });
}

export function mergeTop(into: TopCounts, from: TopCounts): void {
  for (const [k, n] of from.counts) {
    if (bumpTop(into, k, n)) labelTop(into, k, from.labels.get(k) ?? '');
  }
  into.dropped += from.dropped;
}

export function topEntries(top: TopCounts, k: number): { value: string; count: number }[] {
  return rows(top)
    .slice(0, k)
    .map(([, count, value]) => ({ value, count }));
}

/** 52-bit FNV-style hash of bytes b[s, e): two 32-bit lanes, exact in a double. */
export function hashValue(b: Uint8Array, s: number, e: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
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
