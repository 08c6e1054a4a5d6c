import { expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import type { CodeTriple } from '../../src/extract/index.js';
import { describeShared, devCases, DEV_CASES } from '../shared.js';
import { loadReference } from './reference.js';

interface DevCase {
  id: string;
  message: string;
  expected: { codes: CodeTriple[] };
}

const same = (want: CodeTriple, got: CodeTriple) =>
  (want.status === null || want.status === got.status) &&
  (want.substatus === null || want.substatus === got.substatus) &&
  (want.win32 === null || want.win32 === got.win32);

describeShared(DEV_CASES, 'dev cases', () => {
  const ref = loadReference();
  const cases = devCases<DevCase>();
  it.each(cases.map((c) => [c.id, c] as const))('finds every expected code in %s', (_id, c) => {
    const found = readMessage(c.message, ref).codes;
    for (const want of c.expected.codes) {
      expect(
        found.some((got) => same(want, got)),
        JSON.stringify(want),
      ).toBe(true);
    }
  });
});
