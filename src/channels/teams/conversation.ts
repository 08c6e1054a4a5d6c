import type { Activity } from 'botbuilder';
import type { Person } from '../../state/index.js';
import type { ConversationRef } from '../bot-seam.js';

/** The conversation an activity belongs to, as the seam keys its state. */
export const refOf = (activity: Partial<Activity>): ConversationRef => ({
  channelId: activity.channelId ?? 'unknown',
  conversationId: activity.conversation?.id ?? 'unknown',
});

/** Who clicked or typed, as tickets and kept records name them. */
export const personOf = (activity: Partial<Activity>): Person => ({
  id: activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown',
  name: activity.from?.name?.trim() || 'someone',
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
