#!/usr/bin/env node
// The package's bin: runs the built CLI (dist/bundle/, from `npm run build` or `npm ci`) when it
// is current with src/, which saves tsx's start-up and loading a hundred modules one by one;
// otherwise the TypeScript sources through tsx's loader. A scan of a big file starts its worker
// threads first, so they boot while the CLI loads.
import { fileURLToPath } from 'node:url';
import { isDistFresh } from './fresh.js';

const root = new URL('..', import.meta.url);
let entry;
if (isDistFresh(fileURLToPath(root))) {
  // a scan of a big file: its worker threads boot while the rest of the CLI loads
  const [command, ...args] = process.argv.slice(2);
  if (command === 'scan') {
    // only a head start: a dist without it (or a failure here) leaves the scan to start them
    let [read, env] = await Promise.all([
      import(new URL('dist/w3c/read.js', root).href).catch(() => null),
      import(new URL('dist/cli/env.js', root).href).catch(() => null),
    ]);
    let threads;
    try {
      threads = env?.readCliEnv(process.env).scanThreads;
    } catch {
      // a bad IIS_TRIAGE_SCAN_THREADS: no head start; the command says what is wrong
      read = null;
    }
    read?.prestartScan(
      args.filter((a) => a === '-' || !a.startsWith('-')),
      threads,
    );
  }
  entry = new URL('dist/bundle/main.js', root);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('src/cli/main.ts', root);
}
const { runFromProcess } = await import(entry.href);
await runFromProcess();
