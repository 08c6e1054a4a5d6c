import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { DialogState } from '../dialog/index.js';

/** Where a conversation lives: the channel and its conversation id (a Teams thread has its own id). */
export interface ConversationRef {
  channelId: string;
  conversationId: string;
}

/** One piece of feedback on one answer by one user. */
export interface FeedbackRecord {
  answerId: string;
  messageId: string | null;
  reaction: 'like' | 'dislike';
  /** What the user typed in the feedback form, bounded. */
  comment: string | null;
  channelId: string;
  at: number;
}

export const MAX_SENT = 20;

/** Keys stay short and path-safe whatever the channel's ids look like. */
export const keyPart = (s: string): string =>
  /^[A-Za-z0-9._:@-]{1,120}$/.test(s)
    ? s
    : createHash('sha256').update(s).digest('hex').slice(0, 40);

export const conversationKey = (ref: ConversationRef): string =>
  `conversations/${keyPart(ref.channelId)}/${keyPart(ref.conversationId)}`;

export const feedbackKey = (ref: ConversationRef, answerId: string, userId: string): string =>
  `feedback/${keyPart(ref.channelId)}/${keyPart(ref.conversationId)}/${keyPart(answerId)}/${keyPart(userId)}`;

const DialogStateShape = z
  .object({
    version: z.literal(1),
    known: z.record(z.string(), z.string()),
    codes: z.array(z.unknown()),
    context: z.string(),
    asked: z.array(z.string()),
    excluded: z.array(z.string()),
    pending: z.string().nullable(),
    lastReplyId: z.string().nullable(),
    turns: z.number(),
  })
  .passthrough();

const RecordShape = z.object({
  version: z.literal(1),
  dialog: DialogStateShape,
  /** Channel message id -> reply id of the answers sent, newest last (for feedback). */
  sent: z.array(z.object({ messageId: z.string(), replyId: z.string() })),
  updatedAt: z.number(),
});

/** What we keep per conversation: the dialogue state and which sent message carried which answer. */
export type ConversationRecord = Omit<z.infer<typeof RecordShape>, 'dialog'> & {
  dialog: DialogState;
};

/** A stored value as a record, or undefined when it is not one we can use (old shape, damage). */
export const asConversationRecord = (value: unknown): ConversationRecord | undefined => {
  const parsed = RecordShape.safeParse(value);
  return parsed.success ? (parsed.data as unknown as ConversationRecord) : undefined;
};

export const rememberSent = (
  sent: ConversationRecord['sent'],
  messageId: string,
  replyId: string,
): ConversationRecord['sent'] =>
  [...sent.filter((s) => s.messageId !== messageId), { messageId, replyId }].slice(-MAX_SENT);
