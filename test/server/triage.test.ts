import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_401_2_5, postJson, startTestServer } from './helpers.js';

type Running = Awaited<ReturnType<typeof startTestServer>>;

describe('POST /api/triage', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers the Analysis of a pasted log line', async () => {
    const res = await postJson(`${server.url}/api/triage`, { message: LOG_401_2_5 });
    expect(res.status).toBe(200);
    const analysis = res.json as {
      codes: unknown[];
      causes: { id: string; score: number }[];
      reply: string;
      followUps: string[];
    };
    expect(analysis.codes).toContainEqual({ status: 401, substatus: 2, win32: 5 });
    expect(analysis.causes.length).toBeGreaterThan(0);
    expect(analysis.causes.length).toBeLessThanOrEqual(10);
    for (const c of analysis.causes) expect(c.score).toBeGreaterThanOrEqual(0);
    expect(analysis.reply).toMatch(/401\.2/);
    expect(analysis.reply.length).toBeLessThanOrEqual(4000);
    expect(Array.isArray(analysis.followUps)).toBe(true);
  });

  it.each([
    ['malformed JSON', '{"message": ', 400, 'invalid_json'],
    ['no message', { text: 'hello' }, 400, 'invalid_request'],
    ['a message that is not a string', { message: 401 }, 400, 'invalid_request'],
    ['an empty message', { message: '   ' }, 400, 'invalid_request'],
    ['a JSON array', [1, 2], 400, 'invalid_request'],
    ['an empty body', '', 400, 'empty_body'],
  ])('refuses %s with a JSON error', async (_name, body, status, code) => {
    const res = await postJson(`${server.url}/api/triage`, body);
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ error: { code, message: expect.any(String) as string } });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await fetch(`${server.url}/api/triage`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: LOG_401_2_5,
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
  });

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const big = JSON.stringify({ message: 'x'.repeat(2 * 1024 * 1024) });
    const declared = await postJson(`${server.url}/api/triage`, big);
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ error: { code: 'payload_too_large' } });
    const chunks = [
      Buffer.from('{"message":"'),
      Buffer.alloc(2 * 1024 * 1024, 'y'),
      Buffer.from('"}'),
    ];
    const streamed = await fetch(`${server.url}/api/triage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
  });

  it('refuses invalid UTF-8 with 400', async () => {
    const res = await fetch(`${server.url}/api/triage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0x22, 0x6d, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_utf8' } });
  });

  it('answers 404 and 405 in the same error shape', async () => {
    const missing = await fetch(`${server.url}/api/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'resource_not_found' } });
    const wrongMethod = await fetch(`${server.url}/api/triage`);
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ error: { code: 'method_not_allowed' } });
  });
});

describe('POST /api/triage with TRIAGE_API_KEY', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRIAGE_API_KEY: 'k-123456' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('needs the bearer key', async () => {
    const none = await postJson(`${server.url}/api/triage`, { message: LOG_401_2_5 });
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await postJson(
      `${server.url}/api/triage`,
      { message: LOG_401_2_5 },
      { authorization: 'Bearer nope' },
    );
    expect(wrong.status).toBe(401);
    const right = await postJson(
      `${server.url}/api/triage`,
      { message: LOG_401_2_5 },
      { authorization: 'Bearer k-123456' },
    );
    expect(right.status).toBe(200);
  });
});
