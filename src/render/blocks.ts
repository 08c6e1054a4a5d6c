import type { Button, KnownBlock, SectionBlock } from '@slack/types';
import type { Choice, Reply } from '../dialog/types.js';
import { BOLD, DETAIL, plainLine, replyParagraphs, type ChoiceGroup, type Detail } from './text.js';

// Slack Block Kit derived from the Markdown of a reply or a triage note: mrkdwn sections, buttons.

export type SlackBlock = KnownBlock;

/** One chat.postMessage payload (channel and thread are the adapter's business). */
export interface SlackMessage {
  /** Notification and screen-reader fallback. */
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented limits, plus our own budget under the undocumented total-text cap. */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  /** Slack recommends at most 4,000 characters of fallback text. */
  fallbackText: 4000,
  /** Total text in one message's blocks: Slack rejects near ~13k (msg_blocks_too_long). */
  messageTextBudget: 11_000,
} as const;
const L = SLACK_LIMITS;

/** Prefix of every action_id we emit: the adapter routes clicks by it. */
export const ACTION_ID_PREFIX = 'iis-triage:';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Slack treats &, < and > as control characters in message text. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);

// Linear: a fixed delimiter, a negated class with a bound, a fixed delimiter (BOLD: text.ts).
const LINK = /\[([^[\]\n]{1,300})\]\((https?:\/\/[^\s()<>]{1,1000})\)/g;

/**
 * Markdown as mrkdwn: escaped, headings and **bold** as *bold*, [label](url) as a link, list
 * dashes as bullets, quotes kept.
 */
export const toMrkdwn = (markdown: string): string =>
  escapeMrkdwn(markdown.replace(/^#{1,6} (.+)$/gm, '**$1**').replace(/^( *)- /gm, '$1• '))
    .replace(/^&gt; /gm, '> ')
    .replace(BOLD, '*$1*')
    .replace(LINK, (_m, label: string, url: string) => `<${url}|${label.replace(/\|/g, '/')}>`);

/** Plain text for header and button labels: Markdown marks removed, never escaped. */
const toPlain = (markdown: string): string => plainLine(markdown).replace(/\s+/g, ' ').trim();

/** Cut to at most `max` characters with an ellipsis, never inside an entity, a link or a surrogate pair. */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const lt = cut.lastIndexOf('<');
  if (lt > cut.lastIndexOf('>')) cut = cut.slice(0, lt);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && amp > cut.lastIndexOf(';') && cut.length - amp < 6) cut = cut.slice(0, amp);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
};

/** Split at line ends into chunks of at most `max` characters; a single longer line is cut. */
export const splitLines = (text: string, max: number): string[] => {
  const chunks: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = truncate(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current.trim()) chunks.push(current);
  return chunks;
};

/** A section of mrkdwn text. */
export const section = (text: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
});

/** mrkdwn as sections of at most 3,000 characters, split at line ends (none when blank). */
export const sections = (mrkdwn: string): SectionBlock[] =>
  splitLines(mrkdwn.trim(), L.sectionText).map(section);

/** A header, or a bold section when the text is longer than a header takes. */
export const headerBlock = (markdown: string): SlackBlock => {
  const plain = toPlain(markdown) || 'IIS triage';
  return plain.length <= L.headerText
    ? { type: 'header', text: { type: 'plain_text', text: plain, emoji: true } }
    : section(truncate(`*${escapeMrkdwn(plain)}*`, L.sectionText));
};

/** True when the blocks fit in one message: their count, and their JSON (more than the text Slack counts) within the budget. */
export const fitsMessage = (blocks: readonly SlackBlock[]): boolean =>
  blocks.length <= L.blocksPerMessage && JSON.stringify(blocks).length <= L.messageTextBudget;

/** A button: its label (at most 75 characters), the action_id it is routed by, its value. */
export const button = (label: string, actionId: string, value: string, style?: 'primary') => ({
  type: 'button' as const,
  action_id: actionId,
  text: { type: 'plain_text' as const, text: truncate(label, L.buttonText), emoji: true },
  value,
  ...(style ? { style } : {}),
});

/** One button per choice whose Action fits a button value, within a fifth of the text budget. */
const actionsBlock = (replyId: string, group: ChoiceGroup, choices: Choice[]): SlackBlock[] => {
  const elements: Button[] = [];
  let size = 0;
  for (const [i, choice] of choices.entries()) {
    const value = JSON.stringify(choice.action);
    if (value.length > L.buttonValue) continue;
    const b = button(toPlain(choice.label) || 'Choose', `${ACTION_ID_PREFIX}${group}:${i}`, value);
    size += b.text.text.length + value.length;
    if (elements.length === L.actionsElements || size > L.messageTextBudget / 5) break;
    elements.push(b);
  }
  if (!elements.length) return [];
  return [{ type: 'actions', block_id: truncate(`${group}:${replyId}`, L.blockId), elements }];
};

/**
 * The reply's paragraphs as mrkdwn sections, each run of text cut to `each` characters, and its
 * buttons as actions blocks where they belong.
 */
const replyBlocks = (reply: Reply, d: Detail, feedback: boolean, each: number): SlackBlock[] => {
  const blocks: SlackBlock[] = [];
  let run: string[] = [];
  const flush = () => {
    blocks.push(...sections(truncate(toMrkdwn(run.join('\n\n')), each)));
    run = [];
  };
  for (const p of replyParagraphs(reply, d, { feedback })) {
    // the question's words stay with its buttons, whatever is cut before them
    if (p.group) flush();
    run.push(p.lines.join('\n'));
    if (p.group) {
      flush();
      blocks.push(...actionsBlock(reply.id, p.group, p.choices ?? []));
    }
  }
  flush();
  return blocks;
};

/** Notification text: the headline and the question, plain, under Slack's 4,000 characters. */
export const fallbackText = (reply: Reply): string => {
  const lines = [
    toPlain(reply.headline) || 'IIS triage',
    reply.question ? toPlain(reply.question.text) : '',
  ];
  return truncate(escapeMrkdwn(lines.filter(Boolean).join('\n')), L.fallbackText);
};

/**
 * A Reply as one Slack message: its Markdown as mrkdwn sections with buttons after the question,
 * "did you mean" and the reply's own; less detail, then each run of text cut, until it fits.
 * `feedback` adds "Helpful" / "Not helpful" buttons carrying a feedback Action for the reply's id.
 */
export const renderBlocks = (reply: Reply, options: { feedback?: boolean } = {}): SlackMessage => {
  const head = headerBlock(reply.headline);
  const build = (d: Detail, each: number) => [
    head,
    ...replyBlocks(reply, d, options.feedback ?? false, each),
  ];
  let blocks: SlackBlock[] = [];
  for (const d of DETAIL) {
    blocks = build(d, L.messageTextBudget);
    if (fitsMessage(blocks)) return { text: fallbackText(reply), blocks };
  }
  // still too long (huge code meanings): share what the buttons leave among the runs of text
  const buttons = blocks.filter((b) => b.type === 'actions');
  const runs = blocks.length - buttons.length;
  const left = L.messageTextBudget - JSON.stringify([head, ...buttons]).length;
  blocks = build(DETAIL.at(-1)!, Math.max(200, Math.floor(left / Math.max(1, runs + 3))));
  return { text: fallbackText(reply), blocks };
};
