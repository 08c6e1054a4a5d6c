import Fuse from 'fuse.js';
import type { Entry } from '../knowledge/schema.js';
import type { TermLookup } from './term-table.js';
import { bigrams, tokenize } from './text.js';
import { TUNING } from './tuning.js';

/** One phrase of one entry, as weighted tokens. */
export interface PhraseDoc {
  entry: number;
  text: string;
  terms: string[];
  /** Sum of the idf of its distinct terms: what full coverage is worth. */
  mass: number;
}

export interface PhraseIndex {
  docs: readonly PhraseDoc[];
  /** term -> doc indices containing it */
  postings: TermLookup<number[]>;
  idf: TermLookup<number>;
  /** Fuzzy vocabulary lookups, one small Fuse index per first letter (typo tolerance). */
  fuzzy: Pick<TermLookup<Fuse<string>>, 'get'>;
  vocabulary: Pick<TermLookup<unknown>, 'has'>;
  /** Bounded memo of fuzzy corrections (word -> vocabulary term or null). */
  corrections: Map<string, string | null>;
}

export interface PhraseHit {
  entry: number;
  phrase: string;
  /** 0..1: idf-weighted share of the phrase's terms present in the message. */
  coverage: number;
}

/** The fuzzy vocabulary's fuse.js settings (index-data.ts restores its indexes with them). */
export const FUZZY_OPTIONS = { includeScore: true, threshold: 0.22, ignoreLocation: true } as const;

const MAX_CORRECTIONS = 5_000;
const MAX_FUZZY_LOOKUPS = 16;

const termsOf = (text: string): string[] => {
  const t = tokenize(text);
  return [...new Set([...t, ...bigrams(t)])];
};

export const buildPhraseIndex = (entries: readonly Entry[]): PhraseIndex => {
  const docs: PhraseDoc[] = [];
  entries.forEach((e, entry) => {
    for (const text of [...e.phrases, e.title]) {
      const terms = termsOf(text);
      if (terms.length) docs.push({ entry, text, terms, mass: 0 });
    }
  });
  // document frequency by ENTRY: a word used across many causes tells them apart poorly
  const entriesWith = new Map<string, Set<number>>();
  const postings = new Map<string, number[]>();
  docs.forEach((d, i) => {
    for (const t of d.terms) {
      const set = entriesWith.get(t);
      if (set) set.add(d.entry);
      else entriesWith.set(t, new Set([d.entry]));
      const list = postings.get(t);
      if (list) list.push(i);
      else postings.set(t, [i]);
    }
  });
  const n = entries.length;
  const idf = new Map<string, number>();
  for (const [t, set] of entriesWith) {
    const f = set.size;
    idf.set(t, Math.log(1 + (n - f + 0.5) / (f + 0.5)));
  }
  // a phrase's mass is its words; adjacent pairs only add a bonus for phrase-like matches
  for (const d of docs)
    d.mass = d.terms.reduce((s, t) => s + (t.includes('_') ? 0 : (idf.get(t) ?? 0)), 0);

  const vocabulary = new Set([...entriesWith.keys()].filter((t) => !t.includes('_')));
  const byLetter = new Map<string, string[]>();
  for (const w of vocabulary) {
    if (w.length < 5) continue;
    const k = w[0] ?? '';
    const list = byLetter.get(k);
    if (list) list.push(w);
    else byLetter.set(k, [w]);
  }
  const fuzzy = new Map<string, Fuse<string>>();
  for (const [k, words] of byLetter) {
    fuzzy.set(k, new Fuse(words, FUZZY_OPTIONS));
  }
  return { docs, postings, idf, fuzzy, vocabulary, corrections: new Map() };
};

/** Maps a message token onto the vocabulary: exact, or a close spelling (fuse.js), or itself. */
const correct = (index: PhraseIndex, token: string, budget: { left: number }): string => {
  if (index.vocabulary.has(token) || token.length < 6 || token.includes('_')) return token;
  const memo = index.corrections.get(token);
  if (memo !== undefined) return memo ?? token;
  if (budget.left <= 0) return token;
  budget.left--;
  const hit = index.fuzzy.get(token[0] ?? '')?.search(token, { limit: 1 })[0];
  const fixed = hit && (hit.score ?? 1) <= 0.22 ? hit.item : null;
  if (index.corrections.size >= MAX_CORRECTIONS) index.corrections.clear();
  index.corrections.set(token, fixed);
  return fixed ?? token;
};

/** A message read for matching: its tokens in order (typos corrected) and its distinct terms. */
export interface MessageTokens {
  tokens: string[];
  /** The adjacent pairs: pairs[i] joins tokens[i] and tokens[i + 1]. */
  pairs: string[];
  /** Unigrams, bigrams and the URL concepts. */
  terms: Set<string>;
}

export const messageTokens = (index: PhraseIndex, text: string): MessageTokens => {
  const budget = { left: MAX_FUZZY_LOOKUPS };
  const tokens = tokenize(text).map((t) => correct(index, t, budget));
  const pairs = bigrams(tokens);
  const terms = new Set(tokens);
  for (const t of pairs) terms.add(t);
  for (const t of urlConcepts(text)) terms.add(t);
  return { tokens, pairs, terms };
};

/** The message's terms (unigrams with typos corrected, plus bigrams). */
export const messageTerms = (index: PhraseIndex, text: string): Set<string> =>
  messageTokens(index, text).terms;

// A URL says which kind of name people used, though they rarely write "FQDN" or "IP address".
const URL_HOST = /\bhttps?:\/\/([a-z0-9.-]{1,253})/gi;
const urlConcepts = (text: string): string[] => {
  const out: string[] = [];
  for (const m of text.slice(0, 20_000).matchAll(URL_HOST)) {
    const host = (m[1] ?? '').toLowerCase().replace(/\.$/, '');
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) out.push('ip');
    else if (host === 'localhost') out.push('localhost');
    else if (host.includes('.')) out.push('hostnam', 'alias');
    else out.push('machin', 'short');
  }
  return out;
};

/** A phrase's words count together only within this many message tokens per phrase word. */
const SPREAD = 3;

/** A phrase's single words (not its pairs) and their idf (a phrase belongs to one index). */
const wordTables = new WeakMap<PhraseDoc, { words: string[]; idf: Float64Array }>();

const wordsOf = (index: PhraseIndex, doc: PhraseDoc): { words: string[]; idf: Float64Array } => {
  let w = wordTables.get(doc);
  if (!w) {
    const words = doc.terms.filter((t) => !t.includes('_'));
    w = { words, idf: Float64Array.from(words, (t) => index.idf.get(t) ?? 0) };
    wordTables.set(doc, w);
  }
  return w;
};

const scratch = { hits: new Float64Array(256), inWindow: new Int32Array(32) };
const marks = new WeakMap<PhraseIndex, Uint8Array>();

/**
 * The idf mass of a phrase's words found close together in the message: the best window of
 * SPREAD × (phrase length) tokens. Words far apart in a long message are not the phrase.
 */
const nearMass = (
  index: PhraseIndex,
  doc: PhraseDoc,
  positions: ReadonlyMap<string, readonly number[]>,
): number => {
  const { words, idf } = wordsOf(index, doc);
  const width = Math.max(6, SPREAD * words.length);
  // each hit is (position, word) packed in one number, so that a numeric sort orders them by
  // position without an object per hit; the buffers are reused (this runs for every phrase a
  // message touches, and runs are synchronous)
  const slots = words.length + 1;
  let count = 0;
  let everywhere = 0;
  for (let w = 0; w < words.length; w++) {
    const at = positions.get(words[w]!);
    if (at && at.length === 0) everywhere += idf[w]!;
    count += at?.length ?? 0;
  }
  if (scratch.hits.length < count) scratch.hits = new Float64Array(count * 2);
  const hits = scratch.hits.subarray(0, count);
  let k = 0;
  for (let w = 0; w < words.length; w++) {
    const at = positions.get(words[w]!);
    if (at) for (let i = 0; i < at.length; i++) hits[k++] = at[i]! * slots + w;
  }
  hits.sort();
  if (scratch.inWindow.length < words.length) scratch.inWindow = new Int32Array(words.length * 2);
  const inWindow = scratch.inWindow.fill(0, 0, words.length);
  let mass = 0;
  let best = 0;
  let from = 0;
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    const w = h % slots;
    const at = (h - w) / slots;
    if (inWindow[w]!++ === 0) mass += idf[w]!;
    for (;;) {
      const old = hits[from]!;
      const ow = old % slots;
      if (at - (old - ow) / slots < width) break;
      from++;
      if (--inWindow[ow]! === 0) mass -= idf[ow]!;
    }
    if (mass > best) best = mass;
  }
  best += everywhere;
  // an adjacent pair of the phrase's words adds its bonus wherever it is
  for (const t of doc.terms) {
    if (t.includes('_') && positions.has(t)) best += (index.idf.get(t) ?? 0) * TUNING.bigramBonus;
  }
  return best;
};

/** An upper bound of nearMass: the idf of the phrase's words present anywhere, with pair bonuses. */
const presentMass = (
  index: PhraseIndex,
  doc: PhraseDoc,
  positions: ReadonlyMap<string, readonly number[]>,
): number => {
  let mass = 0;
  for (const t of doc.terms) {
    if (!positions.has(t)) continue;
    const idf = index.idf.get(t) ?? 0;
    mass += t.includes('_') ? idf * TUNING.bigramBonus : idf;
  }
  return mass;
};

/** Where each term of the message occurs (bigrams at their first word). */
const positionsOf = (msg: MessageTokens): Map<string, number[]> => {
  const at = new Map<string, number[]>();
  const add = (t: string, i: number) => {
    const list = at.get(t);
    if (list) list.push(i);
    else at.set(t, [i]);
  };
  msg.tokens.forEach((t, i) => {
    add(t, i);
    if (i > 0) add(msg.pairs[i - 1]!, i - 1);
  });
  // URL concepts have no place: they stand next to every word
  for (const t of msg.terms) if (!at.has(t)) at.set(t, []);
  return at;
};

/**
 * Every phrase sharing a term with the message, with its idf-weighted coverage by words found
 * close together; only those covered more than `minCoverage`.
 */
export const phraseHits = (
  index: PhraseIndex,
  msg: MessageTokens,
  minCoverage = -Infinity,
): PhraseHit[] => {
  // the phrases sharing a term with the message, in the order first met (a mark per phrase, in a
  // buffer kept per index, instead of a Set of hundreds of numbers per message)
  const docs = index.docs.length;
  let seen = marks.get(index);
  if (!seen || seen.length < docs) marks.set(index, (seen = new Uint8Array(docs)));
  const touched: number[] = [];
  for (const t of msg.terms) {
    const list = index.postings.get(t);
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const d = list[i]!;
      if (seen[d]) continue;
      seen[d] = 1;
      touched.push(d);
    }
  }
  for (const d of touched) seen[d] = 0;
  const positions = positionsOf(msg);
  const hits: PhraseHit[] = [];
  for (const d of touched) {
    const doc = index.docs[d];
    if (!doc || doc.mass <= 0) continue;
    // a phrase made of common words only (little mass) proves little even when fully covered
    const damp = Math.min(1, doc.mass / TUNING.minInformativeMass);
    // the most the window can find is every present word plus every present pair's bonus: when
    // even that stays under the floor, the windowed count cannot pass it
    if (damp * Math.min(1, presentMass(index, doc, positions) / doc.mass) <= minCoverage) continue;
    const coverage = damp * Math.min(1, nearMass(index, doc, positions) / doc.mass);
    if (coverage > minCoverage) hits.push({ entry: doc.entry, phrase: doc.text, coverage });
  }
  return hits;
};
