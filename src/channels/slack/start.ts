import { HTTPReceiver, SocketModeReceiver, type App } from '@slack/bolt';
import { AppError } from '../../errors.js';
import { createSlackApp, type SlackDeps } from './app.js';
import { boltLogger } from './bolt-logger.js';
import { describeSlack, SLACK_EVENTS_PATH, type SlackConfig } from './config.js';

export interface SlackHandle {
  app: App;
  stop(): Promise<void>;
}

/**
 * Starts the Slack front door. Socket Mode dials out to Slack (no public URL); HTTP mode listens
 * on its own port, because Bolt verifies each request's signature over the raw body, which
 * restify's body parser would already have consumed on the bot's port.
 */
export const startSlack = async (config: SlackConfig, deps: SlackDeps): Promise<SlackHandle> => {
  const logger = boltLogger(deps.logger);
  const receiver =
    config.mode === 'socket'
      ? new SocketModeReceiver({ appToken: config.appToken ?? '', logger })
      : new HTTPReceiver({
          signingSecret: config.signingSecret ?? '',
          endpoints: SLACK_EVENTS_PATH,
          logger,
        });
  const app = createSlackApp(config, deps, { receiver });
  try {
    await (config.mode === 'socket' ? app.start() : app.start(config.port));
  } catch (e) {
    throw new AppError(
      'E_CONFIG',
      `Slack did not start (${config.mode} mode): ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  deps.logger.info(
    { mode: config.mode, port: config.mode === 'http' ? config.port : undefined },
    describeSlack(config),
  );
  return { app, stop: () => app.stop().then(() => undefined) };
};
