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

/** Similar examples counted per entry (their similarities add up). */
const TOP = 2;

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

/**
 * For every entry (in order), the summed cosine similarity of the message to its TOP closest
 * examples, leaving out the examples of `ownGroup` (a case is not its own neighbour).
 */
export const neighbourScores = (
  index: NeighbourIndex,
  terms: Iterable<string>,
  entries: number,
  ownGroup?: string,
): Float64Array => {
  const q = new Map<string, number>();
  let norm = 0;
  for (const t of terms) {
    const w = index.idf.get(t);
    if (w === undefined) continue;
    q.set(t, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  const sim = new Float64Array(index.entryOf.length);
  for (const [t, w] of q) {
    for (const [x, v] of index.postings.get(t) ?? []) sim[x]! += (w / norm) * v;
  }
  const best: number[][] = Array.from({ length: entries }, () => []);
  sim.forEach((s, x) => {
    if (s <= 0 || (ownGroup !== undefined && index.groupOf[x] === ownGroup)) return;
    const list = best[index.entryOf[x]!]!;
    list.push(s);
    if (list.length > TOP) {
      list.sort((a, b) => b - a);
      list.length = TOP;
    }
  });
  return Float64Array.from(best, (l) => l.reduce((a, b) => a + b, 0));
};
