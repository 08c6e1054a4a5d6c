import type { AddressInfo } from 'node:net';
import { HTTPReceiver, SocketModeReceiver, type App } from '@slack/bolt';
import { AppError } from '../../errors.js';
import { createSlackApp, type SlackAppOptions, type SlackDeps } from './app.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackConfig } from '../../config.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** One line for the start-up log: never a token. */
export const describeSlack = (config: SlackConfig): string =>
  config.mode === 'socket'
    ? 'Slack: Socket Mode (no public URL needed)'
    : `Slack: HTTP mode, events and interactivity on port ${config.port} ${SLACK_EVENTS_PATH}`;

export interface SlackHandle {
  app: App;
  /** HTTP mode: the port Slack's requests arrive on (SLACK_PORT, or the one picked for port 0). */
  port?: number;
  stop(): Promise<void>;
}

/**
 * Starts the Slack front door. Socket Mode dials out to Slack (no public URL); HTTP mode listens
 * on its own port, because Bolt verifies each request's signature over the raw body, which
 * restify's body parser would already have consumed on the bot's port.
 */
export const startSlack = async (
  config: SlackConfig,
  deps: SlackDeps,
  /** Tests: the Web API on a local fake and a known bot user (no auth.test call). */
  options: Omit<SlackAppOptions, 'receiver'> = {},
): Promise<SlackHandle> => {
  const logger = boltLogger(deps.logger);
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({
          appToken: config.appToken ?? '',
          logger,
          // the Socket Mode client's own Web API calls (apps.connections.open) follow the app's
          ...(options.clientOptions
            ? { installerOptions: { clientOptions: options.clientOptions } }
            : {}),
        })
      : new HTTPReceiver({
          signingSecret: config.signingSecret ?? '',
          endpoints: SLACK_EVENTS_PATH,
          logger,
        });
  const app = createSlackApp(config, deps, { ...options, receiver });
  let port: number | undefined;
  try {
    // without a known bot user the app defers auth.test (which also finds the bot user id) to here
    if (options.botUserId === undefined) await app.init();
    if (config.mode === 'socket') await app.start();
    else port = ((await app.start(config.port)).address() as AddressInfo).port;
  } catch (e) {
    throw new AppError(
      'E_CONFIG',
      `Slack did not start (${config.mode} mode): ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  deps.logger.info({ mode: config.mode, port }, describeSlack(port ? { ...config, port } : config));
  return { app, port, stop: () => app.stop().then(() => undefined) };
};
