import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_401_2_5, startTestServer, teamsMessage } from '../server/helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS) || 0;
const runs = (n: number) => ({ numRuns: RUNS || n });

type Running = Awaited<ReturnType<typeof startTestServer>>;
let server: Running;
beforeAll(async () => {
  // replies that are not expectReplies go to 127.0.0.1:9 (refused) within a short deadline
  server = await startTestServer({ botAuth: { sendTimeoutMs: 300 } });
});
afterAll(async () => {
  await server?.close();
});

/** One request; a hang fails the run instead of the test timing out. */
const send = async (
  path: string,
  body: Uint8Array | string,
  contentType: string | null,
): Promise<{ status: number; text: string }> => {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: contentType === null ? {} : { 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, text: await res.text() };
};

/** Client mistakes are 4xx with our JSON error; nothing is ever a 5xx. */
const checkAnswer = (res: { status: number; text: string }): void => {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) {
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: expect.any(String) as string } });
  }
};

const KEYS = [
  'type',
  'id',
  'channelId',
  'serviceUrl',
  'from',
  'recipient',
  'conversation',
  'text',
  'deliveryMode',
  'attachments',
  'entities',
  'value',
  'membersAdded',
  'name',
  'replyToId',
  'channelData',
  'locale',
  'timestamp',
  'textFormat',
] as const;
const TYPES = ['message', 'invoke', 'conversationUpdate', 'event', 'typing', 'messageReaction'];

/** A Teams message with a few fields replaced by anything at all. */
const mutatedActivity = fc
  .tuple(
    fc.dictionary(
      fc.constantFrom(...KEYS),
      fc.oneof(
        fc.anything(),
        fc.constantFrom(...TYPES),
        fc.constant(null),
        fc.string(),
        fc.array(fc.anything(), { maxLength: 3 }),
      ),
      { maxKeys: 3 },
    ),
    fc.constantFrom(...TYPES),
  )
  .map(([over, type]) => ({ ...teamsMessage({ text: LOG_401_2_5, type }), ...over }));

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-16',
      'application/vnd.teams+json',
      'text/plain',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
      'application/json;;;',
    ),
  },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s)) },
);

describe('HTTP body parsing under random input against the real server (fast-check)', () => {
  it.each(['/api/messages', '/api/triage'])(
    'never answers %s with a 5xx, for random bytes, JSON or mutated activities',
    async (path) => {
      const body = fc.oneof(
        fc.uint8Array({ maxLength: 2048 }),
        fc.json().map((j) => j),
        fc.string({ unit: 'binary', maxLength: 500 }),
        mutatedActivity.map((a) => JSON.stringify(a)),
        fc.string({ maxLength: 200 }).map((m) => JSON.stringify({ message: m })),
      );
      await fc.assert(
        fc.asyncProperty(body, contentType, async (b, type) => {
          checkAnswer(await send(path, b, type));
        }),
        runs(150),
      );
      // and it still serves
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      // turns fail only where a reply could not be delivered (127.0.0.1:9), never on our bugs
      const failures = server.logs
        .map((l) => JSON.parse(l) as { msg: string; err?: { name: string; message: string } })
        .filter((l) => l.msg === 'turn failed' || l.msg === 'activity failed');
      for (const f of failures)
        expect(f.err?.name).not.toMatch(/TypeError|RangeError|ReferenceError/);
    },
    240_000,
  );
});
