import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import { HAS_WORD } from '../../src/extract/signals.js';
import { DETECTORS, type Detector } from '../../src/extract/signal-table.js';
import { loadReference } from './reference.js';

// Like lnav's format samples: every fact detector carries messages it must read one way and
// messages it must not, beside its pattern; a change to one pattern is checked against them all.
const ref = loadReference();
const valuesOf = (text: string, fact: string): string[] =>
  readMessage(text, ref)
    .signals.filter((s) => s.fact === fact)
    .map((s) => s.value);

const gives = (d: Detector): string[] =>
  typeof d.value === 'string' ? [d.value] : Object.values(d.value).filter((v): v is string => !!v);

const label = (d: Detector, i: number) => `${d.fact} #${i + 1} (${d.re.source.slice(0, 50)}…)`;

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
    fc.assert(
      fc.property(letterless, (text) => {
        expect(HAS_WORD.test(text)).toBe(false);
        for (const d of DETECTORS) {
          d.re.lastIndex = 0;
          const hit = d.re.test(text);
          d.re.lastIndex = 0;
          expect(hit, `${d.fact}: ${d.re.source.slice(0, 60)}`).toBe(false);
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
