// npm run build: transpiles src/ to dist/, one .js per module (pool.ts finds its worker as
// read.js beside pool.js), and writes dist/stamp.json so bin/iis-triage.js can tell a stale dist.
// It also compiles the scan kernel (src/w3c/kernel/, AssemblyScript) when build/ lacks a
// current one (scripts/build-kernel.ts).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP, fingerprint } from '../bin/fresh.js';
import { buildKernel, kernelIsCurrent } from './build-kernel.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    // the kernel is AssemblyScript, compiled to WebAssembly by build-kernel.ts
    if (d.isDirectory()) return d.name === 'kernel' ? [] : sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });

/** Builds `root`/src into `root`/dist (tests pass a copy of the tree). */
export async function buildDist(root = ROOT): Promise<{ files: number; ms: number }> {
  const t0 = performance.now();
  if (root === ROOT && !kernelIsCurrent()) await buildKernel();
  const src = join(root, 'src');
  const out = join(root, 'dist');
  // the fingerprint is taken before reading: an edit made during the build leaves dist stale
  const stamp = fingerprint(src);
  const entryPoints = sources(src);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints,
    outdir: out,
    outbase: src,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    logLevel: 'warning',
  });
  // written last: until it exists the bin runs the sources
  writeFileSync(join(out, STAMP), `${JSON.stringify({ src: stamp, files: entryPoints.length })}\n`);
  return { files: entryPoints.length, ms: performance.now() - t0 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files, ms } = await buildDist();
  console.log(`dist/: ${files} modules in ${ms.toFixed(0)} ms`);
}
