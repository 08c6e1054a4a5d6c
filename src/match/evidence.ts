import type { CodeTriple } from '../extract/types.js';
import type { CodePattern, Entry } from '../knowledge/schema.js';

const FIT = { strong: 3.2, typical: 2.2, weak: 1.0 } as const;

const isError = (c: CodeTriple): boolean => c.status !== null && c.status >= 400;

const specificity = (p: CodePattern): number =>
  (p.substatus !== undefined ? 1 : 0) + (p.win32 !== undefined ? 1 : 0);

/** Does a pattern cover a found code? A code without substatus matches loosely. */
const covers = (p: CodePattern, c: CodeTriple): 'exact' | 'loose' | null => {
  if (c.status !== null && p.status !== c.status) return null;
  if (c.status === null) {
    // a win32 value on its own: only win32-specific patterns speak to it
    return p.win32 !== undefined && p.win32 === c.win32 ? 'exact' : null;
  }
  // a pattern naming a win32 value speaks only to codes that carry that value
  if (p.win32 !== undefined && c.win32 !== p.win32) return null;
  if (p.substatus !== undefined) {
    if (c.substatus === null) return 'loose';
    if (p.substatus !== c.substatus) return null;
  }
  return 'exact';
};

export interface CodeEvidence {
  score: number;
  /** The pattern that matched best, for the "why" line. */
  best: { code: CodeTriple; pattern: CodePattern } | null;
  contradicted: CodeTriple | null;
}

type CodeScore = Readonly<{ score: number; pattern: CodePattern | null; against?: true }>;

// the outcomes without a pattern, shared: every entry is scored against every code of a message
const AGAINST: CodeScore = { score: -3, pattern: null, against: true };
const SILENT: CodeScore = { score: 0, pattern: null };
const NO_CODES: CodeScore = { score: -0.6, pattern: null };
const SAME_STATUS: CodeScore = { score: -1.6, pattern: null };
const OTHER_STATUS: CodeScore = { score: -2.6, pattern: null };

/** How one found code bears on one entry, in log-odds units. */
const codeScore = (entry: Entry, c: CodeTriple): CodeScore => {
  for (const p of entry.against) {
    if (covers(p, c) === 'exact') return AGAINST;
  }
  let best: CodePattern | null = null;
  let bestScore = -Infinity;
  for (const p of entry.codes) {
    const how = covers(p, c);
    if (!how) continue;
    const s = (FIT[p.fit] + 0.35 * specificity(p)) * (how === 'loose' ? 0.55 : 1);
    if (s > bestScore) {
      bestScore = s;
      best = p;
    }
  }
  if (best) return { score: bestScore, pattern: best };
  if (c.status === null || !isError(c)) return SILENT;
  if (entry.codes.length === 0) return NO_CODES;
  return entry.codes.some((p) => p.status === c.status) ? SAME_STATUS : OTHER_STATUS;
};

/** The codes that bear on entries: error statuses and bare win32 values (once per ranking). */
export const relevantCodes = (codes: readonly CodeTriple[]): CodeTriple[] =>
  codes.filter((c) => c.status === null || isError(c));

const NO_EVIDENCE: CodeEvidence = { score: 0, best: null, contradicted: null };

/**
 * All relevant codes of a message (relevantCodes) against one entry: the best-supported code
 * counts fully, the others a quarter each (so a paste with a handshake and a real failure still
 * points at the failure).
 */
export const codeEvidence = (entry: Entry, relevant: readonly CodeTriple[]): CodeEvidence => {
  if (!relevant.length) return NO_EVIDENCE;
  if (relevant.length === 1) {
    // one code (the usual paste): no list to sort
    const c = relevant[0]!;
    const r = codeScore(entry, c);
    return {
      score: r.score,
      best: r.pattern ? { code: c, pattern: r.pattern } : null,
      contradicted: r.score < 0 ? c : null,
    };
  }
  const scored = relevant.map((c) => {
    const r = codeScore(entry, c);
    return { c, score: r.score, pattern: r.pattern, against: r.against };
  });
  scored.sort((a, b) => b.score - a.score);
  const top = scored[0]!;
  // a code the entry names as pointing away counts in full; other codes a quarter each
  let score = top.score;
  for (let i = 1; i < scored.length; i++) {
    const x = scored[i]!;
    score += x.against ? x.score : 0.25 * x.score;
  }
  const worst = scored[scored.length - 1]!;
  return {
    score,
    best: top.pattern ? { code: top.c, pattern: top.pattern } : null,
    contradicted: worst.score < 0 ? worst.c : null,
  };
};

export const formatCode = (c: CodeTriple): string => {
  if (c.status === null) return `win32 ${c.win32 ?? '?'}`;
  const sub = c.substatus === null ? '' : `.${c.substatus}`;
  const w = c.win32 === null ? '' : ` (win32 ${c.win32})`;
  return `${c.status}${sub}${w}`;
};
