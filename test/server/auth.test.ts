import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestServer, teamsMessage } from './helpers.js';

describe('POST /api/messages with a Bot Framework identity configured', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppTenantId: '66666666-7777-8888-9999-000000000000',
      },
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  it.each([
    ['no Authorization header', {}],
    ['a token that is not a JWT', { authorization: 'Bearer forged' }],
  ])('refuses an activity with %s (401, JSON)', async (_name, headers) => {
    const res = await postJson(
      `${server.url}/api/messages`,
      teamsMessage({ text: '401.2' }),
      headers,
    );
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error: { code: 'unauthorized' } });
    expect(server.logs.join('\n')).not.toContain('not-a-real-secret');
  });
});
