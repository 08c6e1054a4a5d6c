import { countText } from '../w3c/count-text.js';
import { emptyReply } from './build.js';
import type { Reply } from './types.js';

/** Ends the summary of a pasted log: how to get back to the dialogue. */
export const LOG_PASTE_HINT =
  'To ask about one failure, paste its few lines (with the #Fields line) or describe what happens.';

/**
 * The reply to a paste read as a log (extract's readLogPaste): its scan summary as a file gets
 * it, led by a headline that says it was read that way. Pure: the summary comes in as text.
 */
export const logPasteReply = (
  scan: { lines: number; entries: number },
  summary: readonly string[],
): Reply => ({
  ...emptyReply(
    'notice',
    `Read as a log: ${countText(scan.lines)} lines, ${countText(scan.entries)} log entries, the same summary as a file.`,
  ),
  notes: [...summary, LOG_PASTE_HINT],
});
