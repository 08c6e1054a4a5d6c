// npm run build (and npm ci, through the prepare script): transpiles src/ to dist/, one .js per
// module; bundles the CLI into dist/bundle/
// (one file to load instead of a hundred); writes dist/stamp.json so bin/iis-triage.js can tell a
// stale dist; compiles the scan kernel (src/w3c/kernel/, AssemblyScript) when build/ lacks a
// current one (scripts/build-kernel.ts); and writes the snapshots (build/, see
// src/knowledge/snapshot.ts: the knowledge and the ranking's indexes) that the CLI and the server
// start from.
import { build, type Metafile, type Plugin } from 'esbuild';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listing, STAMP } from '../bin/fresh.js';
import { isAppError } from '../src/errors.js';
import { writeSnapshot } from '../src/knowledge/load.js';
import { SNAPSHOTS } from '../src/snapshots.js';
import { buildKernel, canBuildKernel, kernelIsCurrent, NO_COMPILER } from './build-kernel.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    // the kernel is AssemblyScript, compiled to WebAssembly by build-kernel.ts
    if (d.isDirectory()) return d.name === 'kernel' ? [] : sources(p);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [p] : [];
  });

/** The bundled CLI's entry, run by bin/iis-triage.js; chunks sit beside it (dist/bundle/). */
export const BUNDLE_DIR = 'bundle';
const CORE = /^(extract|knowledge|match|dialog|render|w3c)\/|^analysis\.ts$/;
const SELF = Symbol('cli-bundle');

/**
 * How the CLI bundle treats our modules. src/w3c/ stays in its own files in dist/w3c/ (its kernel
 * is found by file URL).
 * The core is pure (no effects at import: test/architecture.test.ts), so a core module none of
 * whose exports a command uses is left out; and a core module the core loads with import() is
 * taken from its own file in dist/ when needed, so a command's start never loads it (bundled,
 * esbuild would load the chunk holding it at start, used or not). That is how the YAML and zod
 * behind the knowledge's parsing load only when its snapshot is stale.
 */
const bundlePlugin = (src: string): Plugin => ({
  name: 'cli-bundle',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === SELF) return undefined;
      const r = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: SELF,
      });
      if (r.errors.length > 0) return { errors: r.errors };
      const rel = relative(src, r.path).split(sep).join('/');
      const core = CORE.test(rel);
      // dist/bundle/ is a sibling of the other folders of dist/
      if (rel.startsWith('w3c/') || (core && args.kind === 'dynamic-import'))
        return { path: `../${rel.replace(/\.ts$/, '.js')}`, external: true };
      return { path: r.path, ...(core ? { sideEffects: false } : {}) };
    });
  },
});

/** Builds `root`/src into `root`/dist (tests pass a copy of the tree). */
export async function buildDist(
  root = ROOT,
): Promise<{ files: number; ms: number; bundle: Metafile }> {
  const t0 = performance.now();
  if (root === ROOT && !kernelIsCurrent() && (await canBuildKernel())) await buildKernel();
  const src = join(root, 'src');
  const out = join(root, 'dist');
  // the listing is taken before reading: an edit made during the build leaves dist stale
  const stamp = listing(src);
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
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: [join(src, 'cli', 'main.ts')],
    outdir: join(out, BUNDLE_DIR),
    entryNames: '[name]',
    bundle: true,
    splitting: true,
    // packages too (commander is CommonJS: bundled, it needs no CJS-to-ESM step at start, and
    // its require() of node: modules goes to a real require); YAML and zod are never on a
    // command's start (test/scripts/build.test.ts), and stay outside even if one day they were
    external: ['zod', 'yaml'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
    plugins: [bundlePlugin(src)],
  });
  // written last: until it exists the bin runs the sources
  writeFileSync(join(out, STAMP), `${JSON.stringify({ src: stamp, files: entryPoints.length })}\n`);
  return { files: entryPoints.length, ms: performance.now() - t0, bundle: metafile };
}

/** Writes every snapshot; sources that do not compile leave none, and say why. */
export async function buildSnapshots(): Promise<string[]> {
  const lines: string[] = [];
  for (const artefact of SNAPSHOTS) {
    const a = artefact();
    try {
      const { file, bytes } = await writeSnapshot(a);
      lines.push(`${relative(ROOT, file)}: ${(bytes / 1024).toFixed(0)} KB`);
    } catch (e) {
      // the app reports the same problems when it loads them; the build itself goes on
      if (!isAppError(e)) throw e;
      lines.push(`${a.name}: no snapshot, the sources do not load:\n${e.message}`);
    }
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!kernelIsCurrent() && !(await canBuildKernel())) console.log(NO_COMPILER);
  const { files, ms } = await buildDist();
  console.log(`dist/: ${files} modules and the CLI bundle in ${ms.toFixed(0)} ms`);
  for (const line of await buildSnapshots()) console.log(line);
}
