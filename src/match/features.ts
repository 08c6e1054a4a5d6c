import type { CodeTriple, SequenceKind } from '../extract/types.js';
import type { Fact } from '../knowledge/schema.js';
import { bm25Scores } from './bm25.js';
import { codeEvidence, relevantCodes, type CodeEvidence } from './evidence.js';
import { factLogRatio, rulesOutCertainly } from './facts.js';
import type { Matcher } from './matcher.js';
import { neighbourScores } from './neighbours.js';
import { messageTokens, phraseHits, type MessageTokens } from './phrase-index.js';
import { TUNING } from './tuning.js';

/** What the ranking reads: one message, or a conversation so far. */
export interface RankInput {
  codes: readonly CodeTriple[];
  /** All the user's (redacted) prose so far. */
  text: string;
  /** Facts answered by the user (full weight). */
  answered: Readonly<Record<string, string>>;
  /** Facts the reader saw in the text (weighed by what the model learned of them). */
  observed: Readonly<Record<string, string>>;
  sequences: readonly SequenceKind[];
  excluded?: readonly string[];
}

/**
 * The evidence that relates a message to one entry through the knowledge itself (codes the entry
 * explains, its phrases and text, the facts its questions name): what lets the ranking judge an
 * entry no example ever showed in these words. One column each, in this order.
 */
export const PAIR_FEATURES = [
  'code', // how the found codes fit the entry's code patterns (log-odds units)
  'phrase', // fuzzy coverage of the entry's phrases
  'text', // BM25 of the message against the entry's whole text, relative to the best entry
  'neighbours', // cosine similarity to the entry's closest example messages (its samples, confirmed cases)
  'observed', // sum of the log-likelihood ratios of the facts the reader saw that speak for the entry
  'observed-against', // the same for those that speak against it
  'observed-certain', // the same for those that rule it out by definition (a `certain` question)
  'answered', // the same for facts the user answered (weight fixed at 1: the knowledge's own odds)
  'prevalence', // +1 common, 0 normal, -1 rare
  'howto-asked', // a how-to, for a message asking how/where
  'howto-error', // a how-to, for a message with an error code and no how/where
  'howto-other', // a how-to, otherwise
] as const;
export type PairFeature = (typeof PAIR_FEATURES)[number];
export const PAIR_COUNT = PAIR_FEATURES.length;
const P = Object.fromEntries(PAIR_FEATURES.map((n, i) => [n, i])) as Record<PairFeature, number>;

// "how do I", "where are", "what does X mean", "steps to": the user wants a procedure
const HOW_INTENT =
  /\b(how (do|can|to|would|should|does)|where (are|is|do|can|does)|what does\b.{0,60}\bmean|steps to|point me to|is there a way|procedure|instructions)\b/i;

const PREVALENCE = { common: 1, normal: 0, rare: -1 } as const;

/** A known fact as it bears on every entry. */
export interface KnownFact {
  fact: Fact;
  value: string;
  answered: boolean;
  /** factLogRatio of the value for every entry, in matcher order. */
  ratios: Float64Array;
  /** 1 where the value rules the entry out by definition. */
  certain: Uint8Array;
}

/** Everything about one message that the ranking and its "why" lines read. */
export interface MessageEvidence {
  /** Entries × PAIR_COUNT, row-major in matcher order. */
  pairs: Float64Array;
  /** Distinct sparse features of the message (words, word pairs, codes, sequences, facts). */
  terms: string[];
  code: CodeEvidence[];
  phrase: ({ sim: number; phrase: string } | undefined)[];
  known: KnownFact[];
}

interface Column {
  ratios: Float64Array;
  certain: Uint8Array;
}
const columns = new WeakMap<Matcher, Map<string, Column>>();

/** factLogRatio for every entry (knowledge is immutable: a column is computed once). */
const ratioColumn = (matcher: Matcher, fact: Fact, value: string): Column => {
  let byKey = columns.get(matcher);
  if (!byKey) columns.set(matcher, (byKey = new Map<string, Column>()));
  const key = `${fact.id}\u0000${value}`;
  let col = byKey.get(key);
  if (!col) {
    col = {
      ratios: Float64Array.from(matcher.entries, (e) => factLogRatio(e, fact, value)),
      certain: Uint8Array.from(matcher.entries, (e) => (rulesOutCertainly(e, fact, value) ? 1 : 0)),
    };
    // answers outside the fact's list come from stored state only; do not let them grow the cache
    if (fact.answers.some((a) => a.value === value)) byKey.set(key, col);
  }
  return col;
};

const knownFacts = (matcher: Matcher, input: RankInput): KnownFact[] => {
  const out: KnownFact[] = [];
  const all = { ...input.observed, ...input.answered };
  for (const [id, value] of Object.entries(all)) {
    const fact = matcher.facts.get(id);
    if (!fact || value === 'unknown') continue;
    out.push({
      fact,
      value,
      answered: id in input.answered,
      ...ratioColumn(matcher, fact, value),
    });
  }
  return out;
};

const phraseScores = (
  matcher: Matcher,
  msg: MessageTokens,
): Map<number, { sim: number; phrase: string }> => {
  const hits = phraseHits(matcher.index, msg, TUNING.coverageFloor);
  // per entry, its three best coverages (a >= b >= c) and the phrase of the best
  const byEntry = new Map<number, { a: number; b: number; c: number; phrase: string }>();
  for (const h of hits) {
    const v = (h.coverage - TUNING.coverageFloor) / (1 - TUNING.coverageFloor);
    const cur = byEntry.get(h.entry);
    if (!cur) byEntry.set(h.entry, { a: v, b: 0, c: 0, phrase: h.phrase });
    else if (v > cur.a) {
      cur.c = cur.b;
      cur.b = cur.a;
      cur.a = v;
      cur.phrase = h.phrase;
    } else if (v > cur.b) {
      cur.c = cur.b;
      cur.b = v;
    } else if (v > cur.c) cur.c = v;
  }
  const out = new Map<number, { sim: number; phrase: string }>();
  for (const [i, v] of byEntry) out.set(i, { sim: v.a + 0.5 * v.b + 0.25 * v.c, phrase: v.phrase });
  return out;
};

/**
 * Reads one message (or conversation) against every entry: the ranking's whole input. A labelled
 * case being learned from names its `ownGroup`, so it is not compared with examples of its source.
 */
export const messageEvidence = (
  matcher: Matcher,
  input: RankInput,
  ownGroup?: string,
): MessageEvidence => {
  const n = matcher.entries.length;
  const msg = messageTokens(matcher.index, input.text);
  const words = msg.terms;
  const phrases = phraseScores(matcher, msg);
  const text = bm25Scores(matcher.bm25, words);
  const near = neighbourScores(matcher.neighbours, words, n, ownGroup);
  const known = knownFacts(matcher, input);
  const relevant = relevantCodes(input.codes);
  const howIntent = HOW_INTENT.test(input.text);
  const hasErrorCode = input.codes.some((c) => c.status !== null && c.status >= 400);

  const pairs = new Float64Array(n * PAIR_COUNT);
  const code: CodeEvidence[] = new Array<CodeEvidence>(n);
  const phrase: MessageEvidence['phrase'] = new Array<MessageEvidence['phrase'][number]>(n);
  matcher.entries.forEach((entry, i) => {
    const row = i * PAIR_COUNT;
    const c = codeEvidence(entry, relevant);
    code[i] = c;
    phrase[i] = phrases.get(i);
    pairs[row + P.code] = c.score;
    pairs[row + P.phrase] = phrase[i]?.sim ?? 0;
    pairs[row + P.text] = text[i] ?? 0;
    pairs[row + P.neighbours] = near[i] ?? 0;
    for (const k of known) {
      const r = k.ratios[i]!;
      const col = k.answered
        ? P.answered
        : k.certain[i]
          ? P['observed-certain']
          : r >= 0
            ? P.observed
            : P['observed-against'];
      pairs[row + col]! += r;
    }
    pairs[row + P.prevalence] = PREVALENCE[entry.prevalence];
    if (entry.kind === 'howto') {
      const which = howIntent
        ? P['howto-asked']
        : hasErrorCode
          ? P['howto-error']
          : P['howto-other'];
      pairs[row + which] = 1;
    }
  });

  const terms = new Set<string>(words);
  for (const s of input.sequences) terms.add(`~${s}`);
  // codes and facts weigh through the entries' code patterns and questions, not as words
  return { pairs, terms: [...terms], code, phrase, known };
};
