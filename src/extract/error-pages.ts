import type { ErrorPage, ReferenceData } from '../knowledge/schema.js';
import type { PlacedCode } from './prose.js';
import { derived } from '../derived.js';

/** Phrases longest first, so "logon failed due to server configuration" claims its text before "logon failed". */
const sortedList = derived((list: readonly ErrorPage[]): ErrorPage[] =>
  list
    .filter((p) => typeof p.phrase === 'string' && p.phrase.trim().length >= 6)
    .map((p) => ({ ...p, phrase: p.phrase.trim().toLowerCase().replace(/\s+/g, ' ') }))
    .sort((a, b) => b.phrase.length - a.phrase.length),
);
const sortedPages = (reference: ReferenceData): ErrorPage[] =>
  sortedList(Array.isArray(reference?.errorPages) ? reference.errorPages : []);

/** Most occurrences of one phrase looked at (the text is bounded; this bounds the claims list). */
const MAX_HITS = 20;

/**
 * Error-page wording without a number ("Access is denied due to server configuration") mapped to
 * its code. `lower` is the normalised message in lower case with every whitespace char a space.
 */
export function errorPageCodes(lower: string, reference: ReferenceData): PlacedCode[] {
  const claimed: [number, number][] = [];
  const found: PlacedCode[] = [];
  for (const page of sortedPages(reference)) {
    let from = 0;
    for (let hits = 0; hits < MAX_HITS; hits++) {
      const at = lower.indexOf(page.phrase, from);
      if (at < 0) break;
      from = at + page.phrase.length;
      const end = from;
      if (claimed.some(([s, e]) => at < e && end > s)) continue;
      // A phrase must not start or end inside a word ("logon failed" in "logon failedx").
      if (/\w/.test(lower[at - 1] ?? '') || /\w/.test(lower[end] ?? '')) continue;
      claimed.push([at, end]);
      found.push({
        status: page.status,
        substatus: page.substatus ?? null,
        win32: null,
        source: 'error-page',
        evidence: page.phrase.slice(0, 120),
        at,
      });
    }
  }
  return found;
}
