import type { SlackBlock } from '../../render/index.js';
import { unlessStorageDown } from '../../errors.js';
import type { Logger } from '../../logger.js';
import {
  asConversationRecord,
  conversationKey,
  type ConversationRef,
  type StateStore,
} from '../../state/index.js';
import type { TriageConversations } from '../bot-seam.js';
import type { Place } from './events.js';

/** A DM is one running conversation; after this long idle it starts afresh. */
export const DM_IDLE_MS = 2 * 60 * 60 * 1000;
const RECENT_EVENTS = 1000;

/**
 * Team + channel + thread: one conversation per channel thread. A DM is one conversation whether
 * people answer at its top level or in a thread under the bot's answer.
 */
export const refOf = (p: Place): ConversationRef => ({
  channelId: 'slack',
  conversationId: `${p.team}:${p.channel}:${p.isDirect ? 'main' : (p.threadTs ?? 'main')}`,
});

/**
 * What the adapter needs to know about Slack threads beyond one turn: whether the bot is part of
 * a thread, when a DM went idle, and which events were already answered.
 */
export class SlackThreads {
  private readonly recent = new Set<string>();

  constructor(
    private readonly store: StateStore,
    private readonly conversations: TriageConversations,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  /** Slack may deliver an event twice (retries after a slow ack); each id is answered once. */
  firstTime(eventId: string): boolean {
    if (this.recent.has(eventId)) return false;
    this.recent.add(eventId);
    if (this.recent.size > RECENT_EVENTS)
      this.recent.delete(this.recent.values().next().value as string);
    return true;
  }

  /** True when a conversation is stored for this thread (the bot answered in it). */
  async isActive(place: Place): Promise<boolean> {
    return (await this.updatedAt(place)) !== null;
  }

  /** Forgets a DM conversation that has been idle longer than DM_IDLE_MS. */
  async expireIdle(place: Place): Promise<void> {
    if (!place.isDirect) return;
    const at = await this.updatedAt(place);
    if (at !== null && this.now() - at > DM_IDLE_MS) await this.conversations.reset(refOf(place));
  }

  /** When the stored conversation last moved; null when there is none or storage is down (logged). */
  private async updatedAt(place: Place): Promise<number | null> {
    const key = conversationKey(refOf(place));
    return unlessStorageDown(
      async () => asConversationRecord((await this.store.read(key))?.value)?.updatedAt ?? null,
      (e) => {
        this.logger.error({ key, err: e.message }, 'state read failed');
        return null;
      },
    );
  }
}

/**
 * The clicked message with the clicked button row replaced by one line saying what was chosen;
 * with `clearOthers`, the other rows go too (they belong to an answer the conversation has left),
 * except feedback rows. null when the message carries no blocks.
 */
export const chosenBlocks = (
  blocks: unknown,
  blockId: string,
  text: string,
  clearOthers: boolean,
): SlackBlock[] | null => {
  if (!Array.isArray(blocks)) return null;
  return (blocks as SlackBlock[]).flatMap((b): SlackBlock[] => {
    if (b.type !== 'actions') return [b];
    if (b.block_id === blockId) return [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }];
    return clearOthers && !b.block_id?.startsWith('fb:') ? [] : [b];
  });
};
