import { createHash, timingSafeEqual } from 'node:crypto';
import type { Next, Request, Response } from 'restify';
import { z } from 'zod';
import type { KnowledgeStatus } from '../channels/bot-seam.js';
import type { TeamsTriageBot } from '../channels/teams/index.js';
import type { Config } from '../config.js';
import { errorInfo } from '../errors.js';
import type { Logger } from '../logger.js';
import type { StateStore } from '../state/index.js';
import { readActivity } from './activity.js';
import type { TriageAdapter } from './bot-adapter.js';
import { readJsonBody, sendError } from './http.js';

// The handlers of the server's three routes; app.ts composes them.

/** Largest body /api/messages accepts (a Teams message is at most ~100 KB). */
export const MAX_ACTIVITY_BODY = 1024 * 1024;
/** Largest body /api/triage accepts. */
export const MAX_TRIAGE_BODY = 1024 * 1024;
/** While storage is degraded, /healthz tries it again at most this often. */
const PROBE_EVERY_MS = 10_000;

/** How a part the bot relies on is doing, for /healthz. */
export type ComponentHealth =
  { state: 'ok' } | { state: 'off' } | { state: 'degraded'; reason: string; since?: number };

interface RouteDeps {
  status: () => KnowledgeStatus;
  logger: Logger;
  now: () => number;
}

/**
 * /healthz: 503 while the knowledge loads or after it failed; else 200, `degraded` with the
 * reasons of the watched parts that are (the state storage is watched from the start).
 */
export const healthRoute = (deps: Omit<RouteDeps, 'logger'> & { store: StateStore }) => {
  const { store, now } = deps;
  const watched = new Map<string, () => ComponentHealth>([['storage', () => store.health()]]);
  /** When storage was last tried (a degraded store recovers only by a call). */
  let probedAt = 0;
  const handle = (_req: Request, res: Response, next: Next) => {
    const status = deps.status();
    if (status.state === 'loading') res.send(503, { status: 'loading' });
    else if (status.state === 'failed') res.send(503, { status: 'error', reason: status.reason });
    else {
      const parts = [...watched].map(([name, health]) => [name, health()] as const);
      const degraded = parts.filter(([, h]) => h.state === 'degraded');
      // the bot still answers (with a note where state is missing): 200, and what is wrong
      if (degraded.length === 0) res.send(200, { status: 'ok' });
      else res.send(200, { status: 'degraded', components: Object.fromEntries(degraded) });
      if (store.health().state === 'degraded' && now() - probedAt > PROBE_EVERY_MS) {
        probedAt = now();
        void store.read('health/probe').catch(() => undefined);
      }
    }
    next();
  };
  return {
    handle,
    watch: (name: string, health: () => ComponentHealth) => void watched.set(name, health),
  };
};

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

/** /api/triage: `{ message }` -> the analysis, behind the key or switch the config names. */
export const triageRoute =
  (config: Pick<Config, 'triageApi' | 'triageApiKey'>, deps: RouteDeps) =>
  async (req: Request, res: Response) => {
    const { logger, now } = deps;
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
    const status = deps.status();
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
  };

/** botframework-connector's AuthenticationError (duck-typed: that package is botbuilder's, not ours). */
const isAuthenticationError = (e: unknown): boolean =>
  e instanceof Error && (e as { statusCode?: unknown }).statusCode === 401;

/** /api/messages: a checked activity through botbuilder's adapter to the bot. */
export const messagesRoute =
  (adapter: TriageAdapter, bot: TeamsTriageBot, logger: Logger) =>
  async (req: Request, res: Response) => {
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
        logger.warn({ activityId: activity.id, err: errorInfo(e) }, 'activity refused');
        return sendError(res, 401, 'unauthorized', 'a valid Bot Framework token is required');
      }
      logger.error({ activityId: activity.id, err: errorInfo(e) }, 'activity failed');
      return sendError(res, 500, 'internal', 'the bot failed on this activity');
    }
  };
