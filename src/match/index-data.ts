// The ranking's indexes (the builders' outputs: bm25.ts, phrase-index.ts, neighbours.ts) as plain
// JSON and back, for a snapshot (load.ts). Building them tokenises every entry and sample, most of
// a cold process's first turn; restoring them costs next to nothing until a message needs a term:
// terms are kept sorted in one string and looked up by bisection, numbers are typed arrays in
// base64, and each part is decoded when first asked. A restored index answers as the built one,
// number for number (test/match/index-data.test.ts ranks messages with both).
import Fuse from 'fuse.js';
import type { Bm25Index } from './bm25.js';
import type { NeighbourIndex } from './neighbours.js';
import { FUZZY_OPTIONS, type PhraseDoc, type PhraseIndex } from './phrase-index.js';
import { lazyLookup, SortedTerms, type TermLookup } from './term-table.js';

/** What buildMatcher builds from the knowledge and the examples, besides the model. */
export interface MatcherIndexes {
  index: PhraseIndex;
  bm25: Bm25Index;
  neighbours: NeighbourIndex;
}

/** Bumped whenever the layout below changes meaning. */
export const INDEX_DATA_VERSION = 1;

/** Terms joined by spaces (no term has one), in code-unit order. */
type Terms = string;

/** term -> [a, b] lists and term -> idf, in the order of `terms`. */
interface PairTable {
  terms: Terms;
  /** Int32: each term's list length. */
  lengths: string;
  /** Int32 and Float64: the pairs' two halves, list after list. */
  first: string;
  second: string;
  /** Float64. */
  idf: string;
}

export interface IndexData {
  version: number;
  /** The entries (ids, in matcher order) and the number of examples they were built for. */
  entries: string[];
  examples: number;
  bm25: PairTable & { relLength: string };
  neighbours: PairTable & { entryOf: string; groupOf: string[] };
  phrase: {
    terms: Terms;
    lengths: string;
    docIds: string;
    idf: string;
    /** JSON of the phrase docs. */
    docs: string;
    vocabulary: Terms;
    /** JSON of [first letter, words, fuse.js index of the words][]. */
    fuzzy: string;
  };
}

// ---- encoding (from built indexes: their lookups are Maps and Sets)

const builtMap = <V>(m: TermLookup<V>): ReadonlyMap<string, V> => {
  if (!(m instanceof Map)) throw new Error('index data: only a built index can be stored');
  return m as Map<string, V>;
};

const sortedTerms = (keys: Iterable<string>): string[] => {
  const terms = [...keys].sort();
  if (terms.some((t) => t === '' || t.includes(' ')))
    throw new Error('index data: a term is empty or has a space');
  return terms;
};

// typed arrays as base64 of their bytes (the platform's byte order: a snapshot is made where used)
const b64 = (a: Int32Array | Float64Array): string =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

const pairTable = (
  postings: TermLookup<[number, number][]>,
  idf: TermLookup<number>,
): PairTable => {
  const lists = builtMap(postings);
  const weights = builtMap(idf);
  const terms = sortedTerms(lists.keys());
  const lengths = Int32Array.from(terms, (t) => lists.get(t)!.length);
  const pairs = terms.flatMap((t) => lists.get(t)!);
  return {
    terms: terms.join(' '),
    lengths: b64(lengths),
    first: b64(Int32Array.from(pairs, (p) => p[0])),
    second: b64(Float64Array.from(pairs, (p) => p[1])),
    idf: b64(Float64Array.from(terms, (t) => weights.get(t)!)),
  };
};

/** Built indexes as JSON-able data. */
export const indexData = (
  x: MatcherIndexes,
  entryIds: readonly string[],
  examples: number,
): IndexData => {
  const phraseLists = builtMap(x.index.postings);
  const phraseIdf = builtMap(x.index.idf);
  const phraseTerms = sortedTerms(phraseLists.keys());
  const vocabulary = x.index.vocabulary;
  const fuzzy = x.index.fuzzy;
  if (!(vocabulary instanceof Set) || !(fuzzy instanceof Map))
    throw new Error('index data: only a built index can be stored');
  return {
    version: INDEX_DATA_VERSION,
    entries: [...entryIds],
    examples,
    bm25: { ...pairTable(x.bm25.postings, x.bm25.idf), relLength: b64(x.bm25.relLength) },
    neighbours: {
      ...pairTable(x.neighbours.postings, x.neighbours.idf),
      entryOf: b64(x.neighbours.entryOf),
      groupOf: [...x.neighbours.groupOf],
    },
    phrase: {
      terms: phraseTerms.join(' '),
      lengths: b64(Int32Array.from(phraseTerms, (t) => phraseLists.get(t)!.length)),
      docIds: b64(Int32Array.from(phraseTerms.flatMap((t) => phraseLists.get(t)!))),
      idf: b64(Float64Array.from(phraseTerms, (t) => phraseIdf.get(t)!)),
      docs: JSON.stringify(x.index.docs),
      vocabulary: sortedTerms(vocabulary as Set<string>).join(' '),
      fuzzy: JSON.stringify(
        [...(fuzzy as Map<string, Fuse<string>>)].map(([letter, fuse]) => [
          letter,
          fuse.getIndex().docs,
          fuse.getIndex().toJSON(),
        ]),
      ),
    },
  };
};

// ---- restoring

const bytes = (s: string): ArrayBuffer => {
  const b = Buffer.from(s, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};
const int32s = (s: string): Int32Array => new Int32Array(bytes(s));
const float64s = (s: string): Float64Array => new Float64Array(bytes(s));

/** Where each term's list starts (and, one past the last, where the lists end). */
const offsets = (lengths: Int32Array): Int32Array => {
  const at = new Int32Array(lengths.length + 1);
  for (let i = 0; i < lengths.length; i++) at[i + 1] = at[i]! + lengths[i]!;
  return at;
};

/** The terms of a term string. */
const termsOf = (s: Terms): string[] => (s === '' ? [] : s.split(' '));

const restorePairs = (
  t: PairTable,
): { postings: TermLookup<[number, number][]>; idf: TermLookup<number> } => {
  const decoded = (() => {
    let d: { terms: string[]; at: Int32Array; first: Int32Array; second: Float64Array } | null =
      null;
    return () =>
      (d ??= {
        terms: termsOf(t.terms),
        at: offsets(int32s(t.lengths)),
        first: int32s(t.first),
        second: float64s(t.second),
      });
  })();
  return {
    postings: lazyLookup(() => {
      const { terms, at, first, second } = decoded();
      return new SortedTerms(terms, (i) => {
        const list: [number, number][] = [];
        for (let k = at[i]!; k < at[i + 1]!; k++) list.push([first[k]!, second[k]!]);
        return list;
      });
    }),
    idf: lazyLookup(() => {
      const idf = float64s(t.idf);
      return new SortedTerms(decoded().terms, (i) => idf[i]!);
    }),
  };
};

const restorePhrase = (p: IndexData['phrase']): PhraseIndex => {
  let terms: string[] | null = null;
  const phraseTerms = (): string[] => (terms ??= termsOf(p.terms));
  let docs: PhraseDoc[] | null = null;
  let fuzzy: Map<string, { words: string[]; index: unknown; fuse?: Fuse<string> }> | null = null;
  return {
    get docs(): PhraseDoc[] {
      return (docs ??= JSON.parse(p.docs) as PhraseDoc[]);
    },
    postings: lazyLookup(() => {
      const at = offsets(int32s(p.lengths));
      const ids = int32s(p.docIds);
      return new SortedTerms(phraseTerms(), (i) => Array.from(ids.subarray(at[i], at[i + 1])));
    }),
    idf: lazyLookup(() => {
      const idf = float64s(p.idf);
      return new SortedTerms(phraseTerms(), (i) => idf[i]!);
    }),
    vocabulary: lazyLookup(() => new SortedTerms(termsOf(p.vocabulary), () => true)),
    fuzzy: {
      get: (letter) => {
        fuzzy ??= new Map(
          (JSON.parse(p.fuzzy) as [string, string[], unknown][]).map(([l, words, index]) => [
            l,
            { words, index },
          ]),
        );
        const f = fuzzy.get(letter);
        if (!f) return undefined;
        f.fuse ??= new Fuse(
          f.words,
          FUZZY_OPTIONS,
          Fuse.parseIndex<string>(f.index as Parameters<typeof Fuse.parseIndex>[0]),
        );
        return f.fuse;
      },
    },
    corrections: new Map(),
  };
};

/**
 * The indexes from their data, or why not: data of another layout, or made for other entries or
 * examples than the matcher's (the caller then builds them).
 */
export const restoreIndexes = (
  data: IndexData,
  entryIds: readonly string[],
  examples: number,
): MatcherIndexes | string => {
  if (data?.version !== INDEX_DATA_VERSION) return 'index data of another layout';
  if (
    data.examples !== examples ||
    data.entries.length !== entryIds.length ||
    data.entries.some((id, i) => id !== entryIds[i])
  )
    return 'index data made for other entries or examples';
  return {
    bm25: { ...restorePairs(data.bm25), relLength: float64s(data.bm25.relLength) },
    neighbours: {
      ...restorePairs(data.neighbours),
      entryOf: int32s(data.neighbours.entryOf),
      groupOf: data.neighbours.groupOf,
    },
    index: restorePhrase(data.phrase),
  };
};
