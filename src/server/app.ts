import restify, { type Request, type Response } from 'restify';
import { createConversations, type KnowledgeStatus } from '../channels/bot-seam.js';
import { createEngine, type EngineOptions } from '../channels/engine.js';
import { createExpertDesk } from '../channels/expert/index.js';
import {
  createDownloader,
  createTurnErrorHandler,
  privateAddresses,
  TeamsExperts,
  TeamsTriageBot,
  type Downloader,
} from '../channels/teams/index.js';
import { isLocalOnly, type Config } from '../config.js';
import type { Knowledge } from '../knowledge/index.js';
import type { Logger } from '../logger.js';
import { startRetention, type StateStore } from '../state/index.js';
import { TriageAdapter, type BotAuthOptions } from './bot-adapter.js';
import { trackRequests } from './drain.js';
import { healthRoute, messagesRoute, triageRoute } from './routes.js';

/** How long a shutdown waits for requests in flight (Teams itself gives up after ~15 s). */
export const DEFAULT_GRACE_MS = 10_000;

export interface ServerDeps {
  config: Config;
  logger: Logger;
  store: StateStore;
  /** Started at once; /healthz is non-200 until it resolves, and says why if it rejects. */
  loadKnowledge: () => Promise<Knowledge>;
  /** File downloads (injectable for tests); default: fetch, https only (http on loopback when local). */
  download?: Downloader;
  /** Bot Framework token checks: signing-key source and deadline (tests use a local key server). */
  botAuth?: BotAuthOptions;
  /** The engine's pool (tests send every task there, or none). */
  engine?: Omit<EngineOptions, 'logger'>;
  now?: () => number;
}

/** The composition of the HTTP side: restify routes over the bot and the core. Nothing listens yet. */
export const createServer = (deps: ServerDeps) => {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  let status: KnowledgeStatus = { state: 'loading' };
  const ready = deps.loadKnowledge().then(
    (knowledge): KnowledgeStatus => {
      status = {
        state: 'ready',
        knowledge,
        engine: createEngine(knowledge, {
          threads: config.enginePoolThreads,
          ...deps.engine,
          logger,
        }),
      };
      logger.info({ entries: knowledge.entries.length }, 'knowledge loaded');
      return status;
    },
    (e: unknown): KnowledgeStatus => {
      status = { state: 'failed', reason: e instanceof Error ? e.message : String(e) };
      logger.error({ reason: status.reason }, 'knowledge failed to load');
      return status;
    },
  );

  const conversations = createConversations({
    knowledge: () => status,
    store: deps.store,
    now,
    logger,
  });
  const desk = createExpertDesk({ store: deps.store, knowledge: () => status, now, logger });
  const experts = new TeamsExperts({
    desk,
    channel: config.experts.teams,
    appId: config.bot.appId,
    logger,
  });
  // kept records and tickets past RETENTION_DAYS go (Slack shares this store and this sweep)
  const stopRetention = startRetention(deps.store, {
    retentionDays: config.retentionDays,
    now,
    logger,
  });
  const bot = new TeamsTriageBot({
    conversations,
    experts,
    logger,
    // a public bot fetches only from the internet: a file link must not reach this machine or
    // its networks (after DNS, on every redirect hop)
    download:
      deps.download ??
      createDownloader(
        isLocalOnly(config)
          ? { allowLoopbackHttp: true }
          : { allowLoopbackHttp: false, refuse: privateAddresses() },
      ),
    fileMaxBytes: config.fileMaxBytes,
    now,
  });
  const adapter = new TriageAdapter(config.bot, { now, ...deps.botAuth });
  adapter.onTurnError = createTurnErrorHandler({ conversations, logger });

  // restify logs through ours (same redaction and destination), and never below warn: its trace
  // and debug records carry whole requests and responses
  const restifyLevel = ['error', 'fatal', 'silent'].includes(config.logLevel)
    ? config.logLevel
    : 'warn';
  const server = restify.createServer({
    name: 'iis-triage',
    handleUncaughtExceptions: false,
    // restify 11 logs with pino; @types/restify still describes its old bunyan logger
    log: logger.child({ component: 'restify' }, { level: restifyLevel }) as unknown as Exclude<
      restify.ServerOptions['log'],
      undefined
    >,
  });
  const drainer = trackRequests(server.server);

  // restify's own errors (404, 405) in our JSON error shape
  server.on(
    'restifyError',
    (_req: Request, _res: Response, err: Error & { body?: { code?: string } }, cb: () => void) => {
      const code = (err.body?.code ?? err.name).replace(/Error$/, '');
      Object.assign(err, {
        toJSON: () => ({
          error: {
            code: code.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(),
            message: err.message,
          },
        }),
      });
      cb();
    },
  );

  server.on('after', (req: Request, res: Response) => {
    logger.debug({ method: req.method, url: req.getPath(), status: res.statusCode }, 'http');
  });

  const health = healthRoute({ status: () => status, store: deps.store, now });
  server.get('/healthz', health.handle);
  server.post('/api/triage', triageRoute(config, { status: () => status, logger, now }));
  server.post('/api/messages', messagesRoute(adapter, bot, logger));

  return {
    server,
    conversations,
    /**
     * Adds a part to /healthz (Slack, say). Parts that are not `ok` (or `off`) make it answer
     * `{"status":"degraded"}` with their reasons; the state storage is watched from the start.
     */
    watch: health.watch,
    /** Settles once knowledge has loaded or failed. */
    ready,
    knowledgeStatus: (): KnowledgeStatus => status,
    listen: (port: number, host?: string): Promise<{ url: string; port: number }> =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        const on = host ?? config.host;
        server.listen(port, on, () => {
          server.off('error', reject);
          const address = server.address();
          const shown =
            on === '0.0.0.0' || on === '::' ? 'localhost' : on.includes(':') ? `[${on}]` : on;
          resolve({ url: `http://${shown}:${address.port}`, port: address.port });
        });
      }),
    /** Requests being answered right now. */
    inFlight: () => drainer.inFlight(),
    /**
     * Stops listening and lets requests in flight finish; after `graceMs` (default 10 s) cuts the
     * rest. Resolves once every connection is closed, with how many requests were cut.
     */
    close: async (graceMs = DEFAULT_GRACE_MS): Promise<{ cut: number }> => {
      stopRetention();
      const drained = await drainer.drain(graceMs);
      if (status.state === 'ready') await status.engine.close();
      return drained;
    },
  };
};

export type TriageServer = ReturnType<typeof createServer>;
