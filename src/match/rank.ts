import type { CodeTriple, SequenceKind } from '../extract/types.js';
import type { Entry, Fact } from '../knowledge/schema.js';
import { codeEvidence, formatCode, relevantCodes, type CodeEvidence } from './evidence.js';
import { factLogRatio } from './facts.js';
import type { Matcher } from './matcher.js';
import { messageTerms, phraseHits } from './phrase-index.js';
import { TUNING } from './tuning.js';
import type { Diagnosis, RankedCause } from './types.js';

const MAX_RANKED = 10;

export interface RankInput {
  codes: readonly CodeTriple[];
  /** All the user's (redacted) text so far. */
  text: string;
  /** Facts answered by the user (full weight). */
  answered: Readonly<Record<string, string>>;
  /** Facts the reader saw in the text (less reliable). */
  observed: Readonly<Record<string, string>>;
  sequences: readonly SequenceKind[];
  excluded?: readonly string[];
}

// "how do I", "where are", "what does X mean", "steps to": the user wants a procedure
const HOW_INTENT =
  /\b(how (do|can|to|would|should|does)|where (are|is|do|can|does)|what does\b.{0,60}\bmean|steps to|point me to|is there a way|procedure|instructions)\b/i;

const BENIGN: ReadonlyArray<[number, number, ReadonlySet<number | null>]> = [
  [401, 2, new Set([5, 2148074254, null])],
  [401, 1, new Set([0, 2148074254, null])],
];
const isBenignLeg = (c: CodeTriple): boolean =>
  BENIGN.some(([s, sub, w]) => c.status === s && c.substatus === sub && w.has(c.win32));

const handshakeVerdict = (input: RankInput): Diagnosis['handshake'] => {
  const complete = input.sequences.some(
    (k) => k === 'handshake-complete' || k === 'kerberos-complete',
  );
  if (!complete) return 'none';
  const failed = input.sequences.some((k) => k === 'handshake-failed' || k === 'repeated-failure');
  const otherErrors = input.codes.some(
    (c) => c.status !== null && c.status >= 400 && !isBenignLeg(c),
  );
  return failed || otherErrors ? 'normal-and-failures' : 'normal-only';
};

interface Scored {
  entry: Entry;
  /** The entry's place in the matcher. */
  index: number;
  score: number;
  code: CodeEvidence;
  ph: { sim: number; phrase: string } | undefined;
  /** Known facts that speak for the entry, worded. */
  facts: { weight: number; text: string }[];
}

/** The evidence for an entry in words, strongest first. */
const whyOf = (s: Scored): string[] => {
  const why: { weight: number; text: string }[] = [];
  const best = s.code.best;
  if (best) {
    const note = best.pattern.note ? `: ${best.pattern.note}` : '';
    why.push({ weight: s.code.score, text: `${formatCode(best.code)} fits${note}` });
  }
  if (s.ph) {
    why.push({
      weight: TUNING.phraseWeight * s.ph.sim,
      text: `your description matches “${s.ph.phrase}”`,
    });
  }
  why.push(...s.facts);
  return why
    .filter((w) => w.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((w) => w.text);
};

const phraseScores = (
  matcher: Matcher,
  text: string,
): Map<number, { sim: number; phrase: string }> => {
  // only the hits over the floor count
  const hits = phraseHits(matcher.index, messageTerms(matcher.index, text), TUNING.coverageFloor);
  const byEntry = new Map<number, { cov: number[]; phrase: string; best: number }>();
  for (const h of hits) {
    const c = (h.coverage - TUNING.coverageFloor) / (1 - TUNING.coverageFloor);
    const cur = byEntry.get(h.entry);
    if (!cur) byEntry.set(h.entry, { cov: [c], phrase: h.phrase, best: c });
    else {
      cur.cov.push(c);
      if (c > cur.best) {
        cur.best = c;
        cur.phrase = h.phrase;
      }
    }
  }
  const out = new Map<number, { sim: number; phrase: string }>();
  for (const [i, v] of byEntry) {
    const [a = 0, b = 0, c = 0] = v.cov.sort((x, y) => y - x);
    out.set(i, { sim: a + 0.5 * b + 0.25 * c, phrase: v.phrase });
  }
  return out;
};

interface KnownFact {
  fact: Fact;
  value: string;
  reliability: number;
  /** factLogRatio of the value for every entry, in matcher order. */
  ratios: Float64Array;
  /** The "why" line when the fact speaks for an entry. */
  text: string;
}

/** An entry's facts when none speak for it (most entries): shared, never added to. */
const NO_FACTS: Scored['facts'] = [];

const columns = new WeakMap<Matcher, Map<string, Float64Array>>();
const orders = new WeakMap<Matcher, Int32Array>();

/**
 * Each entry's place in id order (localeCompare, as ties have always been broken): equal scores
 * are common (entries nothing speaks for), and comparing ids through ICU for each was a tenth of
 * the ranking.
 */
const idOrder = (matcher: Matcher): Int32Array => {
  let order = orders.get(matcher);
  if (!order) {
    const ids = matcher.entries.map((e, i) => ({ id: e.id, i }));
    ids.sort((a, b) => a.id.localeCompare(b.id));
    order = new Int32Array(ids.length);
    ids.forEach((x, rank) => (order![x.i] = rank));
    orders.set(matcher, order);
  }
  return order;
};

/**
 * factLogRatio(entry, fact, value) for every entry of the matcher, in its order (knowledge is
 * immutable, so a column is computed once). An entry with no question on the fact expects the
 * base rate: its ratio is exactly 0.
 */
const ratioColumn = (matcher: Matcher, fact: Fact, value: string): Float64Array => {
  let byKey = columns.get(matcher);
  if (!byKey) columns.set(matcher, (byKey = new Map<string, Float64Array>()));
  const key = `${fact.id}\u0000${value}`;
  let col = byKey.get(key);
  if (!col) {
    col = Float64Array.from(matcher.entries, (e) => factLogRatio(e, fact, value));
    // answers outside the fact's list come from stored state only; do not let them grow the cache
    if (fact.answers.some((a) => a.value === value)) byKey.set(key, col);
  }
  return col;
};

/** The known facts that can move the ranking, with their weight and wording (once per ranking). */
const knownFactsOf = (
  matcher: Matcher,
  known: Readonly<Record<string, string>>,
  answered: Readonly<Record<string, string>>,
): KnownFact[] => {
  const out: KnownFact[] = [];
  for (const [factId, value] of Object.entries(known)) {
    const fact = matcher.facts.get(factId);
    if (!fact || value === 'unknown') continue;
    const isAnswered = factId in answered;
    const label = fact.answers.find((a) => a.value === value)?.label ?? value;
    // "Yes, Windows auth is on" reads on its own; a bare "Yes" needs its question
    const text = /^(yes|no)$/i.test(label) ? `${fact.question} ${label}` : label;
    out.push({
      fact,
      value,
      reliability: isAnswered ? 1 : TUNING.signalReliability,
      ratios: ratioColumn(matcher, fact, value),
      text: isAnswered ? `you said: ${text}` : text,
    });
  }
  return out;
};

/** Ranks every entry for a message (and what is known so far) into a calibrated Diagnosis. */
export const rankCauses = (matcher: Matcher, input: RankInput): Diagnosis => {
  const excluded = new Set(input.excluded ?? []);
  const phrases = phraseScores(matcher, input.text);
  const howIntent = HOW_INTENT.test(input.text);
  const known: Record<string, string> = { ...input.observed, ...input.answered };
  const hasErrorCode = input.codes.some((c) => c.status !== null && c.status >= 400);

  const knownFacts = knownFactsOf(matcher, known, input.answered);

  const order = idOrder(matcher);
  const relevant = relevantCodes(input.codes);
  const scored: Scored[] = [];
  matcher.entries.forEach((entry, i) => {
    if (excluded.has(entry.id)) return;
    let score = 0;
    score += TUNING.prior[entry.prevalence];
    if (entry.kind === 'howto') score += howIntent ? 1.0 : hasErrorCode ? -1.6 : -1.0;

    const code = codeEvidence(entry, relevant);
    score += code.score;
    const ph = phrases.get(i);
    if (ph) score += TUNING.phraseWeight * ph.sim;
    let facts = NO_FACTS;
    for (const k of knownFacts) {
      const delta = k.reliability * k.ratios[i]!;
      score += delta;
      if (delta > 0.2) {
        if (facts === NO_FACTS) facts = [];
        facts.push({ weight: delta, text: k.text });
      }
    }
    scored.push({ entry, index: i, score, code, ph, facts });
  });

  let max = -Infinity;
  for (const s of scored) if (s.score > max) max = s.score;
  let total = 0;
  for (const s of scored) total += Math.exp((s.score - max) / TUNING.temperature);
  // the "why" lines are worded for the causes shown only
  const ranked: RankedCause[] = scored
    .sort((a, b) => b.score - a.score || order[a.index]! - order[b.index]!)
    .slice(0, MAX_RANKED)
    .map((s) => ({
      id: s.entry.id,
      title: s.entry.title,
      kind: s.entry.kind,
      score: Math.round((Math.exp((s.score - max) / TUNING.temperature) / total) * 1000) / 1000,
      why: whyOf(s),
    }));

  return { ranked, handshake: handshakeVerdict(input), known };
};
