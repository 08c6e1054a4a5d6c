import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../src/errors.js';
import {
  compileKnowledge,
  DEFAULT_KNOWLEDGE_DIR,
  knowledgeArtefact,
  loadArtefact,
  writeSnapshot,
} from '../../src/knowledge/load.js';
import { SNAPSHOT_FORMAT, type Artefact } from '../../src/knowledge/snapshot.js';
import { entryText, makeKnowledge, removeKnowledge } from './helpers.js';

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'iis-snapshot-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

/** An artefact over one file and one folder whose compile counts its calls. */
function counted(): { artefact: Artefact<{ text: string }>; calls: () => number; file: string } {
  const file = join(tmp, 'src', 'model.json');
  const code = join(tmp, 'code');
  let calls = 0;
  return {
    file,
    calls: () => calls,
    artefact: {
      name: 'model',
      sources: [file],
      code: [code],
      compile: () => {
        calls++;
        const text = readFileSync(file, 'utf8');
        if (text.includes('broken'))
          return Promise.reject(new AppError('E_KNOWLEDGE', `${file}: broken`));
        return Promise.resolve({ text });
      },
    },
  };
}

async function setUp(): Promise<ReturnType<typeof counted>> {
  const c = counted();
  await mkdir(join(tmp, 'src'), { recursive: true });
  await mkdir(join(tmp, 'code'), { recursive: true });
  writeFileSync(c.file, 'one');
  writeFileSync(join(tmp, 'code', 'parse.ts'), 'export {};\n');
  return c;
}
const snapDir = () => join(tmp, 'build');

describe('snapshots', () => {
  it('serve the compiled value without compiling again while the sources are unchanged', async () => {
    const c = await setUp();
    await writeSnapshot(c.artefact, snapDir());
    expect(c.calls()).toBe(1);
    expect(await loadArtefact(c.artefact, snapDir())).toEqual({
      value: { text: 'one' },
      from: 'snapshot',
    });
    expect(c.calls()).toBe(1);
  });

  it.each([
    ['a source file is edited', (c: ReturnType<typeof counted>) => writeFileSync(c.file, 'two')],
    [
      'a code file is added',
      () => writeFileSync(join(tmp, 'code', 'schema.ts'), 'export const x = 1;\n'),
    ],
    [
      'a source is put back with an older time and the same size',
      (c: ReturnType<typeof counted>) => {
        const old = new Date(statSync(c.file).mtimeMs - 60_000);
        writeFileSync(c.file, 'two'.slice(0, 3));
        utimesSync(c.file, old, old);
      },
    ],
    ['a source is removed', (c: ReturnType<typeof counted>) => rmSync(c.file)],
  ])('are stale once %s: the sources are compiled', async (_what, change) => {
    const c = await setUp();
    await writeSnapshot(c.artefact, snapDir());
    change(c);
    const loaded = await loadArtefact(c.artefact, snapDir()).catch(() => null);
    expect(c.calls()).toBe(2);
    // a removed source fails to compile; the others compile afresh
    expect(loaded?.from ?? 'sources').toBe('sources');
  });

  it('stay current when a checkout only touches the times', async () => {
    const c = await setUp();
    await writeSnapshot(c.artefact, snapDir());
    const later = new Date(Date.now() + 60_000);
    utimesSync(c.file, later, later);
    expect((await loadArtefact(c.artefact, snapDir())).from).toBe('snapshot');
    expect(c.calls()).toBe(1);
  });

  it('are taken as they are where the code is absent (a build installed without src/)', async () => {
    const c = await setUp();
    await writeSnapshot(c.artefact, snapDir());
    rmSync(join(tmp, 'code'), { recursive: true });
    expect((await loadArtefact(c.artefact, snapDir())).from).toBe('snapshot');
    writeFileSync(c.file, 'two');
    expect((await loadArtefact(c.artefact, snapDir())).value).toEqual({ text: 'two' });
  });

  it.each([
    ['cut short', (text: string) => text.slice(0, text.length / 2)],
    [
      'of another format',
      (text: string) => text.replace(`"format":${SNAPSHOT_FORMAT}`, '"format":0'),
    ],
    ['not a snapshot', () => 'hello'],
  ])('are ignored when %s', async (_what, damage) => {
    const c = await setUp();
    const { file } = await writeSnapshot(c.artefact, snapDir());
    writeFileSync(file, damage(readFileSync(file, 'utf8')));
    expect(await loadArtefact(c.artefact, snapDir())).toEqual({
      value: { text: 'one' },
      from: 'sources',
    });
  });

  it('give the same error as the sources once these are broken, and none is written for them', async () => {
    const c = await setUp();
    const { file } = await writeSnapshot(c.artefact, snapDir());
    writeFileSync(c.file, 'broken');
    await expect(loadArtefact(c.artefact, snapDir())).rejects.toThrow(`${c.file}: broken`);
    await expect(writeSnapshot(c.artefact, snapDir())).rejects.toThrow('broken');
    expect(() => statSync(file)).toThrow(/ENOENT/);
  });
});

describe('the knowledge snapshot', () => {
  it('holds exactly what reading the knowledge folder gives', async () => {
    const artefact = knowledgeArtefact(DEFAULT_KNOWLEDGE_DIR);
    await writeSnapshot(artefact, snapDir());
    const loaded = await loadArtefact(artefact, snapDir());
    expect(loaded.from).toBe('snapshot');
    expect(loaded.value).toStrictEqual(await compileKnowledge(DEFAULT_KNOWLEDGE_DIR));
  });

  it('is not taken for a folder edited since: its problems are reported as without one', async () => {
    const dir = await makeKnowledge({ 'causes/alpha.md': entryText('alpha') });
    try {
      const artefact = knowledgeArtefact(dir);
      await writeSnapshot(artefact, snapDir());
      writeFileSync(
        join(dir, 'causes', 'alpha.md'),
        entryText('alpha', { codes: "[{ status: '401' }]" }),
      );
      const error: unknown = await loadArtefact(artefact, snapDir()).catch((e: unknown) => e);
      const direct: unknown = await compileKnowledge(dir).catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('E_KNOWLEDGE');
      expect((error as Error).message).toBe((direct as Error).message);
      expect((error as Error).message).toContain('knowledge/causes/alpha.md: codes');
    } finally {
      await removeKnowledge(dir);
    }
  });
});
