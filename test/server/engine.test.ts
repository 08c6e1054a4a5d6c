import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { MemoryStore, type StateStore } from '../../src/state/index.js';
import {
  cardOf,
  cardTexts,
  exchange,
  LOG_401_1_1326,
  startTestServer,
  teamsMessage,
} from './helpers.js';

type Running = Awaited<ReturnType<typeof startTestServer>>;

/** A store that is down for reads or writes while `down` says so. */
const flakyStore = (down: { read: boolean; write: boolean }): StateStore => {
  const inner = new MemoryStore();
  const outage = () => Promise.reject(new AppError('E_STORAGE', 'storage unreachable'));
  return {
    kind: 'memory',
    read: (k) => (down.read ? outage() : inner.read(k)),
    write: (k, v, e) => (down.write ? outage() : inner.write(k, v, e)),
    delete: (k) => inner.delete(k),
    health: () => inner.health(),
  };
};

describe('POST /api/messages with turns on the pool', () => {
  const down = { read: false, write: false };
  let server: Running;
  let channel: Server;
  let serviceUrl: string;
  const posted: { url: string; body: Partial<Activity> }[] = [];

  beforeAll(async () => {
    server = await startTestServer({ store: flakyStore(down), engine: { inlineMaxChars: 0 } });
    // the channel's connector: replies outside expectReplies are POSTed here
    channel = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        posted.push({ url: req.url ?? '', body: JSON.parse(body) as Partial<Activity> });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `sent-${posted.length}` }));
      });
    });
    await new Promise<void>((r) => channel.listen(0, '127.0.0.1', r));
    serviceUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((r) => channel?.close(r));
  });

  it('sends the channel the same card as an object when the reply goes to its serviceUrl', async () => {
    const conversation = (id: string) => ({ id, conversationType: 'personal' });
    const [viaResponse] = await exchange(
      server.url,
      teamsMessage({ text: LOG_401_1_1326, conversation: conversation('a:one') }),
    );
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        teamsMessage({
          text: LOG_401_1_1326,
          conversation: conversation('a:two'),
          serviceUrl,
          deliveryMode: undefined,
        }),
      ),
    });
    expect(res.status).toBe(200);
    const sent = posted.find(
      (p) => p.url.startsWith('/v3/conversations/a%3Atwo/activities') && p.body.type === 'message',
    );
    expect(sent).toBeDefined();
    expect(cardOf(sent!.body)).toEqual(cardOf(viaResponse));
    expect(cardTexts(cardOf(sent!.body))).toMatch(/401\.1 with win32 1326/);
  });

  it('says in the answer when storage could not be read or written', async () => {
    const say = async (id: string) =>
      cardTexts(
        cardOf(
          (
            await exchange(
              server.url,
              teamsMessage({
                text: LOG_401_1_1326,
                conversation: { id, conversationType: 'personal' },
              }),
            )
          ).at(-1),
        ),
      );
    down.write = true;
    const unsaved = await say('a:unsaved').finally(() => (down.write = false));
    expect(unsaved).toMatch(/401\.1/);
    expect(unsaved).toMatch(/could not save this conversation/);
    down.read = true;
    const unread = await say('a:unread').finally(() => (down.read = false));
    expect(unread).toMatch(/could not reach my conversation storage/);
    expect(unread).not.toMatch(/could not save/);
    expect(await say('a:unsaved')).not.toMatch(/conversation storage|could not save/);
  });
});
