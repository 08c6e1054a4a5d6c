import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDistFresh } from '../../bin/fresh.js';
import { buildDist } from '../../scripts/build.js';
import type { Metafile } from 'esbuild';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

// a CLI entry that says which tree it was loaded from
const MAIN = `import { where } from '../where.js';
export const runFromProcess = async (): Promise<void> => {
  process.stdout.write(where(import.meta.url) + ' ' + process.argv.slice(2).join(' '));
};
`;
const WHERE = `export const where = (url: string): string => (url.endsWith('.ts') ? 'src' : 'dist');\n`;

let root: string;
const write = (rel: string, text: string): void => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'iis-build-'));
  write('package.json', '{ "type": "module" }\n');
  write('src/cli/main.ts', MAIN);
  write('src/where.ts', WHERE);
  write('src/spare.ts', 'export const spare = 1;\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('buildDist', () => {
  it('writes one .js per module and a stamp that says dist is fresh', async () => {
    const { files } = await buildDist(root);
    expect(files).toBe(3);
    expect(readFileSync(join(root, 'dist/cli/main.js'), 'utf8')).toContain('../where.js');
    expect(existsSync(join(root, 'dist/where.js'))).toBe(true);
    expect(isDistFresh(root)).toBe(true);
  });

  it('removes what a previous build left behind', async () => {
    write('src/old.ts', 'export const x = 1;\n');
    await buildDist(root);
    rmSync(join(root, 'src/old.ts'));
    await buildDist(root);
    expect(existsSync(join(root, 'dist/old.js'))).toBe(false);
  });
});

describe('isDistFresh', () => {
  it('is false without a build, or with a damaged stamp', async () => {
    expect(isDistFresh(root)).toBe(false);
    await buildDist(root);
    writeFileSync(join(root, 'dist/stamp.json'), '{"src": ');
    expect(isDistFresh(root)).toBe(false);
  });

  it.each([
    ['a file is edited', () => write('src/where.ts', `${WHERE}// edited\n`)],
    ['a file is added', () => write('src/cli/extra.ts', 'export const y = 2;\n')],
    ['a file is removed', () => rmSync(join(root, 'src/spare.ts'))],
    [
      'a file is put back with an older time',
      () => {
        const file = join(root, 'src/where.ts');
        const old = new Date(statSync(file).mtimeMs - 60_000);
        writeFileSync(file, WHERE.replace('src', 'SRC'));
        utimesSync(file, old, old);
      },
    ],
  ])('is false once %s', async (_what, change) => {
    await buildDist(root);
    change();
    expect(isDistFresh(root)).toBe(false);
    await buildDist(root);
    expect(isDistFresh(root)).toBe(true);
  });

  it('is true for a dist shipped without its sources', async () => {
    await buildDist(root);
    rmSync(join(root, 'src'), { recursive: true });
    expect(isDistFresh(root)).toBe(true);
  });
});

describe('bin/iis-triage.js', () => {
  const runBin = (): string => {
    const r = spawnSync(process.execPath, [join(root, 'bin/iis-triage.js'), 'scan', 'x.log'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    return r.stdout;
  };

  beforeEach(() => {
    cpSync(join(REPO, 'bin'), join(root, 'bin'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  });

  it('runs the built CLI while dist is fresh, and the sources once it is stale', async () => {
    expect(runBin()).toBe('src scan x.log');
    await buildDist(root);
    expect(runBin()).toBe('dist scan x.log');
    write('src/where.ts', `${WHERE}// edited after the build\n`);
    expect(runBin()).toBe('src scan x.log');
  });
});

describe('the CLI bundle', () => {
  /** Every module an output loads before its code runs (static imports, followed). */
  const loadedWith = (meta: Metafile, output: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(output)) return seen;
    seen.add(output);
    for (const i of meta.outputs[output]?.imports ?? [])
      if (i.kind === 'import-statement') loadedWith(meta, i.path, seen);
    return seen;
  };

  beforeEach(() => {
    rmSync(join(root, 'src'), { recursive: true });
    for (const d of ['src', 'bin', 'knowledge', 'package.json'])
      cpSync(join(REPO, d), join(root, d), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  });

  it('starts explain without YAML or zod, and still reads knowledge without a snapshot', async () => {
    const { bundle } = await buildDist(root);
    const main = 'dist/bundle/main.js';
    const explain = bundle.outputs[main]?.imports.find(
      (i) => i.kind === 'dynamic-import' && /\/explain-/.test(i.path),
    )?.path;
    expect(explain).toBeDefined();
    const start = new Set([...loadedWith(bundle, main), ...loadedWith(bundle, explain!)]);
    const inputs = [...start].flatMap((o) => Object.keys(bundle.outputs[o]?.inputs ?? {}));
    expect(inputs).toContain('src/dialog/turn.ts');
    expect(inputs).toContain('src/knowledge/load.ts');
    expect(
      inputs.filter((i) => /node_modules\/(yaml|zod)\/|knowledge\/(parse|schema)/.test(i)),
    ).toEqual([]);
    expect(start).not.toContain('yaml');
    expect(start).not.toContain('zod');

    // no build/ here: the knowledge is read from its files, with the parser from dist/knowledge/
    const r = spawnSync(process.execPath, [join(root, 'bin/iis-triage.js'), 'explain', '401.2'], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^401\.2 /);
  });
});
