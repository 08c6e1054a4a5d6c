import {
  SLACK_LIMITS as L,
  escapeMrkdwn,
  section,
  splitLines,
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

/** Markdown as mrkdwn: headings and **bold** as *bold*, list dashes as bullets. Linear patterns. */
const mrkdwnOf = (markdown: string): string =>
  toMrkdwn(markdown.replace(/^### (.+)$/gm, '**$1**').replace(/^( *)- /gm, '$1• '));

/** The note's Markdown below the verdict (render.ts), a section per paragraph. */
const noteBlocks = (note: TriageNote, [steps, items, questions, causes]: readonly number[]) => {
  const cut: TriageNote = {
    ...note,
    causes: note.causes.slice(0, causes),
    questions: note.questions.slice(0, questions),
    collect: note.collect.slice(0, items),
  };
  return noteMarkdownBody(cut, steps)
    .join('\n')
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .flatMap((p) => splitLines(mrkdwnOf(p.trim()), L.sectionText).map(section));
};

/**
 * A triage note as one Slack message (Block Kit), trimmed level by level to stay under Slack's
 * block count and total text limits with the extra blocks (buttons) included.
 */
export const renderNoteBlocks = (
  note: TriageNote,
  options: NoteBlocksOptions = {},
): SlackMessage => {
  const extra = options.extra ?? [];
  const { caption } = options;
  const verdict: SlackBlock =
    note.verdict.length <= L.headerText
      ? { type: 'header', text: { type: 'plain_text', text: note.verdict, emoji: true } }
      : section(truncate(`*${escapeMrkdwn(note.verdict)}*`, L.sectionText));
  const head: SlackBlock[] = caption
    ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: caption }] }, verdict]
    : [verdict];
  let blocks: SlackBlock[] = [];
  for (const level of LEVELS) {
    blocks = [...head, ...noteBlocks(note, level), ...extra];
    const chars = blocks.reduce((n, b) => n + JSON.stringify(b).length, 0);
    if (blocks.length <= L.blocksPerMessage && chars <= L.messageTextBudget) break;
  }
  if (blocks.length > L.blocksPerMessage) {
    blocks = [...blocks.slice(0, L.blocksPerMessage - extra.length), ...extra];
  }
  return { text: truncate(note.verdict, L.fallbackText), blocks };
};
