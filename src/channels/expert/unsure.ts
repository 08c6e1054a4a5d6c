import { CUTOFFS, type Reply } from '../../dialog/index.js';
import type { UnsureReason } from '../../state/index.js';

/**
 * Why an answer counts as unsure (kept for review, and its "Ask an expert" button made
 * prominent), from its kind and the top cause's confidence; null when the bot was sure enough.
 */
export const unsureReason = (
  kind: Reply['kind'],
  confidence: number | null,
): UnsureReason | null => {
  if (kind === 'collect') return 'none-of-these';
  if (kind === 'ask-code') return 'no-code';
  if (kind !== 'diagnosis') return null;
  if (confidence === null) return 'no-cause';
  return confidence < CUTOFFS.likelyAt ? 'low-confidence' : null;
};

/** Replies that answer a question, and so offer "Ask an expert" (not help, notices or resets). */
export const offersExpert = (kind: Reply['kind']): boolean =>
  ['diagnosis', 'resolved', 'code', 'win32', 'codes', 'ask-code', 'collect'].includes(kind);
