import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Node's flags for a worker thread that runs the module at `url`: a TypeScript module (the sources
 * under tsx or vitest) needs tsx's loader in the thread, the build in dist/ nothing more.
 */
export const workerExecArgv = (url: string): string[] | undefined =>
  url.endsWith('.ts')
    ? [...process.execArgv, '--import', pathToFileURL(require.resolve('tsx')).href]
    : undefined;
