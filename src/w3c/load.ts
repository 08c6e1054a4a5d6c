// Loads the scan kernel (build/scan-kernel.wasm, compiled from src/w3c/kernel/ by
// scripts/build-kernel.ts: `npm run build`, and `npm ci` through the prepare script). It is the
// scan's only tally: without a current build, a scan says why and how to build one.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash64 } from '../fingerprint.js';
import type { ScanState } from './state.js';
import { Tally } from './tally.js';

/** Where the kernel's sources (src/w3c/: kernel/ and the declarations it shares) and its build live. */
export const KERNEL_SOURCES = fileURLToPath(new URL('../../src/w3c/', import.meta.url));
export const KERNEL_WASM = fileURLToPath(new URL('../../build/scan-kernel.wasm', import.meta.url));
export const KERNEL_STAMP = KERNEL_WASM.replace(/\.wasm$/, '.json');
/** The kernel's file written at build from DECLARATIONS (git-ignored). */
export const KERNEL_SHARED = 'kernel/shared.ts';
/** What the kernel and the TypeScript side both read, declared once (scripts/build-kernel.ts). */
const DECLARATIONS = ['kernel-abi.ts', 'rules.ts'];

/** The files a kernel build is made from, relative to `dir`. */
const kernelFiles = (dir: string): string[] => [
  ...readdirSync(join(dir, 'kernel'))
    .filter((n) => n.endsWith('.ts') && `kernel/${n}` !== KERNEL_SHARED)
    .sort()
    .map((n) => `kernel/${n}`),
  ...DECLARATIONS,
];

/** The hash of the kernel sources' names and contents. */
export function kernelFingerprint(dir = KERNEL_SOURCES): string {
  return hash64(
    kernelFiles(dir)
      .map((n) => `${n}\n${readFileSync(join(dir, n), 'latin1')}\n`)
      .join(''),
  );
}

/** The hash of the kernel sources' names, sizes and times (cheaper: nothing is read). */
export function kernelListing(dir = KERNEL_SOURCES): string {
  return hash64(
    kernelFiles(dir)
      .map((n) => {
        const st = statSync(join(dir, n));
        return `${n} ${st.size} ${st.mtimeMs}`;
      })
      .join('\n'),
  );
}

export type KernelLoad =
  { module: WebAssembly.Module; problem: null } | { module: null; problem: string };

let loaded: KernelLoad | undefined;

/**
 * The compiled kernel, once per process; `problem` says why there is none (not built, built from
 * other sources than these, unreadable). Where the sources are absent (an installed package),
 * the build is taken as it is.
 */
export function loadScanKernel(): KernelLoad {
  loaded ??= readScanKernel();
  return loaded;
}

/** The kernel at `wasm` (with its stamp beside it), checked against the sources at `sources`. */
export function readScanKernel(wasm = KERNEL_WASM, sources = KERNEL_SOURCES): KernelLoad {
  try {
    if (!existsSync(wasm))
      return { module: null, problem: 'the scan kernel is not built (npm run build)' };
    if (existsSync(sources)) {
      const stamp = JSON.parse(readFileSync(wasm.replace(/\.wasm$/, '.json'), 'utf8')) as {
        src?: unknown;
        listing?: unknown;
      };
      // the same files, sizes and times as at the build: no need to read them (a checkout may
      // touch them without changing them: then their contents decide)
      if (stamp.listing !== kernelListing(sources) && stamp.src !== kernelFingerprint(sources))
        return {
          module: null,
          problem: 'the scan kernel was built from older sources (npm run build)',
        };
    }
    return { module: new WebAssembly.Module(readFileSync(wasm)), problem: null };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { module: null, problem: `the scan kernel could not be loaded: ${why}` };
  }
}

/** A tally into `state` on the compiled scan kernel; without a current build, its problem is the error. */
export function kernelTally(state: ScanState): Tally {
  const { module, problem } = loadScanKernel();
  if (module === null) throw new Error(problem);
  return new Tally(module, state);
}
