import { createServer, type Socket } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { precheckToken } from '../../src/server/bot-auth.js';
import { postJson, startTestServer, teamsMessage } from '../server/helpers.js';
import { channelClaims, makeKey, signToken, startKeyServer, type KeyServer } from './jwt.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const PASSWORD = 'app-password-never-logged';
const ENV = {
  MicrosoftAppId: APP_ID,
  MicrosoftAppPassword: PASSWORD,
  MicrosoftAppTenantId: '66666666-7777-8888-9999-000000000000',
};
const SERVICE_URL = 'http://127.0.0.1:9/';

type Running = Awaited<ReturnType<typeof startTestServer>>;

const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const send = (server: Running, token: string | undefined, text = '401.2') =>
  postJson(
    `${server.url}/api/messages`,
    teamsMessage({ text, serviceUrl: SERVICE_URL }),
    token === undefined ? {} : { authorization: `Bearer ${token}` },
  );

const expectRefused = (res: { status: number; json: unknown; text: string }, token?: string) => {
  expect(res.status).toBe(401);
  expect(res.json).toEqual({
    error: { code: 'unauthorized', message: 'a valid Bot Framework token is required' },
  });
  if (token) expect(res.text).not.toContain(token);
};

describe('precheckToken', () => {
  const key = makeKey('k1');
  const now = Math.floor(Date.now() / 1000);
  it.each([
    ['', /no Authorization/],
    ['Basic dXNlcjpwYXNz', /not a Bearer JWT/],
    ['Bearer a.b', /not a Bearer JWT/],
    ['Bearer e30.e30.sig', /accepted algorithm/],
    [`Bearer ${'x'.repeat(40_000)}`, /not a Bearer JWT/],
    ['Bearer !!!.???.###', /not a Bearer JWT/],
  ])('refuses %j without fetching keys', (header, reason) => {
    const check = precheckToken(header.slice(0, 60_000), now);
    expect(check.ok).toBe(false);
    expect((check as { reason: string }).reason).toMatch(reason);
  });

  it('refuses expired and not-yet-valid tokens, allowing five minutes of clock skew', () => {
    const token = (exp: number, nbf: number) =>
      `Bearer ${signToken(channelClaims(APP_ID, SERVICE_URL, { exp, nbf }), key)}`;
    expect(precheckToken(token(now - 301, now - 4000), now)).toEqual({
      ok: false,
      reason: 'the token has expired',
    });
    expect(precheckToken(token(now - 299, now - 4000), now)).toEqual({ ok: true });
    expect(precheckToken(token(now + 4000, now + 301), now)).toEqual({
      ok: false,
      reason: 'the token is not valid yet',
    });
  });
});

describe('POST /api/messages with a Bot Framework identity and a local signing key', () => {
  const key = makeKey('key-1');
  const forger = makeKey('key-1');
  let keys: KeyServer;
  let server: Running;
  beforeAll(async () => {
    keys = await startKeyServer([key]);
    server = await startTestServer({
      env: ENV,
      botAuth: { openIdMetadataUrl: keys.metadataUrl, timeoutMs: 2_000 },
    });
  });
  afterAll(async () => {
    await server?.close();
    await keys?.close();
  });

  it('refuses an expired token signed with the real key, without fetching keys', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = signToken(
      channelClaims(APP_ID, SERVICE_URL, { exp: now - 3600, nbf: now - 7200 }),
      key,
    );
    const before = keys.hits();
    expectRefused(await send(server, token), token);
    expect(keys.hits()).toBe(before);
  });

  it('accepts a token signed with the published key and answers the activity', async () => {
    const token = signToken(channelClaims(APP_ID, SERVICE_URL), key);
    const res = await send(server, token);
    expect(res.status).toBe(200);
    const replies = (res.json as { activities: Partial<Activity>[] }).activities;
    expect(replies.at(-1)?.attachments?.[0]?.contentType).toBe(
      'application/vnd.microsoft.card.adaptive',
    );
  });

  it('refuses a file link to this machine, after DNS, without connecting to it', async () => {
    const reached: Socket[] = [];
    const local = createServer((socket) => reached.push(socket));
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
    const { port } = local.address() as { port: number };
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const token = signToken(channelClaims(APP_ID, SERVICE_URL), key);
        const res = await postJson(
          `${server.url}/api/messages`,
          teamsMessage({
            serviceUrl: SERVICE_URL,
            attachments: [
              {
                contentType: 'application/vnd.microsoft.teams.file.download.info',
                name: 'u_ex240502.log',
                content: { downloadUrl: `https://${host}:${port}/u_ex240502.log`, fileType: 'log' },
              },
            ],
          }),
          { authorization: `Bearer ${token}` },
        );
        expect(res.status).toBe(200);
        expect(res.text).toMatch(
          /could not download u_ex240502\.log: the download link leads to a private or local address/,
        );
      }
      expect(reached).toHaveLength(0);
    } finally {
      for (const s of reached) s.destroy();
      await new Promise((r) => local.close(r));
    }
  });

  it('refuses a token forged with another key under the published key id', async () => {
    // botframework-connector writes the failed verification to console.error itself
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const token = signToken(channelClaims(APP_ID, SERVICE_URL), forger, key.kid);
    expectRefused(await send(server, token), token);
    expect(consoleError).toHaveBeenCalled();
    consoleError.mockReset();
  });

  it('refuses a token naming a key that is not published', async () => {
    const token = signToken(channelClaims(APP_ID, SERVICE_URL), forger, 'key-unknown');
    expectRefused(await send(server, token), token);
  });

  it.each([
    ['another bot', { aud: '99999999-0000-0000-0000-000000000000' }],
    ['another service URL', { serviceurl: 'https://evil.example/' }],
    ['another issuer', { iss: 'https://evil.example' }],
  ])('refuses a genuinely signed token meant for %s', async (_name, over) => {
    const token = signToken(channelClaims(APP_ID, SERVICE_URL, over), key);
    expectRefused(await send(server, token), token);
  });

  it('refuses a request without a token, and never logs tokens or the app password', async () => {
    expectRefused(await send(server, undefined));
    const logs = server.logs.join('\n');
    expect(logs).toMatch(/activity refused/);
    expect(logs).not.toContain(PASSWORD);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});

describe('POST /api/messages when the signing keys cannot be fetched', () => {
  const key = makeKey('key-1');

  it('refuses at once when nothing listens where the keys are (no network)', async () => {
    const port = await closedPort();
    const server = await startTestServer({
      env: ENV,
      botAuth: { openIdMetadataUrl: `http://127.0.0.1:${port}/openid`, timeoutMs: 60_000 },
    });
    try {
      const token = signToken(channelClaims(APP_ID, SERVICE_URL), key);
      expectRefused(await send(server, token), token);
    } finally {
      await server.close();
    }
  });

  it('refuses after the deadline when the key service never answers, and stops asking it', async () => {
    const blackHole = await startKeyServer([key], 'hang');
    const server = await startTestServer({
      env: ENV,
      botAuth: { openIdMetadataUrl: blackHole.metadataUrl, timeoutMs: 200 },
    });
    try {
      for (let i = 0; i < 12; i++) {
        const token = signToken(channelClaims(APP_ID, SERVICE_URL, { jti: `t${i}` }), key);
        expectRefused(await send(server, token), token);
      }
      // stalled key fetches are capped: later tokens are refused without another fetch
      expect(blackHole.hits()).toBeLessThanOrEqual(8);
    } finally {
      await server.close();
      await blackHole.close();
    }
  });

  it('refuses a well-formed token with the default key service (unreachable offline)', async () => {
    const server = await startTestServer({ env: ENV, botAuth: { timeoutMs: 3_000 } });
    try {
      const token = signToken(channelClaims(APP_ID, SERVICE_URL), key);
      expectRefused(await send(server, token), token);
    } finally {
      await server.close();
    }
  });
});
