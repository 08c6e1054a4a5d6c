import type { Reply } from '../../dialog/index.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { createStateStore, type StateStore } from '../../state/index.js';
import type { KnowledgeStatus } from '../bot-seam.js';
import { readSlackConfig } from './config.js';
import { startSlack, type SlackHandle } from './start.js';

export interface SlackLaunch {
  enabled: boolean;
  /** Stops Slack if it started (waits for a start still under way). */
  stop(): Promise<void>;
}

export interface LaunchDeps {
  knowledge: () => KnowledgeStatus;
  logger: Logger;
  summariseFile?: (text: string, name: string) => Reply;
  /** Default: memory or Azure Blob Storage, as configured for Teams. */
  store?: StateStore;
}

/**
 * `npm start`'s Slack switch: off (and logged why) without SLACK_BOT_TOKEN plus SLACK_APP_TOKEN
 * or SLACK_SIGNING_SECRET; otherwise started in the background, so an unreachable Slack never
 * holds up or takes down the Teams endpoint. Bad SLACK_* values throw AppError (E_CONFIG) at once.
 */
export const launchSlack = (
  env: Record<string, string | undefined>,
  config: Pick<Config, 'fileMaxBytes' | 'state'>,
  deps: LaunchDeps,
): SlackLaunch => {
  const setting = readSlackConfig(env, config);
  if (!setting.enabled) {
    deps.logger.info({ slack: 'off' }, `Slack off: ${setting.reason}`);
    return { enabled: false, stop: () => Promise.resolve() };
  }
  const started: Promise<SlackHandle | null> = startSlack(setting.config, {
    knowledge: deps.knowledge,
    logger: deps.logger,
    store: deps.store ?? createStateStore(config),
    ...(deps.summariseFile ? { summariseFile: deps.summariseFile } : {}),
  }).catch((e: unknown) => {
    deps.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'Slack did not start');
    return null;
  });
  return { enabled: true, stop: () => started.then((h) => h?.stop()) };
};
