import type { CodeTriple } from '../extract/types.js';
import { formatCode } from './evidence.js';
import {
  messageEvidence,
  PAIR_COUNT,
  PAIR_FEATURES,
  type MessageEvidence,
  type RankInput,
} from './features.js';
import type { Matcher } from './matcher.js';
import { scoreEntries, strongestTerms } from './model.js';
import type { Diagnosis, RankedCause } from './types.js';
import { derived } from '../derived.js';

export type { RankInput };

const MAX_RANKED = 10;

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

const COL = Object.fromEntries(PAIR_FEATURES.map((n, i) => [n, i])) as Record<
  (typeof PAIR_FEATURES)[number],
  number
>;

/** A term as the user wrote it, for the "why" line (stems and pairs read back as words). */
const showTerm = (t: string): string | null => {
  if (t.startsWith('#') || t.startsWith('~') || t.startsWith('=')) return null;
  return t.replace(/_/g, ' ');
};

/** The evidence for one entry in words, strongest first. */
const whyOf = (matcher: Matcher, ev: MessageEvidence, i: number): string[] => {
  const why: { weight: number; text: string }[] = [];
  const w = (col: number) => matcher.model.pair[col]! * ev.pairs[i * PAIR_COUNT + col]!;
  const code = ev.code[i]?.best;
  if (code) {
    const note = code.pattern.note ? `: ${code.pattern.note}` : '';
    why.push({ weight: w(COL.code), text: `${formatCode(code.code)} fits${note}` });
  }
  const ph = ev.phrase[i];
  if (ph) why.push({ weight: w(COL.phrase), text: `your description matches “${ph.phrase}”` });
  const model = matcher.model;
  const cls = matcher.classOf[i]!;
  const terms = strongestTerms(model, cls, ev.terms, 6)
    .map((t) => ({ ...t, shown: showTerm(t.term) }))
    .filter((t): t is typeof t & { shown: string } => t.shown !== null)
    .slice(0, 3);
  if (terms.length) {
    why.push({
      weight: terms.reduce((s, t) => s + t.weight, 0),
      text: `people with this cause write like you (${terms.map((t) => `“${t.shown}”`).join(', ')})`,
    });
  }
  for (const k of ev.known) {
    const reliability = matcher.model.pair[k.answered ? COL.answered : COL.observed]!;
    // (only facts that speak for an entry are worded: those against it show in its absence)
    const delta = reliability * k.ratios[i]!;
    if (delta <= 0.2) continue;
    const label = k.fact.answers.find((a) => a.value === k.value)?.label ?? k.value;
    // "Yes, Windows auth is on" reads on its own; a bare "Yes" needs its question
    const text = /^(yes|no)$/i.test(label) ? `${k.fact.question} ${label}` : label;
    why.push({ weight: delta, text: k.answered ? `you said: ${text}` : text });
  }
  return why
    .filter((x) => x.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .map((x) => x.text);
};

/** Each entry's place in id order: ties (entries nothing speaks for) are broken by id. */
const idOrder = derived((matcher: Matcher): Int32Array => {
  const ids = matcher.entries.map((e, i) => ({ id: e.id, i }));
  ids.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const order = new Int32Array(ids.length);
  ids.forEach((x, rank) => (order[x.i] = rank));
  return order;
});

/** Ranks every entry for a message (and what is known so far) into a calibrated Diagnosis. */
export const rankCauses = (matcher: Matcher, input: RankInput): Diagnosis => {
  const excluded = new Set(input.excluded ?? []);
  const ev = messageEvidence(matcher, input);
  const scores = scoreEntries(matcher.model, matcher.classOf, ev);
  const order = idOrder(matcher);
  const t = matcher.model.temperature;

  const live: number[] = [];
  let max = -Infinity;
  matcher.entries.forEach((e, i) => {
    if (excluded.has(e.id)) return;
    live.push(i);
    if (scores[i]! > max) max = scores[i]!;
  });
  let total = 0;
  for (const i of live) total += Math.exp((scores[i]! - max) / t);
  live.sort((a, b) => scores[b]! - scores[a]! || order[a]! - order[b]!);
  const ranked: RankedCause[] = live.slice(0, MAX_RANKED).map((i) => {
    const e = matcher.entries[i]!;
    return {
      id: e.id,
      title: e.title,
      kind: e.kind,
      score: Math.round((Math.exp((scores[i]! - max) / t) / total) * 1000) / 1000,
      why: whyOf(matcher, ev, i),
    };
  });
  const known = { ...input.observed, ...input.answered };
  return { ranked, handshake: handshakeVerdict(input), known };
};
