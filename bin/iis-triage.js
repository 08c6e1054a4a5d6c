#!/usr/bin/env node
// The package's bin: runs the built CLI (dist/bundle/, from `npm run build` or `npm ci`) when it
// is current with src/, which saves tsx's start-up and loading a hundred modules one by one;
// otherwise the TypeScript sources through tsx's loader.
import { fileURLToPath } from 'node:url';
import { isDistFresh } from './fresh.js';

const root = new URL('..', import.meta.url);
let entry;
if (isDistFresh(fileURLToPath(root))) entry = new URL('dist/bundle/main.js', root);
else {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('src/cli/main.ts', root);
}
const { runFromProcess } = await import(entry.href);
await runFromProcess();
