#!/usr/bin/env node
// The package's bin: runs the TypeScript CLI through tsx's loader (no build step).
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { runFromProcess } = await import(
  fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
);
await runFromProcess();
