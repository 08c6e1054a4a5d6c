import type { Config } from '../config.js';
import { loadKnowledge } from '../knowledge/index.js';
import { createLogger, type Logger } from '../logger.js';
import { createStateStore } from '../state/index.js';
import { createServer, type ServerDeps, type TriageServer } from './app.js';

export interface RunningServer {
  app: TriageServer;
  url: string;
  port: number;
  logger: Logger;
  /** Drains requests in flight for up to `graceMs`, then closes (see TriageServer.close). */
  close(graceMs?: number): Promise<{ cut: number }>;
}

/** Builds everything from a Config and listens (port 0 picks a free port). */
export const startServer = async (
  config: Config,
  overrides: Partial<Omit<ServerDeps, 'config'>> = {},
): Promise<RunningServer> => {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const app = createServer({
    config,
    logger,
    store: overrides.store ?? createStateStore(config),
    loadKnowledge: overrides.loadKnowledge ?? (() => loadKnowledge(config.knowledgeDir)),
    ...(overrides.download ? { download: overrides.download } : {}),
    ...(overrides.botAuth ? { botAuth: overrides.botAuth } : {}),
    ...(overrides.now ? { now: overrides.now } : {}),
  });
  const { url, port } = await app.listen(config.port, config.host);
  logger.info({ port, state: config.state.connectionString ? 'blobs' : 'memory' }, 'listening');
  return { app, url, port, logger, close: (graceMs) => app.close(graceMs) };
};
