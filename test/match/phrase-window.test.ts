import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { getMatcher } from '../../src/match/index.js';
import { messageTokens, phraseHits, type PhraseDoc } from '../../src/match/phrase-index.js';
import { TUNING } from '../../src/match/tuning.js';

// A phrase counts by the words of it that stand close together in the message: the best window
// of 3 tokens per phrase word (at least 6). This checks the ranking's windowed count against the
// rule computed the slow, obvious way, over messages made of a phrase's words and filler.
const matcher = getMatcher(await loadKnowledge());
const index = matcher.index;

/** The rule, by brute force: every window start, the idf of the distinct phrase words inside. */
const expectedCoverage = (doc: PhraseDoc, tokens: readonly string[]): number => {
  const words = doc.terms.filter((t) => !t.includes('_'));
  const width = Math.max(6, 3 * words.length);
  const idf = (t: string) => index.idf.get(t) ?? 0;
  let best = 0;
  for (let from = 0; from < tokens.length; from++) {
    const inside = new Set(tokens.slice(from, from + width).filter((t) => words.includes(t)));
    best = Math.max(
      best,
      [...inside].reduce((s, t) => s + idf(t), 0),
    );
  }
  const pairs = new Set(tokens.slice(1).map((t, i) => `${tokens[i]}_${t}`));
  for (const t of doc.terms) if (pairs.has(t)) best += idf(t) * TUNING.bigramBonus;
  const damp = Math.min(1, doc.mass / TUNING.minInformativeMass);
  return damp * Math.min(1, best / doc.mass);
};

// phrases of a few words whose tokens read back as themselves (no stop words, no typo fixing)
const docs = index.docs.filter((d) => {
  const words = d.terms.filter((t) => !t.includes('_'));
  return (
    words.length >= 2 &&
    words.length <= 5 &&
    d.mass > 0 &&
    messageTokens(index, words.join(' ')).tokens.join(' ') === words.join(' ')
  );
});
const FILLER = ['zzqa', 'zzqb', 'zzqc'];

const coverageOf = (doc: PhraseDoc, tokens: readonly string[]): number =>
  phraseHits(index, messageTokens(index, tokens.join(' '))).find((h) => h.phrase === doc.text)
    ?.coverage ?? 0;

describe('phrase words count when they stand close together', () => {
  it('has phrases to check', () => {
    expect(docs.length).toBeGreaterThan(50);
  });

  it('a phrase written out in full covers it; its words scattered far apart cover less', () => {
    const doc = docs.find((d) => d.terms.filter((t) => !t.includes('_')).length === 3)!;
    const words = doc.terms.filter((t) => !t.includes('_'));
    const together = coverageOf(doc, words);
    const apart = coverageOf(
      doc,
      words.flatMap((w) => [w, ...Array<string>(12).fill('zzqa')]),
    );
    expect(together).toBeCloseTo(Math.min(1, doc.mass / TUNING.minInformativeMass), 6);
    expect(apart).toBeLessThan(together);
  });

  it('matches the rule computed by brute force, for any order, repetition and spacing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: docs.length - 1 }),
        // mostly filler, so that windows hold some of the phrase's words and not others
        fc.array(
          fc.oneof(
            { arbitrary: fc.nat({ max: 9 }), weight: 1 },
            { arbitrary: fc.constantFrom(-1, -2, -3), weight: 5 },
          ),
          { maxLength: 80 },
        ),
        (d, picks) => {
          const doc = docs[d]!;
          const words = doc.terms.filter((t) => !t.includes('_'));
          // a pick names a phrase word (modulo their count) or, when negative, a filler word
          const tokens = picks.map((p) => (p < 0 ? FILLER[-p - 1]! : words[p % words.length]!));
          expect(coverageOf(doc, tokens)).toBeCloseTo(expectedCoverage(doc, tokens), 9);
        },
      ),
      { numRuns: 500, seed: 4242 },
    );
  });
});
