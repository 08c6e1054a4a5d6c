import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';

const require = createRequire(import.meta.url);

/**
 * Node's flags for a worker thread that runs the module at `url`: a TypeScript module (the sources
 * under tsx or vitest) needs tsx's loader in the thread, the build in dist/ nothing more.
 */
export const workerExecArgv = (url: string): string[] | undefined =>
  url.endsWith('.ts')
    ? [...process.execArgv, '--import', pathToFileURL(require.resolve('tsx')).href]
    : undefined;

/**
 * A worker thread that imports the module at `url` and then calls its export `run`, if named.
 * node:worker_threads is loaded on the first call: a one-thread scan does without it.
 */
export function spawnModuleWorker(url: string, run?: string): Worker {
  const lines = [`const m = await import(${JSON.stringify(url)});`];
  if (run !== undefined) lines.push(`m[${JSON.stringify(run)}]();`);
  const { Worker } = require('node:worker_threads') as typeof WorkerThreads;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(lines.join('\n'))}`), {
    execArgv: workerExecArgv(url),
  });
}
