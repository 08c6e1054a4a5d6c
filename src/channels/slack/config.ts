import type { SlackConfig } from '../../config.js';

export type { SlackConfig } from '../../config.js';

export const SLACK_EVENTS_PATH = '/slack/events';

/** One line for the start-up log: never a token. */
export const describeSlack = (config: SlackConfig): string =>
  config.mode === 'socket'
    ? 'Slack: Socket Mode (no public URL needed)'
    : `Slack: HTTP mode, events and interactivity on port ${config.port} ${SLACK_EVENTS_PATH}`;
