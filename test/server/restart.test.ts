import { describe, expect, it } from 'vitest';
import { BlobStore, conversationKey, MemoryStore, type StateStore } from '../../src/state/index.js';
import { hasAzurite, useAzurite } from '../state/azurite.js';
import {
  cardButtons,
  cardOf,
  exchange,
  LOG_401_2_5,
  startTestServer,
  teamsMessage,
} from './helpers.js';

const conversation = { id: 'a:restart-1', conversationType: 'personal' };

/** Turn 1 pastes a log line; turn 2 clicks the first follow-up answer of turn 1's card. */
const firstTurn = () => teamsMessage({ text: LOG_401_2_5, conversation });
const answerButton = (activities: Awaited<ReturnType<typeof exchange>>) => {
  const button = cardButtons(cardOf(activities.at(-1))).find(
    (b) => (b.data as { action: { type: string } }).action.type === 'answer',
  );
  if (!button) throw new Error('the first answer asked no question');
  return button.data;
};

describe.skipIf(!hasAzurite)(
  'a conversation across a server restart (Azure Blob Storage on Azurite)',
  () => {
    const azurite = useAzurite();

    it('continues on a second instance exactly where the first left off', async () => {
      const env = {
        STATE_CONNECTION_STRING: azurite.connectionString,
        STATE_CONTAINER: 'restart-test',
      };

      // the reference: the same two turns on one instance with memory state
      const memory = await startTestServer({ store: new MemoryStore() });
      const refFirst = await exchange(memory.url, firstTurn());
      const refSecond = await exchange(
        memory.url,
        teamsMessage({ value: answerButton(refFirst), conversation }),
      );
      await memory.close();

      // instance A answers turn 1, then goes away
      const a = await startTestServer({ env });
      expect(a.logs.join('\n')).toMatch(/"state":"blobs"/);
      const first = await exchange(a.url, firstTurn());
      expect(cardOf(first.at(-1))).toEqual(cardOf(refFirst.at(-1)));
      await a.close();

      // instance B, a new process-worth of objects on the same storage, answers turn 2
      const b = await startTestServer({ env });
      const second = await exchange(
        b.url,
        teamsMessage({ value: answerButton(first), conversation }),
      );
      await b.close();
      expect(cardOf(second.at(-1))).toEqual(cardOf(refSecond.at(-1)));

      const store: StateStore = new BlobStore(azurite.connectionString, 'restart-test');
      const stored = await store.read(
        conversationKey({ channelId: 'msteams', conversationId: conversation.id }),
      );
      const record = stored?.value as { dialog: { turns: number; known: Record<string, string> } };
      expect(record.dialog.turns).toBe(2);
      const clicked = (answerButton(first) as { action: { fact: string; value: string } }).action;
      expect(record.dialog.known[clicked.fact]).toBe(clicked.value);
    }, 60_000);

    it('lets two live instances share one conversation without losing a turn', async () => {
      const env = {
        STATE_CONNECTION_STRING: azurite.connectionString,
        STATE_CONTAINER: 'two-live',
      };
      const a = await startTestServer({ env });
      const b = await startTestServer({ env });
      try {
        const shared = { id: 'a:two-live', conversationType: 'personal' };
        const texts = [
          '401.1',
          'it works on the server itself',
          'only from other machines',
          'IIS 10',
        ];
        // the first message creates the record (BlobsStorage has no create-only write), then two
        // messages at a time on different instances: eTag conflicts are retried, not lost
        await exchange(a.url, teamsMessage({ text: texts[0], conversation: shared }));
        await Promise.all([
          exchange(a.url, teamsMessage({ text: texts[1], conversation: shared })),
          exchange(b.url, teamsMessage({ text: texts[2], conversation: shared })),
          exchange(b.url, teamsMessage({ text: texts[3], conversation: shared })),
        ]);
        const store = new BlobStore(azurite.connectionString, 'two-live');
        const stored = await store.read(
          conversationKey({ channelId: 'msteams', conversationId: shared.id }),
        );
        expect((stored?.value as { dialog: { turns: number } }).dialog.turns).toBe(4);
      } finally {
        await a.close();
        await b.close();
      }
    }, 60_000);
  },
);
