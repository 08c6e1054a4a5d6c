import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parse } from 'yaml';
import { devCases } from '../shared.js';

const TRANSCRIPTS = new URL('../fixtures/transcripts/', import.meta.url);

/** Messages people really send: the dev cases (when ../shared is there) and our transcripts. */
export const realMessages = (): string[] => {
  const out = devCases().map((c) => c.message);
  for (const file of readdirSync(TRANSCRIPTS).filter((f) => f.endsWith('.yaml'))) {
    const doc = parse(readFileSync(new URL(file, TRANSCRIPTS), 'utf8')) as {
      steps?: { user?: unknown; answer?: unknown }[];
    };
    for (const step of doc.steps ?? []) {
      for (const v of [step.user, step.answer]) if (typeof v === 'string') out.push(v);
    }
  }
  out.push(
    'help',
    'reset',
    'codes',
    'explain 401.2',
    'win32 1326',
    '0x8009030e',
    '1',
    'yes',
    'no',
    "I don't know",
    '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0 - 401 1 1326 31',
  );
  return out;
};

const JUNK = [
  '\u0000',
  '\u001b[2J',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\u202e',
  '\r',
  '\n\n\n',
  '<at>iis-triage</at>',
  '<p>',
  '&amp;&#x41;&#99999999;',
  '```',
  '*'.repeat(50),
  '401.',
  '.2',
  '#Fields: ',
  'Authorization: Negotiate ',
  'password=',
  '\t',
  '0x',
  '-',
  '"',
  '🔒',
];

/** Real messages, mutated: cut, spliced, repeated (beyond the size caps), junk inserted, digits changed. */
export const mutatedMessage = (corpus: readonly string[]): fc.Arbitrary<string> => {
  const real = fc.constantFrom(...corpus);
  return fc.oneof(
    { weight: 3, arbitrary: real },
    {
      weight: 2,
      arbitrary: fc
        .tuple(real, fc.nat(), fc.nat())
        .map(([m, a, b]) =>
          m.slice(Math.min(a, b) % (m.length + 1), Math.max(a, b) % (m.length + 1) || undefined),
        ),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(real, fc.nat(), fc.array(fc.constantFrom(...JUNK), { maxLength: 5 }))
        .map(([m, at, junk]) => {
          const i = at % (m.length + 1);
          return m.slice(0, i) + junk.join('') + m.slice(i);
        }),
    },
    { weight: 2, arbitrary: fc.tuple(real, real).map(([a, b]) => `${a}\n${b}`) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(real, fc.integer({ min: 2, max: 2000 }))
        .map(([m, n]) => `${m}\n`.repeat(n)),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(real, fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 8 }))
        .map(([m, ds]) => {
          let k = 0;
          return m.replace(/\d/g, () => String(ds[k++ % ds.length]));
        }),
    },
    { weight: 1, arbitrary: real.map((m) => m.toUpperCase()) },
    { weight: 1, arbitrary: real.map((m) => m.split('\n').reverse().join('\n')) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  );
};
