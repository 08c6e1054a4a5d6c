import type { Entry } from '../knowledge/schema.js';
import type { TermLookup } from './term-table.js';
import { bigrams, tokenize } from './text.js';

/** A labelled message the ranking compares new messages with: an entry's sample, or a confirmed case. */
export interface Example {
  entry: string;
  text: string;
  /** Where it came from (see src/learn/cases.ts groupOf): a message is never compared with its own source. */
  group: string;
}

/**
 * The examples as unit-length tf-idf vectors over words and word pairs, for cosine similarity:
 * how close a message is to the messages of each entry.
 */
export interface NeighbourIndex {
  /** term -> [example, weight] */
  postings: TermLookup<[number, number][]>;
  idf: TermLookup<number>;
  entryOf: Int32Array;
  groupOf: readonly string[];
}

const termsOf = (text: string): Set<string> => {
  const t = tokenize(text);
  return new Set([...t, ...bigrams(t)]);
};

export const buildNeighbours = (
  entries: readonly Entry[],
  examples: readonly Example[],
): NeighbourIndex => {
  const at = new Map(entries.map((e, i) => [e.id, i]));
  const kept = examples.filter((x) => at.has(x.entry));
  const sets = kept.map((x) => termsOf(x.text));
  const df = new Map<string, number>();
  for (const s of sets) for (const t of s) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(1, kept.length);
  const idf = new Map<string, number>();
  for (const [t, f] of df) idf.set(t, Math.log(1 + n / f));
  const postings = new Map<string, [number, number][]>();
  sets.forEach((s, i) => {
    let norm = 0;
    for (const t of s) norm += (idf.get(t) ?? 0) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (const t of s) {
      const w = (idf.get(t) ?? 0) / norm;
      const list = postings.get(t);
      if (list) list.push([i, w]);
      else postings.set(t, [[i, w]]);
    }
  });
  return {
    postings,
    idf,
    entryOf: Int32Array.from(kept, (x) => at.get(x.entry)!),
    groupOf: kept.map((x) => x.group),
  };
};

/** Per index, the buffer of per-example similarities neighbourScores reuses. */
const scratch = new WeakMap<NeighbourIndex, Float64Array>();

/**
 * For every entry (in order), the cosine similarity of the message to its closest example, over
 * the best entry's (so the closest entry scores 1), leaving out the examples of `ownGroup` (a case
 * is not its own neighbour). Only the closest example counts, and relative to the best: 10-fold
 * leave-source-out cross-validation against the sum of the two closest, unscaled, lowered the
 * held-out log-loss on samples (0.651 -> 0.647), dev cases (0.564 -> 0.534) and real cases
 * (0.748 -> 0.691); the sum of three, or of two scaled, did less.
 */
export const neighbourScores = (
  index: NeighbourIndex,
  terms: Iterable<string>,
  entries: number,
  ownGroup?: string,
): Float64Array => {
  const q: [list: readonly [number, number][], weight: number][] = [];
  let norm = 0;
  for (const t of terms) {
    const w = index.idf.get(t);
    if (w === undefined) continue;
    q.push([index.postings.get(t) ?? [], w]);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  // one similarity per example, in a buffer kept per index: a fresh one per message was the
  // largest allocation of a ranking (runs are synchronous, so no two calls share it at once)
  let sim = scratch.get(index);
  if (!sim) scratch.set(index, (sim = new Float64Array(index.entryOf.length)));
  else sim.fill(0);
  for (const [list, w] of q) {
    for (let k = 0; k < list.length; k++) sim[list[k]![0]]! += (w / norm) * list[k]![1];
  }
  const best = new Float64Array(entries);
  let max = 0;
  for (let x = 0; x < sim.length; x++) {
    const s = sim[x]!;
    if (s === 0 || (ownGroup !== undefined && index.groupOf[x] === ownGroup)) continue;
    const e = index.entryOf[x]!;
    if (s > best[e]!) best[e] = s;
    if (s > max) max = s;
  }
  if (max > 0) for (let i = 0; i < entries; i++) best[i]! /= max;
  return best;
};
