/**
 * LOCAL_CASES retrains the ranking at start-up (16-19 s on a busy 2-core machine). The server
 * listens meanwhile, so it must answer: /healthz 503 "loading", a message the still-loading notice.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/index.js';
import {
  BOT,
  captureLogger,
  cardOf,
  cardTexts,
  exchange,
  realKnowledge,
  teamsMessage,
  testConfig,
} from './helpers.js';

const CASE = {
  id: 'ticket-T-1',
  source: 'ticket T-1',
  message:
    'Two web servers behind a load balancer; web01 gets 401.1 when the balancer sends its own call back to it.',
  expected: { codes: [{ status: 401, substatus: 1, win32: null }], cause: 'loopback-check' },
};

describe('start-up with LOCAL_CASES', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'iis-triage-retrain-'));
    file = join(dir, 'cases.jsonl');
    writeFileSync(file, `${JSON.stringify(CASE)}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers /healthz 503 and messages "still loading" while the retrain runs, then 200', async () => {
    const { logger, lines } = captureLogger();
    // not startTestServer: it waits for the knowledge, and this test is about the time before
    const server = await startServer(testConfig({ LOCAL_CASES: file }), {
      logger,
      loadKnowledge: realKnowledge,
    });
    try {
      // the retrain has begun (the log says so before it starts)
      await expect
        .poll(() => lines.some((l) => l.includes('LOCAL_CASES: retraining')), {
          timeout: 30_000,
        })
        .toBe(true);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'loading' });
      const replies = await exchange(
        server.url,
        teamsMessage({ text: `<at>${BOT.name}</at> 401.1`, conversation: { id: 'a:early' } }),
      );
      expect(cardTexts(cardOf(replies.at(-1)))).toMatch(/still loading my knowledge/);
      expect(server.app.knowledgeStatus().state).toBe('loading');

      await server.app.ready;
      const ready = await fetch(`${server.url}/healthz`);
      expect(ready.status).toBe(200);
      expect(lines.join('\n')).toMatch(/LOCAL_CASES: 1 confirmed case from/);
    } finally {
      await server.close();
    }
  }, 120_000);
});
