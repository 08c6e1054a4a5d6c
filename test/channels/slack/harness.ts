import type { App } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createEngine } from '../../../src/channels/engine.js';
import { createSlackApp, type SlackDeps } from '../../../src/channels/slack/index.js';
import { loadKnowledge } from '../../../src/knowledge/index.js';
import { createLogger } from '../../../src/logger.js';
import { MemoryStore } from '../../../src/state/index.js';
import { FakeSlack } from './fake-slack.js';

/** The Slack tests' shared set-up: a local fake Slack API, captured logs, and Bolt apps on it. */
export const NOW = 1_700_000_000_000;
export const config = {
  mode: 'socket' as const,
  botToken: 'xoxb-test',
  appToken: 'xapp-test',
  port: 0,
  fileMaxBytes: 64 * 1024,
};

export const knowledge = await loadKnowledge();
const engine = createEngine(knowledge);
export const fake = new FakeSlack();
export const logLines: string[] = [];
const logger = createLogger({
  level: 'debug',
  destination: { write: (s: string) => void logLines.push(s) },
});

/** Starts the fake for the file and clears its calls and the captured log before each test. */
export const useFakeSlack = (): void => {
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    logLines.length = 0;
  });
};

/** A Bolt app with a receiver that never connects and its Web API on the local fake. */
export const makeApp = (over: Partial<SlackDeps> = {}): App =>
  createSlackApp(
    config,
    {
      knowledge: () => ({ state: 'ready', knowledge, engine }),
      store: new MemoryStore(),
      logger,
      now: () => NOW,
      fileOrigins: [fake.origin],
      ...over,
    },
    {
      receiver: {
        init: () => undefined,
        start: () => Promise.resolve(),
        stop: () => Promise.resolve(),
      },
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      botUserId: 'UBOT',
      botId: 'BBOT',
    },
  );
