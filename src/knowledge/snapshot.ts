// A compiled snapshot of a validated artefact (the knowledge; the ranking's indexes): its
// value as JSON beside the key of the sources it was compiled from. Loading a current snapshot
// skips reading YAML and validating with zod: the value was validated when it was written.
// load.ts reads and writes them (build/<name>.snapshot.json); `npm run build` writes them.

/** Bumped whenever the layout below, or what a snapshot holds, changes meaning. */
export const SNAPSHOT_FORMAT = 1;

/**
 * Something loaded at start from files, slowly (parse, validate), that a snapshot can stand in
 * for. Adding one: describe it here, load it with `loadArtefact`, list it in `SNAPSHOTS` (src/snapshots.ts).
 */
export interface Artefact<T> {
  /** The snapshot's file name: `<name>.snapshot.json`. */
  name: string;
  /** Files and folders it is compiled from: any change to them makes its snapshot stale. */
  sources: readonly string[];
  /**
   * The code that compiles it (folders of sources): a change to it makes the snapshot stale too.
   * Where it is absent (an installed build without src/), the snapshot built with it is taken.
   */
  code: readonly string[];
  /** The slow load from the sources, with every check; throws AppError when they are unusable. */
  compile: () => Promise<T>;
}

/** What some files were: their key when a snapshot was compiled from them. */
export interface FilesKey {
  /** Names, sizes and modification times: equal means unchanged, without reading them. */
  listing: string;
  /** Names and contents: decides when the listing differs (a checkout touches times). */
  content: string;
}

/** What the sources and the code were when a snapshot was compiled from them. */
export interface SnapshotKey {
  format: number;
  sources: FilesKey;
  code: FilesKey;
}

/** The key on the first line (checked before the value is parsed), the value on the second. */
export const encodeSnapshot = (key: Omit<SnapshotKey, 'format'>, value: unknown): string =>
  `${JSON.stringify({ format: SNAPSHOT_FORMAT, sources: key.sources, code: key.code })}\n${JSON.stringify(value)}\n`;

const isFilesKey = (k: unknown): k is FilesKey =>
  typeof (k as FilesKey | null)?.listing === 'string' &&
  typeof (k as FilesKey | null)?.content === 'string';

/** A snapshot's key, and where its value starts; null for a damaged or foreign file. */
export function snapshotKey(text: string): { key: SnapshotKey; valueAt: number } | null {
  const nl = text.indexOf('\n');
  if (nl < 0) return null;
  let key: unknown;
  try {
    key = JSON.parse(text.slice(0, nl));
  } catch {
    return null; // not ours, or cut short: the sources decide
  }
  const k = key as Partial<SnapshotKey> | null;
  if (k?.format !== SNAPSHOT_FORMAT || !isFilesKey(k.sources) || !isFilesKey(k.code)) return null;
  return { key: { format: k.format, sources: k.sources, code: k.code }, valueAt: nl + 1 };
}
