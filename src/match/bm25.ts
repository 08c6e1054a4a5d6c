import type { Entry } from '../knowledge/schema.js';
import type { TermLookup } from './term-table.js';
import { bigrams, tokenize } from './text.js';

/** Okapi BM25 over one document per entry: its title, summary, phrases, body and steps. */
export interface Bm25Index {
  /** term -> [entry, term frequency] pairs */
  postings: TermLookup<[number, number][]>;
  idf: TermLookup<number>;
  /** Each entry's length over the average length. */
  relLength: Float64Array;
}

const K1 = 1.2;
const B = 0.75;

/** Every text of an entry a reader could recognise their problem in (not its samples: those train the model). */
const entryText = (e: Entry): string => {
  const steps =
    e.kind === 'cause'
      ? [e.steps.confirm, e.steps.fix].flatMap((s) => [
          ...(s.all ?? []),
          ...(s.iis6 ?? []),
          ...(s.iis7 ?? []),
        ])
      : [...(e.steps.do.all ?? []), ...(e.steps.do.iis6 ?? []), ...(e.steps.do.iis7 ?? [])];
  return [e.title, e.summary, ...e.phrases, e.body, ...steps].join('\n');
};

export const buildBm25 = (entries: readonly Entry[]): Bm25Index => {
  const postings = new Map<string, [number, number][]>();
  const lengths = entries.map((e, i) => {
    const tokens = tokenize(entryText(e));
    const counts = new Map<string, number>();
    for (const t of [...tokens, ...bigrams(tokens)]) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, tf] of counts) {
      const list = postings.get(t);
      if (list) list.push([i, tf]);
      else postings.set(t, [[i, tf]]);
    }
    return tokens.length;
  });
  const n = entries.length;
  const avg = lengths.reduce((s, l) => s + l, 0) / Math.max(1, n);
  const idf = new Map<string, number>();
  for (const [t, list] of postings)
    idf.set(t, Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5)));
  return { postings, idf, relLength: Float64Array.from(lengths, (l) => l / (avg || 1)) };
};

/** BM25 of a set of message terms against every entry, scaled so the best entry scores 1. */
export const bm25Scores = (index: Bm25Index, terms: Iterable<string>): Float64Array => {
  const scores = new Float64Array(index.relLength.length);
  for (const t of terms) {
    const list = index.postings.get(t);
    if (!list) continue;
    const idf = index.idf.get(t) ?? 0;
    for (const [i, tf] of list) {
      scores[i]! += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + B * index.relLength[i]!));
    }
  }
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  if (max > 0) for (let i = 0; i < scores.length; i++) scores[i]! /= max;
  return scores;
};
