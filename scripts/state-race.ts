// Counts turns under concurrent load on Azure Blob Storage (Azurite, started here): every answer
// must either be stored as a turn or carry a note saying it was not. Two runs: 20 conversations
// with 5 first messages each sent at once, then 50 connections for 15 s where each conversation
// gets 5 messages at about the same moment. Exits 1 when a turn vanished without a note.
// Run: npx tsx scripts/state-race.ts   (RACE_SECONDS, RACE_CONNECTIONS change the second run)
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startServer } from '../src/server/index.js';
import { BlobStore, conversationKey } from '../src/state/index.js';
import { startAzurite } from '../test/state/azurite.js';

const SECONDS = Number(process.env.RACE_SECONDS) || 15;
const CONNECTIONS = Number(process.env.RACE_CONNECTIONS) || 50;
const LINE =
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0 - 401 1 1326 31';
const CONTAINER = 'state-race';

const activity = (conversation: string, n: number): string =>
  JSON.stringify({
    type: 'message',
    id: `m-${n}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: '29:user', name: 'Race' },
    recipient: { id: '28:bot', name: 'iis-triage' },
    conversation: { id: conversation, conversationType: 'personal' },
    text: LINE,
    deliveryMode: 'expectReplies',
  });

interface Tally {
  answers: number;
  unsaved: number;
  unread: number;
  failed: number;
  conversations: Set<string>;
}

const azurite = await startAzurite();
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  STATE_CONNECTION_STRING: azurite.connectionString,
  STATE_CONTAINER: CONTAINER,
});
const server = await startServer(config, { logger: silentLogger() });
await server.app.ready;
const store = new BlobStore(azurite.connectionString, CONTAINER);

const send = async (tally: Tally, conversation: string, n: number): Promise<void> => {
  tally.conversations.add(conversation);
  const res = await fetch(`${server.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: activity(conversation, n),
  });
  const body = await res.text();
  if (res.status !== 200) {
    tally.failed++;
    return;
  }
  tally.answers++;
  if (/could not save this conversation/.test(body)) tally.unsaved++;
  if (/could not reach my conversation storage/.test(body)) tally.unread++;
};

const report = async (name: string, tally: Tally, ms: number): Promise<boolean> => {
  let stored = 0;
  for (const id of tally.conversations) {
    const item = await store.read(conversationKey({ channelId: 'msteams', conversationId: id }));
    stored += (item?.value as { dialog?: { turns?: number } } | undefined)?.dialog?.turns ?? 0;
  }
  const lost = tally.answers - stored - tally.unsaved - tally.unread;
  console.log(
    `${name}: ${tally.answers} answers in ${(ms / 1000).toFixed(1)} s over ${tally.conversations.size} conversations; ` +
      `${stored} turns stored, ${tally.unsaved} answers with the "could not save" note, ` +
      `${tally.unread} with the "could not reach" note, ${tally.failed} non-200; ` +
      `stored + notes - answers = ${-lost}`,
  );
  return lost === 0 && tally.failed === 0;
};

const fresh = (): Tally => ({
  answers: 0,
  unsaved: 0,
  unread: 0,
  failed: 0,
  conversations: new Set(),
});
let ok = true;
try {
  const burst = fresh();
  let started = Date.now();
  await Promise.all(
    Array.from({ length: 20 }, (_, c) =>
      Array.from({ length: 5 }, (_, i) => send(burst, `a:burst-${c}`, c * 5 + i)),
    ).flat(),
  );
  ok =
    (await report('20 conversations x 5 first messages at once', burst, Date.now() - started)) &&
    ok;

  const load = fresh();
  let next = 0;
  started = Date.now();
  const until = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const n = next++;
        // consecutive requests (on different connections) share a conversation, 5 each
        await send(load, `a:load-${Math.floor(n / 5)}`, n);
      }
    }),
  );
  ok =
    (await report(`${CONNECTIONS} connections for ${SECONDS} s`, load, Date.now() - started)) && ok;
} finally {
  await server.close();
  await azurite.stop();
}
process.exitCode = ok ? 0 : 1;
