import { AppError } from '../../errors.js';

export const DEFAULT_SLACK_PORT = 3979;
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackConfig {
  mode: 'socket' | 'http';
  /** Bot token (xoxb-...): Web API calls and file downloads. */
  botToken: string;
  /** App-level token (xapp-..., connections:write): Socket Mode only. */
  appToken?: string;
  /** Signing secret: HTTP mode only, verifies every request came from Slack. */
  signingSecret?: string;
  /** HTTP mode: the port of Slack's own listener (events and interactivity on /slack/events). */
  port: number;
  /** Largest log file read from a file share (bytes). */
  fileMaxBytes: number;
}

/** Slack on, with its config, or off with the reason (logged at start-up). */
export type SlackSetting =
  { enabled: true; config: SlackConfig } | { enabled: false; reason: string };

const value = (env: Record<string, string | undefined>, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

/**
 * Reads SLACK_* from the environment. Missing tokens keep Slack off (a value); a token of the
 * wrong kind or a bad SLACK_MODE / SLACK_PORT is a deployment error (AppError E_CONFIG).
 */
export const readSlackConfig = (
  env: Record<string, string | undefined>,
  shared: { fileMaxBytes: number },
): SlackSetting => {
  const botToken = value(env, 'SLACK_BOT_TOKEN');
  const appToken = value(env, 'SLACK_APP_TOKEN');
  const signingSecret = value(env, 'SLACK_SIGNING_SECRET');
  const modeText = value(env, 'SLACK_MODE');
  if (modeText !== undefined && modeText !== 'socket' && modeText !== 'http') {
    throw new AppError(
      'E_CONFIG',
      `SLACK_MODE must be socket or http, not ${JSON.stringify(modeText.slice(0, 20))}`,
    );
  }
  const mode = modeText ?? (appToken || !signingSecret ? 'socket' : 'http');
  if (!botToken) return { enabled: false, reason: 'SLACK_BOT_TOKEN is not set' };
  if (!botToken.startsWith('xoxb-')) {
    throw new AppError(
      'E_CONFIG',
      'SLACK_BOT_TOKEN must be a bot token (xoxb-...), from OAuth & Permissions',
    );
  }
  if (mode === 'socket' && !appToken) {
    return {
      enabled: false,
      reason: 'SLACK_APP_TOKEN is not set (Socket Mode needs an app-level token)',
    };
  }
  if (mode === 'http' && !signingSecret) {
    return { enabled: false, reason: 'SLACK_SIGNING_SECRET is not set (SLACK_MODE=http needs it)' };
  }
  if (mode === 'socket' && appToken && !appToken.startsWith('xapp-')) {
    throw new AppError(
      'E_CONFIG',
      'SLACK_APP_TOKEN must be an app-level token (xapp-...) with connections:write',
    );
  }
  const portText = value(env, 'SLACK_PORT');
  const port = portText === undefined ? DEFAULT_SLACK_PORT : Number(portText);
  if (!/^\d{1,5}$/.test(portText ?? '0') || port > 65535) {
    throw new AppError('E_CONFIG', 'SLACK_PORT must be a port number');
  }
  return {
    enabled: true,
    config: {
      mode,
      botToken,
      ...(mode === 'socket' ? { appToken } : { signingSecret }),
      port,
      fileMaxBytes: shared.fileMaxBytes,
    },
  };
};

/** One line for the start-up log: never a token. */
export const describeSlack = (config: SlackConfig): string =>
  config.mode === 'socket'
    ? 'Slack: Socket Mode (no public URL needed)'
    : `Slack: HTTP mode, events and interactivity on port ${config.port} ${SLACK_EVENTS_PATH}`;
