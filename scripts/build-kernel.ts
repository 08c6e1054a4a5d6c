// Compiles the scan kernel (src/w3c/kernel/, AssemblyScript) to build/scan-kernel.wasm and
// records the sources it came from in build/scan-kernel.json. Run by `npm run build`, by the
// prepare script (so `npm ci` leaves a working kernel) and by the tests' global setup.
// It first writes kernel/shared.ts: the numbers and tables of src/w3c/kernel-abi.ts and
// src/w3c/rules.ts, declared there once, in AssemblyScript. Without AssemblyScript (an install
// without dev dependencies) it says so and leaves no kernel: `scan` then says how to build one.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as abi from '../src/w3c/kernel-abi.js';
import {
  KERNEL_SHARED,
  KERNEL_SOURCES,
  KERNEL_STAMP,
  KERNEL_WASM,
  kernelFingerprint,
  kernelListing,
  readScanKernel,
} from '../src/w3c/load.js';
import * as rules from '../src/w3c/rules.js';

/** Where the compiler's own data goes: above the kernel's fixed regions (src/w3c/kernel/memory.ts). */
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

const I32 = 2 ** 31;
/** noAnswerBrowser -> NO_ANSWER_BROWSER */
const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
const bytes = (name: string, xs: number[]): string =>
  `export const ${name}: StaticArray<u8> = [${xs.join(', ')}];`;

/** kernel/shared.ts: every integer of kernel-abi.ts and rules.ts, the counts' indexes, and the rules' tables. */
export function kernelShared(): string {
  const ints = [...Object.entries(abi), ...Object.entries(rules)].flatMap(
    ([k, v]): [string, number][] => (typeof v === 'number' && Number.isInteger(v) ? [[k, v]] : []),
  );
  return [
    '// Written by scripts/build-kernel.ts from src/w3c/kernel-abi.ts and src/w3c/rules.ts at each',
    '// build: edit those, not this file.',
    '',
    ...ints.map(([k, v]) => `export const ${k}: ${v >= -I32 && v < I32 ? 'i32' : 'i64'} = ${v};`),
    '/** The index of each count at COUNTS_AT (f64 each). */',
    ...abi.COUNTS.map((name, i) => `export const N_${snake(name)}: i32 = ${i};`),
    `export const EVENTS: i32 = ${rules.TRANSITIONS[0]!.length};`,
    '/** TRANSITIONS[state * EVENTS + event]: the action << 4 | the state after it. */',
    bytes(
      'TRANSITIONS',
      rules.TRANSITIONS.flat().map(([action, next]) => (action << 4) | next),
    ),
    bytes('COMPLETED_AS', rules.COMPLETED_AS),
    bytes('FAILED_AS', rules.FAILED_AS),
    '/** A 401.1 win32 value of the normal middle leg (BENIGN_401_1_WIN32). */',
    'export function isBenign401x1(w: i64): bool {',
    `  return ${rules.BENIGN_401_1_WIN32.map((v) => `w == ${v}`).join(' || ')};`,
    '}',
    '',
  ].join('\n');
}

/** Writes kernel/shared.ts when its text changed (an unchanged file keeps its time). */
export function writeKernelShared(): void {
  const file = join(KERNEL_SOURCES, KERNEL_SHARED);
  const text = kernelShared();
  let have = '';
  try {
    have = readFileSync(file, 'utf8');
  } catch {
    // not written yet
  }
  if (have !== text) writeFileSync(file, text);
}

/** Builds the kernel; throws with the compiler's messages when it does not compile. */
export async function buildKernel(): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const asc = ((await import(ASC)) as { default: Asc }).default;
  writeKernelShared();
  const stamp = kernelFingerprint();
  const listing = kernelListing();
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
      join(KERNEL_SOURCES, 'kernel/scan.ts'),
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
  'scan kernel: AssemblyScript is not installed (dev dependencies); scan needs a kernel built where it is';

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
