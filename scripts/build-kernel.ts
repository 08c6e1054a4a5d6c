// Compiles the scan kernel (src/w3c/kernel/, AssemblyScript) to build/scan-kernel.wasm and
// records the sources it came from in build/scan-kernel.json. Run by `npm run build`, by the
// prepare script (so `npm ci` leaves a working kernel) and by the tests' global setup.
// Without AssemblyScript (an install without dev dependencies) it says so and leaves no kernel:
// the scan then works without it.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprint } from '../bin/fresh.js';
import {
  KERNEL_SOURCES,
  KERNEL_STAMP,
  KERNEL_WASM,
  kernelFingerprint,
  readScanKernel,
} from '../src/w3c/load.js';

/** Where the compiler's own data goes: above the kernel's fixed regions (MEMORY_END in scan.ts). */
const MEMORY_BASE = 1536 << 10;
/** 64 KiB pages to start with (the fixed regions and a first heap), and at most (the heap grows). */
const PAGES = 40;
const MAX_PAGES = 8192;

interface Asc {
  main(argv: string[], options: { stdout: Sink; stderr: Sink }): Promise<{ error: Error | null }>;
}
interface Sink {
  write(chunk: string | Uint8Array): void;
}

/**
 * The compiler's module, loaded by a name TypeScript does not resolve: its type declarations
 * bring AssemblyScript's own globals (Array.at without undefined...) into this program.
 */
const ASC: string = 'assemblyscript/asc';

/** Builds the kernel; throws with the compiler's messages when it does not compile. */
export async function buildKernel(): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const asc = ((await import(ASC)) as { default: Asc }).default;
  const stamp = kernelFingerprint();
  const listing = fingerprint(KERNEL_SOURCES);
  const part = `${KERNEL_WASM}.part`;
  mkdirSync(dirname(KERNEL_WASM), { recursive: true });
  let messages = '';
  const sink: Sink = {
    write: (c) => {
      messages += typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
    },
  };
  const { error } = await asc.main(
    [
      join(KERNEL_SOURCES, 'scan.ts'),
      '--outFile',
      part,
      '--optimizeLevel',
      '3',
      '--shrinkLevel',
      '0',
      '--runtime',
      'stub',
      '--noAssert',
      '--enable',
      'simd',
      '--memoryBase',
      String(MEMORY_BASE),
      '--initialMemory',
      String(PAGES),
      '--maximumMemory',
      String(MAX_PAGES),
    ],
    { stdout: sink, stderr: sink },
  );
  if (error) {
    rmSync(part, { force: true });
    throw new Error(`the scan kernel does not compile: ${error.message}\n${messages}`);
  }
  renameSync(part, KERNEL_WASM);
  const bytes = statSync(KERNEL_WASM).size;
  // written last: until it matches, the loader does not take the kernel
  writeFileSync(KERNEL_STAMP, `${JSON.stringify({ src: stamp, listing })}\n`);
  return { ms: performance.now() - t0, bytes };
}

export const NO_COMPILER =
  'scan kernel: AssemblyScript is not installed (dev dependencies); scans run without it';

/** True when AssemblyScript is installed (a dev dependency): without it there is no kernel. */
export const canBuildKernel = (): Promise<boolean> =>
  import(ASC).then(
    () => true,
    () => false,
  );

/** True when build/ holds a kernel built from the sources as they are now. */
export const kernelIsCurrent = (): boolean => readScanKernel().problem === null;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!(await canBuildKernel())) {
    console.log(NO_COMPILER);
    process.exit(0);
  }
  const { ms, bytes } = await buildKernel();
  console.log(`scan kernel: ${bytes} bytes in ${ms.toFixed(0)} ms`);
}
