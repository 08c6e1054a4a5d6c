import type { Activity } from 'botbuilder';
import type { ConversationRef } from '../bot-seam.js';

/** The conversation an activity belongs to, as the seam keys its state. */
export const refOf = (activity: Partial<Activity>): ConversationRef => ({
  channelId: activity.channelId ?? 'unknown',
  conversationId: activity.conversation?.id ?? 'unknown',
});

export type Scope = 'personal' | 'groupChat' | 'channel';

/** Where in Teams the activity comes from: a personal chat, a group chat or a team's channel. */
export const scopeOf = (activity: Partial<Activity>): Scope => {
  const t = activity.conversation?.conversationType;
  return t === 'channel'
    ? 'channel'
    : t === 'groupChat' || activity.conversation?.isGroup
      ? 'groupChat'
      : 'personal';
};
