import type { PlacedCode } from './prose.js';
import type { FoundCode } from './types.js';

/** Most distinct codes one message reports (keeps the merge bounded on hostile input). */
export const MAX_CODES = 300;

const key = (c: FoundCode) => `${c.status ?? '*'}.${c.substatus ?? '*'}.${c.win32 ?? '*'}`;

/** `general` says nothing `specific` does not: every part it knows, the other knows the same. */
function covers(specific: FoundCode, general: FoundCode): boolean {
  if (specific === general) return false;
  const parts = ['status', 'substatus', 'win32'] as const;
  let more = false;
  for (const p of parts) {
    const g = general[p];
    const s = specific[p];
    if (g !== null && g !== s) return false;
    if (g === null && s !== null) more = true;
  }
  return more;
}

/**
 * Distinct triples in order of first appearance. A code that only repeats part of a more specific
 * one (401 next to 401.2, 401.2 next to 401 2 5, a lone win32 next to a code carrying it) is
 * folded into it, and the specific one takes the earlier place.
 */
export function mergeCodes(found: PlacedCode[]): FoundCode[] {
  const sorted = [...found].sort((a, b) => a.at - b.at);
  const distinct = new Map<string, PlacedCode>();
  for (const c of sorted) {
    if (distinct.size >= MAX_CODES) break;
    if (!distinct.has(key(c))) distinct.set(key(c), { ...c });
  }
  const list = [...distinct.values()];
  const kept = list.filter((g) => {
    const specific = list.filter((s) => covers(s, g));
    for (const s of specific) s.at = Math.min(s.at, g.at);
    return specific.length === 0;
  });
  return kept
    .sort((a, b) => a.at - b.at)
    .map(({ status, substatus, win32, source, evidence }) => ({
      status,
      substatus,
      win32,
      source,
      evidence,
    }));
}

/** Words that present a win32 value as the failing request's own (a log or trace field). */
const REPORTED =
  /\b(?:logs?|logged|trace|tracing|freb|failed request|error code|sc-win32|win32|status code)\b/i;
const APART = /\belsewhere\b|\bother (?:server|machine|site|request)s?\b|\bunrelated\b/i;

/**
 * One failure told in two sentences ("the page shows 403.16. The trace gives 2148204809."): when
 * a message's prose names exactly one error code without its win32 value and exactly one win32
 * value on its own, read from a log or trace, they are one triple. Anything more is left apart.
 */
export function joinLoneWin32(codes: FoundCode[]): FoundCode[] {
  const prose = codes.filter(
    (c) => c.source !== 'log' && c.source !== 'httperr' && c.source !== 'ftp',
  );
  const open = prose.filter((c) => c.status !== null && c.status >= 400 && c.win32 === null);
  const lone = prose.filter((c) => c.status === null && c.substatus === null && c.win32 !== null);
  const fromLogs = codes.length !== prose.length;
  const host = open[0];
  const value = lone[0];
  if (fromLogs || open.length !== 1 || lone.length !== 1 || !host || !value) return codes;
  if (!REPORTED.test(value.evidence) || APART.test(value.evidence)) return codes;
  return codes
    .filter((c) => c !== value)
    .map((c) =>
      c === host
        ? { ...c, win32: value.win32, evidence: `${c.evidence} … ${value.evidence}`.slice(0, 120) }
        : c,
    );
}
