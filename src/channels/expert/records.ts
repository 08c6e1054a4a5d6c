import { rankInputOf } from '../../dialog/index.js';
import { isAppError } from '../../errors.js';
import type { Knowledge } from '../../knowledge/index.js';
import type { Logger } from '../../logger.js';
import { getMatcher, rankCauses } from '../../match/index.js';
import {
  asConversationRecord,
  conversationKey,
  keptKey,
  type ConversationRecord,
  type ConversationRef,
  type KeptRecord,
  type StateStore,
} from '../../state/index.js';

/** How many of the bot's ranked causes a kept record holds. */
export const KEPT_RANKING = 5;

/** What the conversation found out, observed in the text or answered by the user. */
export const factsOf = (record: ConversationRecord): Record<string, string> => ({
  ...record.dialog.observed,
  ...record.dialog.known,
});

export interface KeeperDeps {
  store: StateStore;
  logger: Logger;
  now: () => number;
  /** The knowledge when it is loaded. */
  ready: () => Knowledge | undefined;
}

/**
 * The records the expert loop keeps to learn from (resolved tickets, 👍/👎, unsure answers), and
 * the conversation they are read from.
 */
export const createKeeper = (deps: KeeperDeps) => {
  const { store, logger } = deps;

  const readConversation = async (ref: ConversationRef) =>
    asConversationRecord((await store.read(conversationKey(ref)))?.value);

  /** Writes a kept record; a storage outage is logged, never shown to the user as a failure. */
  const keep = async (record: KeptRecord): Promise<void> => {
    try {
      await store.write(keptKey(record), record);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'E_STORAGE') throw e;
      logger.error({ kind: record.kind, err: e.message }, 'kept record not written');
    }
  };

  const rankingOf = (knowledge: Knowledge, record: ConversationRecord) =>
    rankCauses(getMatcher(knowledge), rankInputOf(record.dialog))
      .ranked.slice(0, KEPT_RANKING)
      .map((r) => ({ id: r.id, score: r.score }));

  /**
   * Keeps a record of what a conversation said and how the bot ranked it, with what the record is
   * about (`what`); nothing when the knowledge is not ready or the conversation is gone.
   */
  const keepConversation = async (
    ref: ConversationRef,
    userId: string,
    what: Pick<KeptRecord, 'kind' | 'id' | 'feedback' | 'unsure'>,
  ): Promise<void> => {
    const knowledge = deps.ready();
    const record = await readConversation(ref).catch(() => undefined);
    if (!knowledge || !record) return;
    await keep({
      version: 1,
      ...what,
      channelId: ref.channelId,
      userId,
      at: deps.now(),
      text: record.dialog.context,
      codes: record.dialog.codes,
      facts: factsOf(record),
      ranking: rankingOf(knowledge, record),
    });
  };

  return { readConversation, keep, keepConversation };
};
