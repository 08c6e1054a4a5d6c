import { createServer, type Socket } from 'node:net';
import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { APOLOGY } from '../../src/channels/bot-seam.js';
import { BlobStore, conversationKey, MemoryStore, type StateStore } from '../../src/state/index.js';
import { azuriteConnectionString, hasAzurite, useAzurite } from '../state/azurite.js';
import {
  cardOf,
  cardTexts,
  exchange,
  LOG_401_1_1326,
  LOG_401_2_5,
  startTestServer,
  teamsMessage,
} from './helpers.js';

const textOf = (activity: Partial<Activity> | undefined): string =>
  activity?.attachments?.length ? cardTexts(cardOf(activity)) : (activity?.text ?? '');

describe('a turn that fails on the real server', () => {
  it('apologises, logs the failure with the activity id, and clears that conversation only', async () => {
    const inner = new MemoryStore();
    let failReads = false;
    // a bug rather than an outage: a plain Error, which the seam does not turn into a note
    const store: StateStore = {
      kind: 'memory',
      read: (k) =>
        failReads ? Promise.reject(new Error('stored record is corrupt')) : inner.read(k),
      write: (k, v, e) => inner.write(k, v, e),
      delete: (k) => inner.delete(k),
      health: () => inner.health(),
    };
    const server = await startTestServer({ store });
    try {
      const broken = { id: 'a:broken', conversationType: 'personal' };
      const other = { id: 'a:other', conversationType: 'personal' };
      await exchange(server.url, teamsMessage({ text: LOG_401_2_5, conversation: broken }));
      await exchange(server.url, teamsMessage({ text: LOG_401_2_5, conversation: other }));
      const key = (id: string) => conversationKey({ channelId: 'msteams', conversationId: id });
      expect(await inner.read(key(broken.id))).toBeDefined();

      failReads = true;
      const failing = teamsMessage({ text: LOG_401_1_1326, conversation: broken });
      const replies = await exchange(server.url, failing);
      failReads = false;

      expect(replies.at(-1)?.text).toBe(APOLOGY);
      const logged = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(logged).toContainEqual(
        expect.objectContaining({ msg: 'turn failed', activityId: failing.id, level: 50 }),
      );
      expect(await inner.read(key(broken.id))).toBeUndefined();
      expect(await inner.read(key(other.id))).toBeDefined();

      // the conversation starts afresh and works
      const again = await exchange(
        server.url,
        teamsMessage({ text: LOG_401_1_1326, conversation: broken }),
      );
      expect(textOf(again.at(-1))).toMatch(/401\.1/);
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!hasAzurite)(
  'a storage outage on the real server (Azurite stopped and started)',
  () => {
    const azurite = useAzurite();

    it('answers with a clear note while storage is down, and recovers when it returns', async () => {
      const server = await startTestServer({
        env: { STATE_CONNECTION_STRING: azurite.connectionString, STATE_CONTAINER: 'outage' },
      });
      const conversation = { id: 'a:outage', conversationType: 'personal' };
      const say = async (text: string) =>
        textOf((await exchange(server.url, teamsMessage({ text, conversation }))).at(-1));
      try {
        expect(await say(LOG_401_2_5)).not.toMatch(/conversation storage/);

        await azurite.stop();
        const during = await say(LOG_401_1_1326);
        expect(during).toMatch(/401\.1/);
        expect(during).toMatch(
          /could not reach my conversation storage, so this answer does not take your earlier messages into account/,
        );
        expect(server.logs.join('\n')).toMatch(/"msg":"state read failed"/);

        await azurite.restart();
        const after = await say(LOG_401_1_1326);
        expect(after).toMatch(/401\.1/);
        expect(after).not.toMatch(/conversation storage|could not save/);
        const next = await say('IIS 10');
        expect(next).not.toMatch(/conversation storage|could not save/);
      } finally {
        await server.close();
      }
    }, 90_000);
  },
);

describe('state storage that accepts connections and never answers', () => {
  it('answers with the storage note, logs it, and /healthz says storage is degraded', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const store = new BlobStore(azuriteConnectionString(port), 'stalled', { timeoutMs: 500 });
    const server = await startTestServer({ store });
    try {
      const before = await fetch(`${server.url}/healthz`);
      expect(await before.json()).toEqual({ status: 'ok' });
      const replies = await exchange(server.url, teamsMessage({ text: LOG_401_1_1326 }));
      const answer = textOf(replies.at(-1));
      expect(answer).toMatch(/401\.1/);
      expect(answer).toMatch(/could not reach my conversation storage/);
      expect(server.logs.join('\n')).toMatch(/"msg":"state read failed"/);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({
        status: 'degraded',
        components: {
          storage: {
            state: 'degraded',
            reason: expect.stringMatching(/deadline/) as unknown,
            since: expect.any(Number) as unknown,
          },
        },
      });
    } finally {
      await server.close();
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  }, 20_000);
});
