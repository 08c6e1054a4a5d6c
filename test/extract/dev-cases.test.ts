import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import type { CodeTriple } from '../../src/extract/index.js';
import { loadReference, SHARED } from './reference.js';

const FILE = `${SHARED}eval/dev-cases.jsonl`;

interface DevCase {
  id: string;
  message: string;
  expected: { codes: CodeTriple[] };
}

const same = (want: CodeTriple, got: CodeTriple) =>
  (want.status === null || want.status === got.status) &&
  (want.substatus === null || want.substatus === got.substatus) &&
  (want.win32 === null || want.win32 === got.win32);

describe.skipIf(!existsSync(FILE))(
  'dev cases (../shared/eval/dev-cases.jsonl absent: skipped)',
  () => {
    const ref = loadReference();
    const cases = existsSync(FILE)
      ? readFileSync(FILE, 'utf8')
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l) as DevCase)
      : [];

    it.each(cases.map((c) => [c.id, c] as const))('finds every expected code in %s', (_id, c) => {
      const found = readMessage(c.message, ref).codes;
      for (const want of c.expected.codes) {
        expect(
          found.some((got) => same(want, got)),
          JSON.stringify(want),
        ).toBe(true);
      }
    });
  },
);
