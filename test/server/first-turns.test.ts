import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { BlobStore, conversationKey } from '../../src/state/index.js';
import { hasAzurite, useAzurite } from '../state/azurite.js';
import {
  cardOf,
  cardTexts,
  LOG_401_1_1326,
  postJson,
  startTestServer,
  teamsMessage,
} from './helpers.js';

const CONVERSATIONS = 20;
const AT_ONCE = 5;
const UNSAVED = /could not save this conversation/;

const textOf = (activity: Partial<Activity> | undefined): string =>
  activity?.attachments?.length ? cardTexts(cardOf(activity)) : (activity?.text ?? '');

describe.skipIf(!hasAzurite)(
  'first messages that arrive together (Azure Blob Storage on Azurite)',
  () => {
    const azurite = useAzurite();

    it(`keeps every turn of ${AT_ONCE} first messages at once in ${CONVERSATIONS} conversations, or says it did not`, async () => {
      const env = {
        STATE_CONNECTION_STRING: azurite.connectionString,
        STATE_CONTAINER: 'first-turns',
      };
      const server = await startTestServer({ env });
      const ids = Array.from({ length: CONVERSATIONS }, (_, i) => `a:first-${i}`);
      let answers: string[];
      try {
        answers = await Promise.all(
          ids.flatMap((id) =>
            Array.from({ length: AT_ONCE }, async () => {
              const activity = teamsMessage({
                text: LOG_401_1_1326,
                conversation: { id, conversationType: 'personal' },
              });
              const res = await postJson(`${server.url}/api/messages`, activity);
              expect(res.status).toBe(200);
              return textOf((res.json as { activities: Partial<Activity>[] }).activities.at(-1));
            }),
          ),
        );
      } finally {
        await server.close();
      }
      const store = new BlobStore(azurite.connectionString, 'first-turns');
      const records = await Promise.all(
        ids.map((id) => store.read(conversationKey({ channelId: 'msteams', conversationId: id }))),
      );
      const stored = records.reduce(
        (sum, item) =>
          sum + ((item?.value as { dialog: { turns: number } } | undefined)?.dialog.turns ?? 0),
        0,
      );
      const unsaved = answers.filter((a) => UNSAVED.test(a)).length;
      expect(answers).toHaveLength(CONVERSATIONS * AT_ONCE);
      expect(answers.every((a) => /401\.1/.test(a))).toBe(true);
      expect(stored + unsaved).toBe(answers.length);
    }, 120_000);
  },
);
