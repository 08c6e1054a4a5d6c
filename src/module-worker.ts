import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/**
 * A worker thread that imports the module at `url` and then calls its export `run`, if named.
 * A TypeScript module (the sources under tsx or vitest) gets tsx's loader registered first.
 * node:worker_threads is loaded on the first call: a one-thread scan does without it.
 */
export function spawnModuleWorker(url: string, run?: string): Worker {
  const lines = [`const m = await import(${JSON.stringify(url)});`];
  if (run !== undefined) lines.push(`m[${JSON.stringify(run)}]();`);
  if (url.endsWith('.ts')) {
    const tsx = dirname(require.resolve('tsx/package.json'));
    const api = pathToFileURL(join(tsx, 'dist/esm/api/index.mjs')).href;
    lines.unshift(`(await import(${JSON.stringify(api)})).register();`);
  }
  const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(lines.join('\n'))}`));
}
