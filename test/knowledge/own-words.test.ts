import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeShared, sharedPath } from '../shared.js';

// Facts carry over from the seed article and its thread; sentences do not. A run of this many
// words in a row shared with the seed is a copied sentence, not a shared fact or an error-page title.
const RUN = 12;
const SEED = sharedPath('seed');
const words = (t: string): string[] =>
  t
    .toLowerCase()
    .replace(/’/g, "'")
    .match(/[a-z0-9']+/g) ?? [];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });

describeShared('seed', 'knowledge in our own words', () => {
  const seed = filesUnder(SEED).flatMap((f) => words(readFileSync(f, 'utf8')));
  const runs = new Set<string>();
  for (let i = 0; i + RUN <= seed.length; i++) runs.add(seed.slice(i, i + RUN).join(' '));

  it.each(filesUnder('knowledge').filter((f) => /\.(md|ya?ml)$/.test(f)))(
    '%s copies no sentence of the seed',
    (file) => {
      const w = words(readFileSync(file, 'utf8'));
      const copied: string[] = [];
      for (let i = 0; i + RUN <= w.length; i++) {
        const run = w.slice(i, i + RUN).join(' ');
        if (runs.has(run)) copied.push(run);
      }
      expect(copied).toEqual([]);
    },
  );
});
