// Cheap change detection for what the build leaves in build/ (the scan kernel, the knowledge
// snapshot): hashes of names, sizes and times, or of contents. It guards against edits, not forgery.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A 64-bit FNV-1a of a text's UTF-16 units (two 32-bit lanes), as hex, in plain code (loading
 * node:crypto for it costs more start-up than the whole check).
 */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const hex = (h: number): string => (h >>> 0).toString(16).padStart(8, '0');
  return `${hex(h1)}${hex(h2)}`;
}

/** The fingerprint of the tree under `dir`: a hash of every file's path, size and mtime. */
export function fingerprint(dir: string): string {
  const text = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => ({ rel: rel.split('\\').join('/'), st: statSync(join(dir, rel)) }))
    .filter(({ st }) => st.isFile())
    .map(({ rel, st }) => `${rel}\t${st.size}\t${st.mtimeMs}`)
    .sort()
    .join('\n');
  return `${hash64(text)}-${text.length}`;
}
