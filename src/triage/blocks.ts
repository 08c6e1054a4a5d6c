import {
  SLACK_LIMITS as L,
  fitsMessage,
  headerBlock,
  sections,
  toMrkdwn,
  truncate,
  type SlackBlock,
  type SlackMessage,
} from '../render/index.js';
import { noteLevels } from './render.js';
import type { TriageNote } from './types.js';

export interface NoteBlocksOptions {
  /** Blocks appended after the note (buttons); they count against the limits. */
  extra?: SlackBlock[];
  /** A context line above the verdict ("Only you can see this"). */
  caption?: string;
}

/**
 * A triage note as one Slack message (Block Kit): its Markdown as mrkdwn sections, trimmed level by
 * level, then cut, to stay under Slack's limits with the extra blocks (buttons) included.
 */
export const renderNoteBlocks = (
  note: TriageNote,
  options: NoteBlocksOptions = {},
): SlackMessage => {
  const { caption, extra = [] } = options;
  const head: SlackBlock[] = [
    ...(caption
      ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: caption }] }]
      : []),
    headerBlock(note.verdict),
  ];
  const message = (text: string) => ({
    text: truncate(note.verdict, L.fallbackText),
    blocks: [...head, ...sections(text), ...extra],
  });
  const levels = noteLevels(note).map(toMrkdwn);
  const fitting = levels.map(message).find((m) => fitsMessage(m.blocks));
  const room = L.messageTextBudget - JSON.stringify([...head, ...extra]).length;
  return fitting ?? message(truncate(levels.at(-1)!, room));
};
