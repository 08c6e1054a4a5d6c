import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = ['extract', 'knowledge', 'match', 'dialog', 'render', 'w3c'];
const FORBIDDEN =
  /from '(botbuilder[^']*|restify[^']*|@slack\/(?!types')[^']*|node:fs[^']*|node:child_process)'|from '\.\.\/(channels|server|cli|state)\/|\bprocess\.|\bconsole\.|Date\.now\(|new Date\(\)|Math\.random\(/;

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });

const coreFiles = (): string[] => [
  ...CORE.flatMap((d) => filesUnder(join('src', d))),
  join('src', 'analysis.ts'),
];

describe('the core', () => {
  // read.ts / load.ts are where disk access lives; worker entry points are adapters of their own
  it.each(coreFiles().filter((f) => !/\/(load|read)\.ts$|worker/.test(f)))(
    '%s stays free of I/O, adapters, clocks and randomness',
    (file) => {
      expect(readFileSync(file, 'utf8')).not.toMatch(FORBIDDEN);
    },
  );
});

describe('botbuilder', () => {
  it('is imported only by the Teams channel and the server', () => {
    const offenders = filesUnder('src').filter(
      (f) =>
        !/^src\/(channels\/teams|server)\//.test(f) &&
        /from 'botbuilder/.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

describe('src/', () => {
  it('imports nothing from bin/ (the bin starts the program; the program does not lean on it)', () => {
    const offenders = filesUnder('src').filter((f) =>
      /from '(\.\.\/)+bin\//.test(readFileSync(f, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
