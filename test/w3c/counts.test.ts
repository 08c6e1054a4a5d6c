import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { scanFiles } from '../../src/w3c/read.js';
import { describeShared, GENERATOR } from '../shared.js';
import { awkCounts, generate, hasAwk, tripleCounts } from './helpers.js';

const noStdin = new PassThrough();
const VARIANTS = [
  ['--lines', '20000', '--seed', '3'],
  ['--lines', '20000', '--seed', '3', '--fields-change'],
  ['--lines', '20000', '--seed', '3', '--format', 'iis6'],
];

describeShared(GENERATOR, 'scan counts against an independent awk count', () => {
  it.skipIf(!hasAwk).each(VARIANTS.map((v) => [v.join(' '), v] as const))(
    'equals the header-aware awk count per code triple for %s',
    async (_label, args) => {
      const file = generate(args);
      const state = await scanFiles([file], noStdin);
      const newlines = readFileSync(file).reduce((n, b) => (b === 10 ? n + 1 : n), 0);
      const awk = awkCounts(file);
      expect(tripleCounts(state)).toEqual(awk);
      expect(state.entries).toBe(Object.values(awk).reduce((a, b) => a + b, 0));
      expect(state.lines).toBe(newlines);
      expect(state.skipped).toBe(0);
      expect(state.lines).toBe(state.entries + state.directives);
    },
  );
});
