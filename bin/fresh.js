// Is dist/ (npm run build) current with src/? The build records a fingerprint of src/ (every
// file's path, size and modification time) in dist/stamp.json; any edit, added, removed or
// renamed file, or a file put back with an older time, changes it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP = 'stamp.json';

/**
 * One line per file under `dir`: path (with '/'), size, mtime. One stat each; plain string joins
 * rather than node:path (this runs before every command, still in the interpreter).
 */
function listing(dir, prefix = '', out = []) {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${d.name}`;
    if (d.isDirectory()) listing(p, `${prefix}${d.name}/`, out);
    else {
      const st = statSync(p);
      out.push(`${prefix}${d.name}\t${st.size}\t${st.mtimeMs}`);
    }
  }
  return out;
}

/**
 * A 64-bit FNV-1a of a text's UTF-16 units (two 32-bit lanes), as hex, in plain JS (loading
 * node:crypto for it cost more start-up than the whole check; this guards against edits, not
 * against forgery).
 */
export function hash64(text) {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const hex = (h) => (h >>> 0).toString(16).padStart(8, '0');
  return `${hex(h1)}${hex(h2)}`;
}

/** The fingerprint of the tree under `dir`: a hash of the listing (paths, sizes, mtimes). */
export function fingerprint(dir) {
  const text = listing(dir).sort().join('\n');
  return `${hash64(text)}-${text.length}`;
}

/** True when `root`/dist was built from `root`/src as it is now (no src/: dist is all there is). */
export function isDistFresh(root) {
  const stampFile = join(root, 'dist', STAMP);
  if (!existsSync(stampFile)) return false;
  const src = join(root, 'src');
  if (!existsSync(src)) return true;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return false; // a half-written or damaged stamp: run the sources
  }
  return typeof stamp?.src === 'string' && stamp.src === fingerprint(src);
}
