#!/usr/bin/env node
// `npm start`: the server built in dist/ (npm run build) when it is current with src/, which runs
// without tsx's loader (start-up and, measured under load, ~10% of the CPU per request); otherwise
// the TypeScript sources through tsx, so a fresh clone starts with no build step.
import { fileURLToPath } from 'node:url';
import { isDistFresh } from './fresh.js';
import { silenceHttpParserDeprecation } from './warnings.js';

silenceHttpParserDeprecation();

const root = new URL('..', import.meta.url);
if (isDistFresh(fileURLToPath(root))) await import(new URL('dist/server/main.js', root).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('src/server/main.ts', root).href);
}
