// Is dist/ (npm run build) current with src/? The build records src/'s listing (every file's
// path, size and modification time) in dist/stamp.json; any edit, added, removed or renamed file,
// or a file put back with an older time, changes it. Plain JS: it runs before tsx is loaded.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const STAMP = 'stamp.json';

/**
 * One line per file under `dir`: path (with '/'), size, mtime, sorted. One stat each; plain
 * string joins rather than node:path (this runs before every command, still in the interpreter).
 */
export function listing(dir) {
  const out = [];
  const walk = (at, prefix) => {
    for (const d of readdirSync(at, { withFileTypes: true })) {
      const p = `${at}/${d.name}`;
      if (d.isDirectory()) walk(p, `${prefix}${d.name}/`);
      else {
        const st = statSync(p);
        out.push(`${prefix}${d.name}\t${st.size}\t${st.mtimeMs}`);
      }
    }
  };
  walk(dir, '');
  return out.sort().join('\n');
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
  return typeof stamp?.src === 'string' && stamp.src === listing(src);
}
