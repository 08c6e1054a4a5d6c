// Snapshots on disk (../snapshot.ts says what they are): whether one is current, reading it, and
// writing it whole.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fingerprint, hash64 } from '../../fingerprint.js';
import { SNAPSHOT_DIR } from '../dirs.js';
import { encodeSnapshot, snapshotKey, type Artefact, type FilesKey } from '../snapshot.js';

/** Files beyond this are not hashed for the content check (the artefact is then compiled). */
const MAX_CONTENT_BYTES = 64 * 1024 * 1024;

const statOrNull = (path: string) => statSync(path, { throwIfNoEntry: false }) ?? null;

/** Names (with the source's own name: entries carry it), sizes and times, one stat each. */
function listingKey(sources: readonly string[]): string {
  const parts = sources.map((src, i) => {
    const st = statOrNull(src);
    const head = `${i}:${basename(src)}`;
    if (!st) return `${head}:missing`;
    return st.isDirectory() ? `${head}:${fingerprint(src)}` : `${head}:${st.size}:${st.mtimeMs}`;
  });
  return hash64(parts.join('\n'));
}

/** Names and contents; null when the sources are too large to be worth hashing. */
function contentKey(sources: readonly string[]): string | null {
  let bytes = 0;
  const parts: string[] = [];
  for (const [i, src] of sources.entries()) {
    const st = statOrNull(src);
    const files = !st
      ? []
      : st.isDirectory()
        ? readdirSync(src, { recursive: true, encoding: 'utf8' })
            .map((rel) => join(src, rel))
            .filter((p) => statOrNull(p)?.isFile())
            .sort()
        : [src];
    parts.push(`${i}:${basename(src)}:${st ? files.length : 'missing'}`);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      bytes += text.length;
      if (bytes > MAX_CONTENT_BYTES) return null;
      parts.push(`${relative(src, file).split('\\').join('/')}\n${text}`);
    }
  }
  return hash64(parts.join('\n'));
}

const snapshotFile = (a: Artefact<unknown>, dir: string): string =>
  join(dir, `${a.name}.snapshot.json`);

/** The snapshot's text and where its value starts, when it was compiled from the sources as they are. */
async function currentSnapshot(
  a: Artefact<unknown>,
  snapshotDir: string,
): Promise<{ text: string; valueAt: number } | null> {
  let text: string;
  try {
    text = await readFile(snapshotFile(a, snapshotDir), 'utf8');
  } catch {
    return null; // none written, or unreadable: the sources decide
  }
  const found = snapshotKey(text);
  if (!found) return null;
  const { key, valueAt } = found;
  const matches = (k: FilesKey, paths: readonly string[]): boolean =>
    k.listing === listingKey(paths) || k.content === contentKey(paths);
  try {
    const hasCode = a.code.every((c) => existsSync(c));
    const current = matches(key.sources, a.sources) && (!hasCode || matches(key.code, a.code));
    return current ? { text, valueAt } : null;
  } catch {
    return null; // sources that cannot be listed or read: compiling them says why
  }
}

/** True when the artefact's snapshot was compiled from its sources as they are now. */
export const isSnapshotCurrent = async (
  a: Artefact<unknown>,
  snapshotDir: string = SNAPSHOT_DIR,
): Promise<boolean> => (await currentSnapshot(a, snapshotDir)) !== null;

/** An artefact from its snapshot when that is current, else null (nothing is compiled). */
export async function readSnapshot<T>(
  a: Artefact<T>,
  snapshotDir: string = SNAPSHOT_DIR,
): Promise<T | null> {
  const snapshot = await currentSnapshot(a, snapshotDir);
  // written by writeSnapshot from a value compile() returned: validated then
  return snapshot ? (JSON.parse(snapshot.text.slice(snapshot.valueAt)) as T) : null;
}

/**
 * An artefact from its snapshot when that was compiled from the sources as they are now, else
 * compiled from the sources (with every check, and the same errors). `from` says which.
 */
export async function loadArtefact<T>(
  a: Artefact<T>,
  snapshotDir: string = SNAPSHOT_DIR,
): Promise<{ value: T; from: 'snapshot' | 'sources' }> {
  const value = await readSnapshot(a, snapshotDir);
  if (value !== null) return { value, from: 'snapshot' };
  return { value: await a.compile(), from: 'sources' };
}

/**
 * Compiles an artefact and writes its snapshot (whole or not at all); a stale one is removed
 * first, so sources that no longer compile leave none. Throws what compile() throws.
 */
export async function writeSnapshot(
  a: Artefact<unknown>,
  snapshotDir: string = SNAPSHOT_DIR,
): Promise<{ file: string; bytes: number }> {
  const file = snapshotFile(a, snapshotDir);
  await rm(file, { force: true });
  // the key is taken before reading: an edit made while compiling leaves the snapshot stale
  const keyOf = (paths: readonly string[]): FilesKey => ({
    listing: listingKey(paths),
    content: contentKey(paths) ?? '',
  });
  const key = { sources: keyOf(a.sources), code: keyOf(a.code) };
  const value = await a.compile();
  const text = encodeSnapshot(key, value);
  await mkdir(snapshotDir, { recursive: true });
  await writeFile(`${file}.part`, text);
  await rename(`${file}.part`, file);
  return { file, bytes: Buffer.byteLength(text) };
}
