import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/channels/engine.js';
import { launchSlack, startSlack, type SlackHandle } from '../../../src/channels/slack/index.js';
import { loadConfig } from '../../../src/config.js';
import { loadKnowledge } from '../../../src/knowledge/index.js';
import { createLogger } from '../../../src/logger.js';
import { MemoryStore } from '../../../src/state/index.js';
import { FakeSlack } from './fake-slack.js';
import { FakeSocketMode } from './fake-socket.js';

const SECRET = 'test-signing-secret';
const fake = new FakeSlack();
const logLines: string[] = [];
let slack: SlackHandle;

beforeAll(async () => {
  await fake.start();
  const knowledge = await loadKnowledge();
  slack = await startSlack(
    { mode: 'http', botToken: 'xoxb-test', signingSecret: SECRET, port: 0, fileMaxBytes: 1024 },
    {
      knowledge: () => ({ state: 'ready', knowledge, engine: createEngine(knowledge) }),
      store: new MemoryStore(),
      logger: createLogger({
        level: 'info',
        destination: { write: (s: string) => void logLines.push(s) },
      }),
    },
    {
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
      botUserId: 'UBOT',
      botId: 'BBOT',
    },
  );
});
afterAll(async () => {
  await slack.stop();
  await fake.stop();
});

/** A request as Slack signs it: v0 HMAC-SHA256 over "v0:timestamp:body". */
const send = (body: string, secret = SECRET) => {
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return fetch(`http://127.0.0.1:${slack.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signature,
    },
    body,
  });
};

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe('startSlack in HTTP mode', () => {
  it('listens on its own port and says so in the log', () => {
    expect(slack.port).toBeGreaterThan(0);
    expect(logLines.join('\n')).toContain(
      `Slack: HTTP mode, events and interactivity on port ${slack.port} /slack/events`,
    );
  });

  it("answers Slack's URL verification challenge", async () => {
    const res = await send(
      JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 'x' }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('abc123');
  });

  it('acks a signed mention at once and answers it in the thread', async () => {
    const event = {
      type: 'app_mention',
      user: 'U2',
      text: '<@UBOT> 401.1 on the intranet',
      ts: '1700000001.000100',
      channel: 'C1',
    };
    const res = await send(
      JSON.stringify({
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: 'EvHttp',
        event_time: 1,
        event,
      }),
    );
    expect(res.status).toBe(200);
    await until(() => fake.posts().length > 0);
    expect(fake.posts()[0]?.args).toMatchObject({ channel: 'C1', thread_ts: '1700000001.000100' });
  });

  it('refuses a request with a wrong signature', async () => {
    fake.reset();
    const res = await send(
      JSON.stringify({ type: 'url_verification', challenge: 'nope' }),
      'forged',
    );
    expect(res.status).toBe(401);
    expect(fake.calls).toEqual([]);
  });
});

describe('startSlack with token verification', () => {
  const http = {
    mode: 'http' as const,
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    port: 0,
    fileMaxBytes: 1024,
  };
  const deps = () => ({
    knowledge: () => ({ state: 'loading' as const }),
    store: new MemoryStore(),
    logger: createLogger({ level: 'silent' }),
  });
  const offline = () => ({
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
  });

  it('learns its bot user with auth.test before it starts', async () => {
    fake.reset();
    const started = await startSlack(http, deps(), offline());
    await started.stop();
    expect(fake.calls.filter((c) => c.method === 'auth.test').map((c) => c.authorization)).toEqual([
      'Bearer xoxb-test',
    ]);
  });

  it('fails to start, as a value the caller logs, when Slack refuses the token', async () => {
    fake.reset();
    fake.rejectAuth = true;
    await expect(startSlack(http, deps(), offline())).rejects.toThrow(
      /Slack did not start \(http mode\).*invalid_auth/,
    );
  });
});

describe('launchSlack', () => {
  const lines: string[] = [];
  const deps = {
    knowledge: () => ({ state: 'loading' as const }),
    logger: createLogger({
      level: 'info',
      destination: { write: (s: string) => void lines.push(s) },
    }),
  };
  it('stays off without tokens and logs why', async () => {
    const launch = launchSlack(loadConfig({ SLACK_APP_TOKEN: 'xapp-1' }), deps);
    expect(launch.enabled).toBe(false);
    await launch.stop();
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain(
      'Slack off: SLACK_BOT_TOKEN is not set',
    );
  });
});

describe('startSlack in Socket Mode', () => {
  it('opens the socket with the app token, acks an event envelope and answers in the thread', async () => {
    const socket = new FakeSocketMode();
    await socket.start();
    fake.reset();
    fake.socketUrl = socket.url;
    const knowledge = await loadKnowledge();
    const started = await startSlack(
      { mode: 'socket', botToken: 'xoxb-test', appToken: 'xapp-test', port: 0, fileMaxBytes: 1024 },
      {
        knowledge: () => ({ state: 'ready', knowledge, engine: createEngine(knowledge) }),
        store: new MemoryStore(),
        logger: createLogger({ level: 'silent' }),
      },
      {
        clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
        botUserId: 'UBOT',
        botId: 'BBOT',
      },
    );
    await socket.ready;
    const event = {
      type: 'app_mention',
      user: 'U2',
      text: '<@UBOT> 401.3 on /app',
      ts: '1700000005.000100',
      channel: 'C9',
    };
    socket.send({
      envelope_id: 'env-1',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      payload: {
        type: 'event_callback',
        team_id: 'T1',
        api_app_id: 'A1',
        event_id: 'EvSock',
        event_time: 1,
        event,
      },
    });
    await until(() => fake.posts().length > 0 && socket.received.length > 0);
    await started.stop();
    await socket.stop();
    expect(fake.calls.find((c) => c.method === 'apps.connections.open')?.authorization).toBe(
      'Bearer xapp-test',
    );
    expect(socket.received).toContainEqual(expect.objectContaining({ envelope_id: 'env-1' }));
    expect(fake.posts()[0]?.args).toMatchObject({ channel: 'C9', thread_ts: '1700000005.000100' });
  });
});

describe('launchSlack when Slack cannot be reached at first', () => {
  it('tries again with back-off until it starts, and says why in its health meanwhile', async () => {
    fake.reset();
    fake.rejectAuth = true;
    const knowledge = await loadKnowledge();
    const launch = launchSlack(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-test',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_MODE: 'http',
        SLACK_PORT: '0',
        FILE_MAX_BYTES: '1024',
      }),
      {
        knowledge: () => ({ state: 'ready', knowledge, engine: createEngine(knowledge) }),
        logger: createLogger({ level: 'silent' }),
        store: new MemoryStore(),
        retry: { firstMs: 50, maxMs: 200 },
        startOptions: { clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } },
      },
    );
    try {
      await until(() => launch.health().state === 'degraded');
      expect(launch.health()).toMatchObject({
        state: 'degraded',
        reason: expect.stringMatching(
          /invalid_auth; trying again in \d+ s \(attempt \d+\)/,
        ) as unknown,
      });
      await until(() => fake.calls.filter((c) => c.method === 'auth.test').length >= 2);
      fake.rejectAuth = false;
      await until(() => launch.health().state === 'ok');
      expect(launch.health()).toEqual({ state: 'ok' });
    } finally {
      await launch.stop();
      fake.rejectAuth = false;
    }
  });
});
