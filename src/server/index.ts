export type { ServerDeps } from './app.js';
export { startServer, type RunningServer } from './start.js';
