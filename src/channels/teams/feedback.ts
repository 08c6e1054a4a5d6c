import type { Activity } from 'botbuilder';
import type { FeedbackInput } from '../bot-seam.js';

/** Teams feedback form text arrives as a JSON string `{"feedbackText": "..."}`. */
const feedbackComment = (raw: unknown): string | null => {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  try {
    const parsed = JSON.parse(raw) as { feedbackText?: unknown };
    return typeof parsed.feedbackText === 'string' ? parsed.feedbackText : raw;
  } catch {
    // not JSON: Teams sent the comment as plain text
    return raw;
  }
};

/**
 * A 👍/👎 from Teams' own feedback buttons under an answer (the message/submitAction invoke), with
 * the comment typed in its form; null for any other submit action.
 */
export const teamsFeedback = (activity: Partial<Activity>): FeedbackInput | null => {
  const value = activity.value as
    { actionName?: unknown; actionValue?: { reaction?: unknown; feedback?: unknown } } | undefined;
  const reaction = value?.actionValue?.reaction;
  if (value?.actionName !== 'feedback' || (reaction !== 'like' && reaction !== 'dislike'))
    return null;
  return {
    messageId: activity.replyToId ?? null,
    reaction,
    comment: feedbackComment(value.actionValue?.feedback),
  };
};
