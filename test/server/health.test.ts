import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { startServer } from '../../src/server/index.js';
import {
  BOT,
  captureLogger,
  cardOf,
  cardTexts,
  exchange,
  postJson,
  realKnowledge,
  startTestServer,
  teamsMessage,
  testConfig,
} from './helpers.js';

describe('GET /healthz', () => {
  it('answers 200 {"status":"ok"} once the knowledge is loaded', async () => {
    const server = await startTestServer();
    try {
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    } finally {
      await server.close();
    }
  });

  it('says which parts are degraded and why, still answering 200', async () => {
    const server = await startTestServer();
    try {
      let slack: { state: 'ok' } | { state: 'degraded'; reason: string } = { state: 'ok' };
      server.app.watch('slack', () => slack);
      server.app.watch('other', () => ({ state: 'off' }));
      expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
      slack = { state: 'degraded', reason: 'no network; trying again in 2 s (attempt 1)' };
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'degraded', components: { slack } });
    } finally {
      await server.close();
    }
  });

  it('stays non-200 while loading', async () => {
    let release: (k: Knowledge) => void = () => undefined;
    const pending = new Promise<Knowledge>((r) => (release = r));
    const server = await startServer(testConfig(), {
      logger: captureLogger().logger,
      loadKnowledge: () => pending,
    });
    try {
      const loading = await fetch(`${server.url}/healthz`);
      expect(loading.status).toBe(503);
      expect(await loading.json()).toEqual({ status: 'loading' });
      release(await realKnowledge());
      await server.app.ready;
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('keeps running with the reason when the knowledge fails to load', async () => {
    const reason =
      'knowledge in /x is unusable: 1 problem\n  causes/a.md: codes.0.status: expected number';
    const server = await startTestServer({
      loadKnowledge: () => Promise.reject(new AppError('E_KNOWLEDGE', reason)),
    });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'error', reason });
      const triage = await postJson(`${server.url}/api/triage`, { message: '401.2' });
      expect(triage.status).toBe(503);
      expect(triage.json).toMatchObject({ error: { code: 'unavailable' } });
      const replies = await exchange(
        server.url,
        teamsMessage({ text: `<at>${BOT.name}</at> 401.2`, conversation: { id: 'a:down' } }),
      );
      expect(cardTexts(cardOf(replies.at(-1)))).toMatch(/knowledge base failed to load/);
      expect(server.logs.join('\n')).toMatch(/knowledge failed to load/);
    } finally {
      await server.close();
    }
  });
});

describe('/healthz with LOCAL_CASES', () => {
  it('stays non-200 with the reason when the file cannot be used', async () => {
    const server = await startTestServer({ env: { LOCAL_CASES: '/nonexistent/cases.jsonl' } });
    try {
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({
        status: 'error',
        reason: 'LOCAL_CASES /nonexistent/cases.jsonl cannot be read: no such file',
      });
    } finally {
      await server.close();
    }
  });
});
