import { createHash, timingSafeEqual } from 'node:crypto';
import restify, { type Next, type Request, type Response } from 'restify';
import { z } from 'zod';
import {
  createConversations,
  type KnowledgeStatus,
  type TriageConversations,
} from '../channels/bot-seam.js';
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
import { readActivity } from './activity.js';
import { TriageAdapter, type BotAuthOptions } from './bot-adapter.js';
import { trackRequests } from './drain.js';
import { readJsonBody, sendError } from './http.js';

/** Largest body /api/messages accepts (a Teams message is at most ~100 KB). */
export const MAX_ACTIVITY_BODY = 1024 * 1024;
/** How long a shutdown waits for requests in flight (Teams itself gives up after ~15 s). */
export const DEFAULT_GRACE_MS = 10_000;
/** Largest body /api/triage accepts. */
export const MAX_TRIAGE_BODY = 1024 * 1024;
/** While storage is degraded, /healthz tries it again at most this often. */
const PROBE_EVERY_MS = 10_000;

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

/** How a part the bot relies on is doing, for /healthz. */
export type ComponentHealth =
  { state: 'ok' } | { state: 'off' } | { state: 'degraded'; reason: string; since?: number };

export interface TriageServer {
  server: restify.Server;
  /**
   * Adds a part to /healthz (Slack, say). Parts that are not `ok` (or `off`) make it answer
   * `{"status":"degraded"}` with their reasons; the state storage is watched from the start.
   */
  watch(name: string, health: () => ComponentHealth): void;
  conversations: TriageConversations;
  /** Settles once knowledge has loaded or failed. */
  ready: Promise<KnowledgeStatus>;
  knowledgeStatus(): KnowledgeStatus;
  listen(port: number, host?: string): Promise<{ url: string; port: number }>;
  /** Requests being answered right now. */
  inFlight(): number;
  /**
   * Stops listening and lets requests in flight finish; after `graceMs` (default 10 s) cuts the
   * rest. Resolves once every connection is closed, with how many requests were cut.
   */
  close(graceMs?: number): Promise<{ cut: number }>;
}

const TriageRequest = z.object({
  message: z.string({ error: 'message must be a string' }).refine((s) => s.trim() !== '', {
    message: 'message must not be empty',
  }),
});

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Constant-time check of `Authorization: Bearer <key>`. */
const hasApiKey = (header: string | undefined, key: string): boolean => {
  const m = /^Bearer\s+(\S{1,512})$/i.exec(header ?? '');
  return m !== null && timingSafeEqual(digest(m[1]!), digest(key));
};

/** botframework-connector's AuthenticationError (duck-typed: that package is botbuilder's, not ours). */
const isAuthenticationError = (e: unknown): boolean =>
  e instanceof Error && (e as { statusCode?: unknown }).statusCode === 401;

const describeError = (e: unknown): { name: string; message: string } =>
  e instanceof Error
    ? { name: e.name, message: e.message.split('\n')[0]!.slice(0, 300) }
    : { name: 'unknown', message: 'non-error thrown' };

/** The composition of the HTTP side: restify routes over the bot and the core. Nothing listens yet. */
export const createServer = (deps: ServerDeps): TriageServer => {
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
    knowledge: () => status,
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

  const watched = new Map<string, () => ComponentHealth>([['storage', () => deps.store.health()]]);
  /** When storage was last tried for /healthz (a degraded store recovers only by a call). */
  let probedAt = 0;
  server.get('/healthz', (_req: Request, res: Response, next: Next) => {
    if (status.state === 'loading') res.send(503, { status: 'loading' });
    else if (status.state === 'failed') res.send(503, { status: 'error', reason: status.reason });
    else {
      const parts = [...watched].map(([name, health]) => [name, health()] as const);
      const degraded = parts.filter(([, h]) => h.state === 'degraded');
      // the bot still answers (with a note where state is missing): 200, and what is wrong
      if (degraded.length === 0) res.send(200, { status: 'ok' });
      else res.send(200, { status: 'degraded', components: Object.fromEntries(degraded) });
      if (deps.store.health().state === 'degraded' && now() - probedAt > PROBE_EVERY_MS) {
        probedAt = now();
        void deps.store.read('health/probe').catch(() => undefined);
      }
    }
    next();
  });

  server.post('/api/triage', async (req: Request, res: Response) => {
    if (config.triageApi === 'off') {
      return sendError(
        res,
        403,
        'forbidden',
        '/api/triage is off on this server (it needs TRIAGE_API_KEY, or TRIAGE_API_OPEN=true)',
      );
    }
    if (config.triageApiKey && !hasApiKey(req.headers.authorization, config.triageApiKey)) {
      res.header('www-authenticate', 'Bearer');
      return sendError(res, 401, 'unauthorized', 'send Authorization: Bearer <key>');
    }
    const body = await readJsonBody(req, res, MAX_TRIAGE_BODY);
    if (!body.ok) return sendError(res, body.status, body.code, body.message);
    const input = TriageRequest.safeParse(body.value);
    if (!input.success) {
      const issue = input.error.issues[0];
      const message =
        issue?.path[0] === 'message' && issue.code === 'custom'
          ? issue.message
          : 'send {"message": "..."} with message a non-empty string';
      return sendError(res, 400, 'invalid_request', message);
    }
    if (status.state !== 'ready') {
      return sendError(
        res,
        503,
        'unavailable',
        status.state === 'loading' ? 'knowledge is still loading' : 'knowledge failed to load',
      );
    }
    const started = now();
    const answer = await status.engine.run('triage', input.data.message);
    logger.info(
      {
        route: 'triage',
        chars: input.data.message.length,
        causes: answer.causes.length,
        ms: now() - started,
      },
      'analysed',
    );
    res.send(200, answer);
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    const body = await readJsonBody(req, res, MAX_ACTIVITY_BODY);
    if (!body.ok) return sendError(res, body.status, body.code, body.message);
    const read = readActivity(body.value);
    if (!read.ok) return sendError(res, 400, 'invalid_activity', read.message);
    const { activity } = read;
    try {
      const handled = await adapter.handle(req.headers.authorization ?? '', activity, (context) =>
        bot.run(context),
      );
      if (handled.kind === 'refused') {
        logger.warn({ activityId: activity.id, reason: handled.reason }, 'activity refused');
        return sendError(res, 401, 'unauthorized', 'a valid Bot Framework token is required');
      }
      const result = handled.response;
      if (result?.status === 501) {
        // an invoke no handler takes (botbuilder says 501): ignored like unknown activity types
        logger.debug({ activityId: activity.id, name: activity.name }, 'invoke not handled');
        res.status(200);
        res.end();
        return;
      }
      if (result?.body !== undefined && result.body !== null) {
        res.send(result.status, result.body);
      } else {
        res.status(result?.status ?? 200);
        res.end();
      }
    } catch (e) {
      if (isAuthenticationError(e)) {
        logger.warn({ activityId: activity.id, err: describeError(e) }, 'activity refused');
        return sendError(res, 401, 'unauthorized', 'a valid Bot Framework token is required');
      }
      logger.error({ activityId: activity.id, err: describeError(e) }, 'activity failed');
      return sendError(res, 500, 'internal', 'the bot failed on this activity');
    }
  });

  return {
    server,
    conversations,
    watch: (name, health) => void watched.set(name, health),
    ready,
    knowledgeStatus: () => status,
    listen: (port, host) =>
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
    inFlight: () => drainer.inFlight(),
    close: async (graceMs = DEFAULT_GRACE_MS) => {
      stopRetention();
      const drained = await drainer.drain(graceMs);
      if (status.state === 'ready') await status.engine.close();
      return drained;
    },
  };
};
