import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
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
