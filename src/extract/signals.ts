import { matches } from './scan.js';
import { clausesOf, outcomeAt, type Outcome } from './clauses.js';
import { evidenceOf, logHits, type Hit } from './log-signals.js';
import type { LogEntry, Sequence, Signal } from './types.js';
import type { Detector, DetectorTable } from '../knowledge/detectors.js';
import { derived } from '../derived.js';

/** Prose beyond this many characters is not searched for signals (they come from the human part). */
export const MAX_SIGNAL_CHARS = 200_000;
/** Hits of one detector looked at. */
const MAX_HITS = 50;

// A negation bears on a match only when nothing but linking words stands between them: "no
// proxy", "not behind any proxy", "without anonymous" - not "doesn't work behind an nginx proxy".
const NEGATOR =
  /\b(?:not|no|nothing|nobody|none|without|never|nor|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|haven't|hasn't|cannot|can't)\b/gi;
const LINKS = new Set(
  'a an the any use uses using used behind through via with enabled on set checked configured have has there is are was were be been any of our my its even also really'.split(
    ' ',
  ),
);
/** Where in `before` the negation bearing on what follows starts, or -1. */
const negationAt = (before: string): number => {
  let start = -1;
  let last = -1;
  for (const m of matches(NEGATOR, before)) {
    start = m.index;
    last = m.index + m[0].length;
  }
  if (last < 0) return -1;
  const between =
    before
      .slice(last)
      .toLowerCase()
      .match(/[a-z']+/g) ?? [];
  return between.length <= 3 && between.every((w) => LINKS.has(w)) ? start : -1;
};
const QUESTION_START =
  /^\s*(?:would|could|can|does|do|did|is|are|was|should|might|may|will|what|how|why|which|where)\b/i;

const isStop = (c: number): boolean => c === 46 || c === 33 || c === 63 || c === 10; // . ! ? \n

/** The sentence around `at`: start after the previous stop, end at the next (bounded look). */
function sentenceAround(text: string, at: number, end: number): { before: string; whole: string } {
  let s = at;
  while (s > 0 && at - s < 300 && !isStop(text.charCodeAt(s - 1))) s--;
  let e = end;
  while (e < text.length && e - end < 300 && !isStop(text.charCodeAt(e))) e++;
  return {
    before: text.slice(Math.max(s, at - 45), at),
    whole: text.slice(s, Math.min(text.length, e + 1)),
  };
}

const URL_HOST = /\bhttps?:\/\/([\w.-]{1,100})/gi;
const CONTRAST = /\b(?:but|however|whereas|while|yet)\b/i;

/**
 * Works under one name and fails under another: two different URL hosts, or two kinds of name
 * (localhost, IP, FQDN), within 300 characters with a "but" between them.
 */
function nameDependent(text: string, urlNames: readonly Hit[]): Hit | null {
  const places: { at: number; what: string }[] = urlNames.map((h) => ({ at: h.at, what: h.value }));
  let n = 0;
  for (const m of matches(URL_HOST, text)) {
    if (++n > MAX_HITS) break;
    places.push({ at: m.index, what: (m[1] ?? '').toLowerCase() });
  }
  places.sort((a, b) => a.at - b.at);
  for (let i = 1; i < places.length; i++) {
    const a = places[i - 1];
    const b = places[i];
    if (!a || !b || a.what === b.what || b.at - a.at > 300) continue;
    const between = text.slice(a.at, b.at);
    if (CONTRAST.test(between)) {
      return {
        fact: 'name-dependent',
        value: 'yes',
        evidence: evidenceOf(between.slice(0, 80)),
        at: b.at,
      };
    }
  }
  return null;
}

const BROWSER =
  /\b(chrome|firefox|edge|internet explorer|ie ?(?:6|7|8|9|10|11)|safari|opera|brave)\b/gi;
const browserName = (m: string): string => {
  const b = m.toLowerCase();
  return b.startsWith('ie') || b === 'internet explorer' ? 'ie' : b;
};

/** Two different browsers named in one sentence ("Chrome prompts, Edge works"): it depends on the browser. */
function browserDependent(text: string): Hit | null {
  let sentence = -1;
  let first: { name: string; at: number } | null = null;
  let n = 0;
  for (const m of matches(BROWSER, text)) {
    if (++n > MAX_HITS) break;
    let start = m.index;
    while (start > 0 && m.index - start < 300 && !isStop(text.charCodeAt(start - 1))) start--;
    const name = browserName(m[1] ?? '');
    if (start !== sentence) {
      sentence = start;
      first = { name, at: m.index };
    } else if (first && first.name !== name) {
      return {
        fact: 'browser-dependent',
        value: 'yes',
        evidence: evidenceOf(text.slice(first.at, m.index + m[0].length)),
        at: first.at,
      };
    }
  }
  return null;
}

/** The value a detector's match gives in a clause with this outcome (null: none). */
const valueOf = (det: Detector, outcome: Outcome): string | null => {
  if (typeof det.value === 'string') return det.value;
  return (outcome === null ? det.value.unknown : det.value[outcome]) ?? null;
};

// Text that names a client without being one: user-agent strings (in a curl -A, a log header),
// and IIS error-page boilerplate that speaks of "your Web browser".
const MASKS = [
  /\bmozilla\/\d[^"'\n]{0,300}/gi,
  /\byour (?:web )?browser (?:is sending|does not support|supports)\b/gi,
];
const masked = (text: string): string => {
  let out = text;
  for (const re of MASKS) out = out.replace(re, (m) => ' '.repeat(m.length));
  return out;
};

/**
 * Two letters in a row: every detector's match has them (test/extract/detectors.test.ts), so text
 * without them needs no detector run (compiling their patterns is most of a cold first turn).
 */
export const HAS_WORD = /[a-z]{2}/i;

/** Each table's patterns, compiled on first use: once per loaded knowledge, not per message. */
const compiled = derived((table: DetectorTable) =>
  table.detectors.map((det) => ({
    det,
    re: new RegExp(det.source, det.flags),
    ...(det.unless !== undefined && { unless: new RegExp(det.unless, 'i') }),
  })),
);

/** Facts the prose states, one hit per match, before the per-fact policy is applied. */
function proseHits(prose: string, table: DetectorTable): Hit[] {
  const text = masked(prose.length > MAX_SIGNAL_CHARS ? prose.slice(0, MAX_SIGNAL_CHARS) : prose);
  const clauses = clausesOf(text);
  const hits: Hit[] = [];
  for (const { det, re, unless } of compiled(table)) {
    if (unless?.test(text)) continue;
    re.lastIndex = 0;
    let n = 0;
    // a plain exec loop: 80 detectors a message, where a generator per detector shows
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (++n > MAX_HITS) break;
      const { before, whole } = sentenceAround(text, m.index, m.index + m[0].length);
      if (!det.inQuestions && whole.trimEnd().endsWith('?') && QUESTION_START.test(whole)) continue;
      let value = valueOf(det, outcomeAt(text, clauses, m.index, m.index + m[0].length));
      const negation = det.negated === undefined ? -1 : negationAt(before);
      if (negation >= 0) value = det.negated ?? null;
      if (value === null) continue;
      hits.push({
        fact: det.fact,
        value,
        evidence: evidenceOf(m[0]),
        at: m.index,
        end: m.index + m[0].length,
        ...(negation >= 0 && { negated: [before.slice(negation) + m[0]] }),
      });
    }
    re.lastIndex = 0;
  }
  const bd = browserDependent(text);
  if (bd) hits.push(bd);
  if (!hits.some((h) => h.fact === 'name-dependent')) {
    const nd = nameDependent(
      text,
      hits.filter((h) => h.fact === 'url-name'),
    );
    if (nd) hits.push(nd);
  }
  return hits;
}

const within = (a: Hit, b: Hit): boolean =>
  a !== b &&
  a.end !== undefined &&
  b.end !== undefined &&
  a.at >= b.at &&
  a.end <= b.end &&
  b.end - b.at > a.end - a.at;

/**
 * A longer statement claims its words: "not behind any proxy or load balancer" says no, and the
 * "load balancer" inside it is not a second statement that there is one.
 */
const claimed = (hits: readonly Hit[]): Hit[] =>
  hits.filter((h) => !hits.some((o) => o.fact === h.fact && o.value !== h.value && within(h, o)));

/** Facts (or fact=value) that describe what people go through: somebody sees the failure. */
const SYMPTOMS = new Set([
  'prompt-behaviour',
  'fails-where',
  'browser-dependent=yes',
  'only-some-clients=yes',
  'works-for-admins-only=yes',
  'name-dependent=yes',
  'account-state',
]);

/**
 * Context signals: fact ids and answer values of knowledge/facts.yaml that the message reveals,
 * each with the words that revealed it. Log evidence (the #Software line, user agents) wins over
 * prose for the same fact; otherwise the fact's policy picks the last, the first or all values.
 */
export function detectSignals(
  prose: string,
  table: DetectorTable,
  entries: readonly LogEntry[],
  sequences: readonly Sequence[],
  software: { line: number; value: string }[],
): Signal[] {
  const fromLog = logHits(entries, sequences, software);
  const logFacts = new Set(fromLog.map((h) => h.fact));
  const byFact = new Map<string, Hit[]>();
  // prose without a word ("401.2") states no fact: the detectors' patterns are not even compiled
  const stated = HAS_WORD.test(prose) ? proseHits(prose, table) : [];
  for (const h of claimed(stated)) {
    if (logFacts.has(h.fact) && table.policies[h.fact] !== 'all') continue;
    const list = byFact.get(h.fact);
    if (list) list.push(h);
    else byFact.set(h.fact, [h]);
  }
  const out: Hit[] = [...fromLog];
  for (const [fact, hits] of byFact) {
    hits.sort((a, b) => a.at - b.at);
    const policy = table.policies[fact] ?? 'last';
    if (policy === 'all') out.push(...hits);
    else {
      const pick = policy === 'first' ? hits[0] : hits[hits.length - 1];
      if (pick) out.push(pick);
    }
  }
  // every negation read for a value kept, whichever hit the policy kept as its evidence
  const negations = new Map<string, string[]>();
  for (const hits of byFact.values()) {
    for (const h of hits) {
      if (h.negated === undefined) continue;
      const key = `${h.fact}=${h.value}`;
      const list = negations.get(key);
      if (list) list.push(...h.negated);
      else negations.set(key, [...h.negated]);
    }
  }
  const seen = new Set<string>();
  const signals: Signal[] = [];
  for (const h of out) {
    const key = `${h.fact}=${h.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const negated = negations.get(key);
    signals.push({
      fact: h.fact,
      value: h.value,
      evidence: h.evidence,
      ...(negated && { negated: [...new Set(negated)] }),
    });
  }
  const symptom = signals.find((x) => SYMPTOMS.has(`${x.fact}=${x.value}`) || SYMPTOMS.has(x.fact));
  if (symptom && !signals.some((x) => x.fact === 'users-see-error')) {
    signals.push({ fact: 'users-see-error', value: 'yes', evidence: symptom.evidence });
  }
  return signals;
}
