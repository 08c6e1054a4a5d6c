import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey, MemoryStore, type StateStore } from '../../src/state/index.js';
import { exchange, LOG_401_2_5, postJson, startTestServer, teamsMessage } from './helpers.js';

type Running = Awaited<ReturnType<typeof startTestServer>>;

const store = new MemoryStore();
let server: Running;
beforeAll(async () => {
  server = await startTestServer({ store });
});
afterAll(async () => {
  await server.close();
});

let n = 0;
const invoke = (name: string, value: unknown, conversation: { id: string }) => ({
  ...teamsMessage({ conversation: { ...conversation, conversationType: 'personal' } }),
  type: 'invoke',
  name,
  value,
  deliveryMode: undefined,
});

describe('malformed invokes', () => {
  it.each([
    ['adaptiveCard/action', 'junk'],
    ['adaptiveCard/action', 42],
    ['adaptiveCard/action', []],
    ['adaptiveCard/action', { action: null }],
    ['adaptiveCard/action', {}],
    ['adaptiveCard/action', undefined],
    ['composeExtension/submitAction', undefined],
    ['composeExtension/submitAction', null],
    ['composeExtension/submitAction', 'junk'],
    ['composeExtension/submitAction', { botMessagePreviewAction: 'x' }],
    ['fileConsent/invoke', undefined],
    ['fileConsent/invoke', { action: 42 }],
    ['message/submitAction', 'junk'],
    ['task/submit', 42],
    ['composeExtension/query', [1]],
  ])(
    '%s with %j gets an error status and leaves the conversation as it was',
    async (name, value) => {
      const conversation = { id: `a:invoke-${++n}` };
      await exchange(server.url, teamsMessage({ text: LOG_401_2_5, conversation }));
      const key = conversationKey({ channelId: 'msteams', conversationId: conversation.id });
      const before = await store.read(key);
      expect(before).toBeDefined();
      const logged = server.logs.length;
      const res = await postJson(`${server.url}/api/messages`, invoke(name, value, conversation));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await store.read(key)).toEqual(before);
      expect(server.logs.slice(logged).join('\n')).not.toMatch(/"msg":"turn failed"/);
    },
  );
});

describe('an invoke that fails inside the bot', () => {
  it('gets 500 and leaves the conversation as it was', async () => {
    const inner = new MemoryStore();
    // a bug rather than an outage: a plain Error on writing feedback
    const store: StateStore = {
      kind: 'memory',
      read: (k) => inner.read(k),
      write: (k, v, g) =>
        k.startsWith('feedback/') ? Promise.reject(new Error('broken')) : inner.write(k, v, g),
      delete: (k) => inner.delete(k),
      health: () => inner.health(),
    };
    const failing = await startTestServer({ store });
    try {
      const conversation = { id: 'a:invoke-bug' };
      await exchange(failing.url, teamsMessage({ text: LOG_401_2_5, conversation }));
      const key = conversationKey({ channelId: 'msteams', conversationId: conversation.id });
      const before = await inner.read(key);
      const res = await postJson(
        `${failing.url}/api/messages`,
        invoke(
          'message/submitAction',
          { actionName: 'feedback', actionValue: { reaction: 'like' } },
          conversation,
        ),
      );
      expect(res.status).toBe(500);
      expect(await inner.read(key)).toEqual(before);
      expect(failing.logs.join('\n')).toMatch(/"msg":"turn failed"/);
    } finally {
      await failing.close();
    }
  });
});
