import { describe, expect, it } from 'vitest';
import { describeSlack } from '../../../src/channels/slack/start.js';
import { loadConfig } from '../../../src/config.js';

/** Slack's setting as loadConfig reads it, beside a FILE_MAX_BYTES of 1000. */
const readSlackConfig = (env: Record<string, string>) =>
  loadConfig({ FILE_MAX_BYTES: '1000', ...env }).slack;

describe('loadConfig: Slack', () => {
  it('stays off without a bot token', () => {
    expect(readSlackConfig({})).toEqual({
      enabled: false,
      reason: 'SLACK_BOT_TOKEN is not set',
    });
  });

  it('chooses Socket Mode when an app token is set', () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual({
      enabled: true,
      config: {
        mode: 'socket',
        botToken: 'xoxb-1',
        appToken: 'xapp-1',
        port: 3979,
        fileMaxBytes: 1000,
      },
    });
  });

  it('chooses HTTP mode with a signing secret and no app token, on SLACK_PORT', () => {
    const s = readSlackConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's3',
      SLACK_PORT: '4000',
    });
    expect(s).toEqual({
      enabled: true,
      config: {
        mode: 'http',
        botToken: 'xoxb-1',
        signingSecret: 's3',
        port: 4000,
        fileMaxBytes: 1000,
      },
    });
    if (s.enabled)
      expect(describeSlack(s.config)).toBe(
        'Slack: HTTP mode, events and interactivity on port 4000 /slack/events',
      );
  });

  it('stays off, saying why, when the chosen mode lacks its credential', () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toMatchObject({
      enabled: false,
      reason: expect.stringContaining('SLACK_APP_TOKEN') as unknown,
    });
    expect(
      readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_MODE: 'http' }),
    ).toMatchObject({
      enabled: false,
      reason: expect.stringContaining('SLACK_SIGNING_SECRET') as unknown,
    });
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xapp-1', SLACK_APP_TOKEN: 'xoxb-1' }, /bot token \(xoxb-/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxp-1' }, /app-level token \(xapp-/],
    [
      { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_MODE: 'websocket' },
      /SLACK_MODE: socket or http/,
    ],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_PORT: '99999' }, /SLACK_PORT/],
  ])('refuses a bad deployment %j', (env, message) => {
    expect(() => readSlackConfig(env)).toThrow(message);
  });

  it('never puts a token in the start-up line', () => {
    const s = readSlackConfig({ SLACK_BOT_TOKEN: 'xoxb-secret', SLACK_APP_TOKEN: 'xapp-secret' });
    if (!s.enabled) throw new Error('expected Slack on');
    expect(describeSlack(s.config)).not.toMatch(/secret/);
  });
});
