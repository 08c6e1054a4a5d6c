import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import { HAS_WORD } from '../../src/extract/signals.js';
import type { Detector } from '../../src/knowledge/index.js';
import { loadReference } from './reference.js';

// Like lnav's format samples: every fact detector (knowledge/reference/detectors.yaml) carries
// messages it must read one way and messages it must not, beside its pattern; a change to one
// pattern is checked against them all.
const ref = loadReference();
const DETECTORS = ref.detectors.detectors;
const valuesOf = (text: string, fact: string): string[] =>
  readMessage(text, ref)
    .signals.filter((s) => s.fact === fact)
    .map((s) => s.value);

const gives = (d: Detector): string[] =>
  typeof d.value === 'string' ? [d.value] : Object.values(d.value).filter((v): v is string => !!v);

const label = (d: Detector, i: number) => `${d.fact} #${i + 1} (${d.source.slice(0, 50)}…)`;

describe('fact detectors', () => {
  it.each(DETECTORS.map((d, i) => [label(d, i), d] as const))(
    '%s has an example it reads and one it must not',
    (_, d) => {
      const own = gives(d);
      expect(d.examples.some(([, want]) => want !== null && own.includes(want))).toBe(true);
      expect(d.examples.some(([, want]) => want === null || !own.includes(want))).toBe(true);
    },
  );

  const examples = DETECTORS.flatMap((d) =>
    d.examples.map(([text, want]) => [d.fact, text, want] as const),
  );
  it.each(examples)('%s: %j reads as %j', (fact, text, want) => {
    expect(valuesOf(text, fact)).toEqual(want === null ? [] : [want]);
  });

  it('repeat without bound only a character or a class, never a group (linear in the message)', () => {
    const groupRepeats = (source: string): boolean =>
      /\)(?:[*+]|\{\d+,\})/.test(source.replace(/\\.|\[(?:\\.|[^\]\\])*\]/g, 'x'));
    expect(groupRepeats(String.raw`\b(?:ab|c\))+`)).toBe(true); // the check can fail
    const offenders = DETECTORS.filter(
      (d) => groupRepeats(d.source) || (d.unless !== undefined && groupRepeats(d.unless)),
    );
    expect(offenders.map(label)).toEqual([]);
  });
});

describe('the word gate', () => {
  // single letters may stand between the other characters, never two in a row
  const letterless = fc
    .array(
      fc.oneof(
        fc.constantFrom(...' \t\n0123456789.,:;/\\-_()[]{}#@!?\'"`%&*+=<>|~$^€é'),
        fc
          .tuple(
            fc.constantFrom(...'aefhiklnoqstuvwxzAEFHIKLNOQSTUVWXZ'),
            fc.constantFrom(...' .1-/_:'),
          )
          .map(([a, b]) => a + b),
      ),
      { maxLength: 80 },
    )
    .map((parts) => parts.join(''));

  it('leaves out only text that no detector matches', () => {
    const patterns = DETECTORS.map((d) => [d, new RegExp(d.source, d.flags)] as const);
    fc.assert(
      fc.property(letterless, (text) => {
        expect(HAS_WORD.test(text)).toBe(false);
        for (const [d, re] of patterns) {
          re.lastIndex = 0;
          expect(re.test(text), `${d.fact}: ${d.source.slice(0, 60)}`).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads facts from words beside codes, and none from codes alone', () => {
    expect(readMessage('401.2 0x80070005', ref).signals).toEqual([]);
    expect(valuesOf('401.2 on IIS 7.5 behind a load balancer', 'intermediary')).not.toEqual([]);
  });
});
