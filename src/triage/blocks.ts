import {
  SLACK_LIMITS as L,
  escapeMrkdwn,
  percent,
  splitLines,
  toMrkdwn,
  truncate,
  type SlackBlock,
  type SlackMessage,
} from '../render/index.js';
import { factLines, redactionText } from './render.js';
import type { TriageNote } from './types.js';

export interface NoteBlocksOptions {
  /** Blocks appended after the note (buttons); they count against the limits. */
  extra?: SlackBlock[];
  /** A context line above the verdict ("Only you can see this"). */
  caption?: string;
}

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const sections = (text: string): SlackBlock[] => splitLines(text, L.sectionText).map(section);

const blockChars = (b: SlackBlock): number => JSON.stringify(b).length;

interface Level {
  steps: number;
  items: number;
  questions: number;
  causes: number;
}

const LEVELS: Level[] = [
  { steps: 12, items: 8, questions: 8, causes: 5 },
  { steps: 6, items: 5, questions: 6, causes: 4 },
  { steps: 3, items: 3, questions: 4, causes: 3 },
  { steps: 0, items: 3, questions: 3, causes: 3 },
];

const noteBlocks = (note: TriageNote, level: Level, caption?: string): SlackBlock[] => {
  const blocks: SlackBlock[] = [];
  if (caption) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: caption }] });
  const verdict = note.verdict;
  blocks.push(
    verdict.length <= L.headerText
      ? { type: 'header', text: { type: 'plain_text', text: verdict, emoji: true } }
      : section(truncate(`*${escapeMrkdwn(verdict)}*`, L.sectionText)),
  );

  const f = note.facts;
  const facts: string[] = f.codes.map((c) => {
    const w = c.win32Decoded
      ? `\n    win32 ${c.win32} = ${c.win32Decoded.hex}${c.win32Decoded.name ? ` ${c.win32Decoded.name}` : ''}: ${c.win32Decoded.meaning}`
      : '';
    return `• \`${c.label}\`: ${c.meaning}${w}`;
  });
  if (!f.codes.length) facts.push('• No IIS status code in the ticket.');
  facts.push(...factLines(note).map((l) => `• ${l}`));
  if (f.logs) facts.push(...f.logs.summary.map((l) => `• ${l}`));
  blocks.push(
    ...sections(`*Facts found*\n${toMrkdwn(facts.map((l) => truncate(l, 600)).join('\n'))}`),
  );

  const causes = note.causes.slice(0, level.causes).map((c, i) => {
    const why = c.why.length ? `\n    _${toMrkdwn(c.why.slice(0, 3).join('; '))}_` : '';
    return `${i + 1}. *${escapeMrkdwn(c.title)}* - ${percent(c.score)}, ${c.confidence}${why}`;
  });
  if (causes.length) blocks.push(...sections(`*Likely causes*\n${causes.join('\n')}`));

  const questions = note.questions
    .slice(0, level.questions)
    .map((q, i) => `${i + 1}. ${toMrkdwn(q.text)}`);
  if (questions.length)
    blocks.push(...sections(`*Questions for the customer*\n${questions.join('\n')}`));

  const items = note.collect.slice(0, level.items);
  if (items.length) blocks.push(section('*Data to collect*'));
  items.forEach((item, i) => {
    const steps = item.steps
      .slice(0, level.steps)
      .map((s, j) => `${j + 1}. ${toMrkdwn(truncate(s, 500))}`);
    const more =
      item.steps.length > level.steps
        ? [
            `_…and ${item.steps.length - level.steps} more step${item.steps.length - level.steps > 1 ? 's' : ''}_`,
          ]
        : [];
    blocks.push(
      ...sections(
        [
          `*${i + 1}. ${escapeMrkdwn(item.title)}*`,
          `_${toMrkdwn(item.why)}_`,
          ...steps,
          ...more,
        ].join('\n'),
      ),
    );
  });
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: truncate(toMrkdwn(redactionText(note.redactions)), L.contextText) },
    ],
  });
  return blocks;
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
  let blocks: SlackBlock[] = [];
  for (const level of LEVELS) {
    blocks = [...noteBlocks(note, level, options.caption), ...extra];
    const chars = blocks.reduce((n, b) => n + blockChars(b), 0);
    if (blocks.length <= L.blocksPerMessage && chars <= L.messageTextBudget) break;
  }
  if (blocks.length > L.blocksPerMessage) {
    blocks = [...blocks.slice(0, L.blocksPerMessage - extra.length), ...extra];
  }
  return { text: truncate(note.verdict, L.fallbackText), blocks };
};
