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
import { noteMarkdownBody } from './render.js';
import type { TriageNote } from './types.js';

export interface NoteBlocksOptions {
  /** Blocks appended after the note (buttons); they count against the limits. */
  extra?: SlackBlock[];
  /** A context line above the verdict ("Only you can see this"). */
  caption?: string;
}

/** How much of the note each try keeps: steps per item, items, questions, causes. */
const LEVELS = [
  [12, 8, 8, 5],
  [6, 5, 6, 4],
  [3, 3, 4, 3],
  [0, 3, 3, 3],
] as const;

/** The note's Markdown below the verdict (render.ts) as mrkdwn. */
const noteMrkdwn = (note: TriageNote, [steps, items, questions, causes]: readonly number[]) =>
  toMrkdwn(
    noteMarkdownBody(
      {
        ...note,
        causes: note.causes.slice(0, causes),
        questions: note.questions.slice(0, questions),
        collect: note.collect.slice(0, items),
      },
      steps,
    ).join('\n'),
  );

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
  const build = (text: string) => [...head, ...sections(text), ...extra];
  let text = '';
  for (const level of LEVELS) {
    text = noteMrkdwn(note, level);
    if (fitsMessage(build(text)))
      return { text: truncate(note.verdict, L.fallbackText), blocks: build(text) };
  }
  const room = L.messageTextBudget - JSON.stringify([...head, ...extra]).length;
  return { text: truncate(note.verdict, L.fallbackText), blocks: build(truncate(text, room)) };
};
