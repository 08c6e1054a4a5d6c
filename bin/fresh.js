// Is dist/ (npm run build) current with src/? The build records a fingerprint of src/ (every
// file's path, size and modification time) in dist/stamp.json; any edit, added, removed or
// renamed file, or a file put back with an older time, changes it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const STAMP = 'stamp.json';

/** One line per file under `dir` (sorted): path, size, mtime. One stat each, a few ms for src/. */
function listing(dir, root = dir, out = []) {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) listing(p, root, out);
    else {
      const st = statSync(p);
      out.push(`${relative(root, p)}\t${st.size}\t${st.mtimeMs}`);
    }
  }
  return out;
}

/** The fingerprint of the tree under `dir`. */
export function fingerprint(dir) {
  return createHash('sha256').update(listing(dir).sort().join('\n')).digest('hex');
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
