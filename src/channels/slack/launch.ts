import type { Config } from '../../config.js';
import { errorLine } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { createStateStore, type StateStore } from '../../state/index.js';
import type { KnowledgeStatus } from '../bot-seam.js';
import type { SlackAppOptions } from './app.js';
import { startSlack, type SlackHandle } from './start.js';

/** How Slack is doing, for /healthz: off, up (or on its first try), or failing to start and why. */
export type SlackHealth =
  { state: 'off' } | { state: 'ok' } | { state: 'degraded'; reason: string; since: number };

export interface SlackLaunch {
  enabled: boolean;
  /** Stops Slack if it started (waits for a start still under way) and any further tries. */
  stop(): Promise<void>;
  health(): SlackHealth;
}

/** Waits between tries to start: the first, doubling up to the last (give or take a quarter). */
export interface RetryDelays {
  firstMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryDelays = { firstMs: 1_000, maxMs: 5 * 60_000 };

export interface LaunchDeps {
  knowledge: () => KnowledgeStatus;
  logger: Logger;
  /** Default: memory or Azure Blob Storage, as configured for Teams. */
  store?: StateStore;
  retry?: RetryDelays;
  /** Tests: the Web API on a local fake. */
  startOptions?: Omit<SlackAppOptions, 'receiver'>;
  now?: () => number;
  /** EXPERT_SLACK_CHANNEL: where "Ask an expert" posts tickets. */
  expertChannel?: string;
}

/**
 * `npm start`'s Slack switch: off (and logged why) without SLACK_BOT_TOKEN plus SLACK_APP_TOKEN
 * or SLACK_SIGNING_SECRET; otherwise started in the background, so an unreachable Slack never
 * holds up or takes down the Teams endpoint, and tried again with back-off until it starts (no
 * network at boot is not forever). Bad SLACK_* values are refused by loadConfig, before this.
 */
export const launchSlack = (
  config: Pick<Config, 'slack' | 'state'>,
  deps: LaunchDeps,
): SlackLaunch => {
  const setting = config.slack;
  if (!setting.enabled) {
    deps.logger.info({ slack: 'off' }, `Slack off: ${setting.reason}`);
    return { enabled: false, stop: () => Promise.resolve(), health: () => ({ state: 'off' }) };
  }
  const retry = deps.retry ?? DEFAULT_RETRY;
  const now = deps.now ?? Date.now;
  const store = deps.store ?? createStateStore(config);
  let health: SlackHealth = { state: 'ok' };
  let handle: SlackHandle | null = null;
  let isStopped = false;
  let timer: NodeJS.Timeout | undefined;

  const attempt = async (n: number): Promise<void> => {
    try {
      const started = await startSlack(
        setting.config,
        {
          knowledge: deps.knowledge,
          logger: deps.logger,
          store,
          ...(deps.expertChannel ? { expertChannel: deps.expertChannel } : {}),
        },
        deps.startOptions,
      );
      if (isStopped) return void (await started.stop());
      handle = started;
      health = { state: 'ok' };
      if (n > 1) deps.logger.info({ attempt: n }, 'Slack started');
    } catch (e) {
      if (isStopped) return;
      const delay = Math.round(
        Math.min(retry.maxMs, retry.firstMs * 2 ** (n - 1)) * (0.75 + Math.random() / 2),
      );
      const reason = `${errorLine(e, 300)}; trying again in ${Math.ceil(delay / 1000)} s (attempt ${n})`;
      health = {
        state: 'degraded',
        reason,
        since: health.state === 'degraded' ? health.since : now(),
      };
      deps.logger.error(
        { attempt: n, retryInMs: delay, err: errorLine(e, 300) },
        'Slack did not start',
      );
      timer = setTimeout(() => {
        current = attempt(n + 1);
      }, delay);
      // the HTTP server keeps the process up; a pending retry must not
      timer.unref();
    }
  };
  let current = attempt(1);

  return {
    enabled: true,
    health: () => health,
    stop: async () => {
      isStopped = true;
      clearTimeout(timer);
      await current;
      await handle?.stop();
    },
  };
};
