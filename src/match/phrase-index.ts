import Fuse from 'fuse.js';
import type { Entry } from '../knowledge/schema.js';
import { bigrams, tokenize } from './text.js';
import { TUNING } from './tuning.js';

/** One phrase of one entry, as weighted tokens. */
interface PhraseDoc {
  entry: number;
  text: string;
  terms: string[];
  /** Sum of the idf of its distinct terms: what full coverage is worth. */
  mass: number;
}

export interface PhraseIndex {
  docs: PhraseDoc[];
  /** term -> doc indices containing it */
  postings: Map<string, number[]>;
  idf: Map<string, number>;
  /** Fuzzy vocabulary lookups, one small Fuse index per first letter (typo tolerance). */
  fuzzy: Map<string, Fuse<string>>;
  vocabulary: Set<string>;
  /** Bounded memo of fuzzy corrections (word -> vocabulary term or null). */
  corrections: Map<string, string | null>;
}

export interface PhraseHit {
  entry: number;
  phrase: string;
  /** 0..1: idf-weighted share of the phrase's terms present in the message. */
  coverage: number;
}

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
    fuzzy.set(k, new Fuse(words, { includeScore: true, threshold: 0.22, ignoreLocation: true }));
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

/** The message's terms (unigrams with typos corrected, plus bigrams). */
export const messageTerms = (index: PhraseIndex, text: string): Set<string> => {
  const budget = { left: MAX_FUZZY_LOOKUPS };
  const tokens = tokenize(text).map((t) => correct(index, t, budget));
  return new Set([...tokens, ...bigrams(tokens), ...urlConcepts(text)]);
};

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

/**
 * Every phrase sharing a term with the message, with its idf-weighted coverage; only those covered
 * more than `minCoverage` (most phrases a message touches share one common word with it).
 */
export const phraseHits = (
  index: PhraseIndex,
  terms: ReadonlySet<string>,
  minCoverage = -Infinity,
): PhraseHit[] => {
  // weights per doc in a dense array (docs are numbered), visited in first-touch order
  const got = new Float64Array(index.docs.length);
  const seen = new Uint8Array(index.docs.length);
  const touched: number[] = [];
  for (const t of terms) {
    const list = index.postings.get(t);
    if (!list) continue;
    const w = (index.idf.get(t) ?? 0) * (t.includes('_') ? TUNING.bigramBonus : 1);
    for (const d of list) {
      if (!seen[d]) {
        seen[d] = 1;
        touched.push(d);
      }
      got[d] = (got[d] ?? 0) + w;
    }
  }
  const hits: PhraseHit[] = [];
  for (const d of touched) {
    const w = got[d] ?? 0;
    const doc = index.docs[d];
    if (!doc || doc.mass <= 0) continue;
    // a phrase made of common words only (little mass) proves little even when fully covered
    const damp = Math.min(1, doc.mass / TUNING.minInformativeMass);
    const coverage = damp * Math.min(1, w / doc.mass);
    if (coverage > minCoverage) hits.push({ entry: doc.entry, phrase: doc.text, coverage });
  }
  return hits;
};
