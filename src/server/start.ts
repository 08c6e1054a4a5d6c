import { isLocalOnly, isLoopbackHost, type Config } from '../config.js';
import type { Knowledge } from '../knowledge/index.js';
import { loadKnowledgeWithIndexes } from '../match/index.js';
import { createLogger, type Logger } from '../logger.js';
import { createStateStore, type StateStore } from '../state/index.js';
import { createServer, type ServerDeps, type TriageServer } from './app.js';
import { retrainInThread } from './local-cases.js';

/** What start-up says about /api/triage, so nobody has to guess whether it is open. */
export const TRIAGE_API_LINES: Record<Config['triageApi'], string> = {
  open: '/api/triage: open to any client that reaches the port',
  key: '/api/triage: needs Authorization: Bearer <TRIAGE_API_KEY>',
  off: '/api/triage: off (MicrosoftAppId is set and TRIAGE_API_KEY is not; TRIAGE_API_OPEN=true opens it)',
};

/** LOCAL_CASES: the ranking retrained with the organisation's confirmed cases, said in the log. */
const withLocal = async (
  knowledge: Knowledge,
  config: Config,
  logger: Logger,
): Promise<Knowledge> => {
  const path = config.localCases!;
  const started = performance.now();
  logger.info(
    { localCases: path },
    `LOCAL_CASES: retraining the ranking with the confirmed cases in ${path}; /healthz answers 503 until it is done`,
  );
  const loaded = await retrainInThread(knowledge, path);
  logger.info(
    {
      localCases: path,
      cases: loaded.cases,
      trainedOn: loaded.trainedOn,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    },
    `LOCAL_CASES: ${loaded.cases} confirmed case${loaded.cases === 1 ? '' : 's'} from ${path}; the ranking was retrained on them with the knowledge's samples`,
  );
  return loaded.knowledge;
};

export interface RunningServer {
  app: TriageServer;
  url: string;
  port: number;
  logger: Logger;
  /** The conversation state (Slack shares it, so /healthz sees one store). */
  store: StateStore;
  /** Drains requests in flight for up to `graceMs`, then closes (see TriageServer.close). */
  close(graceMs?: number): Promise<{ cut: number }>;
}

/** Builds everything from a Config and listens (port 0 picks a free port). */
export const startServer = async (
  config: Config,
  overrides: Partial<Omit<ServerDeps, 'config'>> = {},
): Promise<RunningServer> => {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  const store = overrides.store ?? createStateStore(config);
  const load = overrides.loadKnowledge ?? (() => loadKnowledgeWithIndexes(config.knowledgeDir));
  const app = createServer({
    ...overrides,
    config,
    logger,
    store,
    loadKnowledge: config.localCases
      ? () => load().then((k) => withLocal(k, config, logger))
      : load,
  });
  const { url, port } = await app.listen(config.port, config.host);
  logger.info(
    {
      port,
      host: config.host,
      state: config.state.connectionString ? 'blobs' : 'memory',
      triageApi: config.triageApi,
    },
    'listening',
  );
  logger.info({ triageApi: config.triageApi }, TRIAGE_API_LINES[config.triageApi]);
  if (isLocalOnly(config) && !isLoopbackHost(config.host)) {
    logger.warn(
      { host: config.host },
      'no MicrosoftAppId, yet listening beyond this machine: anyone who reaches the port is trusted, and can make the bot post to a serviceUrl of their choosing',
    );
  }
  return { app, url, port, logger, store, close: (graceMs) => app.close(graceMs) };
};
