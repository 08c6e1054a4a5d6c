import type { Choice, CodeExplanation, Reply, StepBlock } from '../dialog/types.js';
import type { MrkdwnText, SlackBlock, SlackButton, SlackMessage } from './blocks-types.js';
import { ACTION_ID_PREFIX, SLACK_LIMITS as L } from './blocks-types.js';
import { escapeMrkdwn, splitLines, toMrkdwn, toPlain, truncate } from './blocks-text.js';
import { maskedText, percent } from './words.js';

/** Messages one reply may become before the rest is trimmed. */
const MAX_MESSAGES = 3;

/** 0 = always kept (headline, buttons, redactions); higher is trimmed first. */
type Priority = 0 | 1 | 2;
interface Placed {
  block: SlackBlock;
  priority: Priority;
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text });
/** A section of mrkdwn text. */
export const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });

/** Long text becomes several sections of at most 3,000 characters, split at line ends. */
const sections = (text: string): SlackBlock[] => splitLines(text, L.sectionText).map(section);

/**
 * Items in order, in groups of at most `count` and `budget` in `size` (a larger item gets a group
 * of its own): fields in a section, elements in a context block, blocks in a message.
 */
const groups = <T>(items: T[], size: (item: T) => number, count: number, budget: number): T[][] => {
  const out: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    const n = size(item);
    if (current.length && (current.length === count || total + n > budget)) {
      out.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += n;
  }
  if (current.length) out.push(current);
  return out;
};

/** Characters Slack counts for one block (visible text plus button values). */
export const blockTextLength = (block: SlackBlock): number => {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return (
        (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0)
      );
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce((n, b) => n + b.text.text.length + b.value.length, 0);
    case 'divider':
      return 0;
  }
};

const headlineBlock = (headline: string): SlackBlock => {
  const plain = toPlain(headline) || 'IIS triage';
  return plain.length <= L.headerText
    ? { type: 'header', text: { type: 'plain_text', text: plain, emoji: true } }
    : section(truncate(`*${escapeMrkdwn(plain)}*`, L.sectionText));
};

const codeField = (c: CodeExplanation): string => {
  const head = `*${escapeMrkdwn(c.label)}*${c.benign ? ' _(normal challenge leg)_' : ''}`;
  // explained in full earlier in this conversation
  if (c.repeat) return truncate(head, L.fieldText);
  const win32 =
    c.code.win32 !== null && (c.win32Meaning || c.win32Name)
      ? `\n_win32 ${c.code.win32}${c.win32Name ? ` ${escapeMrkdwn(c.win32Name)}` : ''}_${c.win32Meaning ? `: ${toMrkdwn(c.win32Meaning)}` : ''}`
      : '';
  return truncate(`${head}\n${toMrkdwn(c.meaning)}${win32}`, L.fieldText);
};

/** Fields read well side by side only when short; one long meaning gets the full width. */
const FIELD_FRIENDLY = 600;

/** Several short codes: fields in groups of at most 10 and 3,000 characters; else a section each. */
const codeBlocks = (codes: CodeExplanation[]): SlackBlock[] => {
  const texts = codes.map(codeField);
  if (texts.length < 2 || texts.some((t) => t.length > FIELD_FRIENDLY))
    return texts.flatMap(sections);
  return groups(texts, (t) => t.length, L.fieldsPerSection, L.sectionText).map(
    (group): SlackBlock => ({ type: 'section', fields: group.map(mrkdwn) }),
  );
};

const causeBlocks = (reply: Reply): Placed[] => {
  // explain and win32 list the usual causes of a code: a reference, not a ranking
  const ranked = reply.causes.some((c) => c.score > 0);
  const head: Placed[] = ranked ? [] : [{ block: section('*Usual causes*'), priority: 1 }];
  return head.concat(
    reply.causes.flatMap((cause, i) => {
      const why = cause.why.map((w) => `• ${toMrkdwn(w)}`).join('\n');
      const score = ranked ? `  ·  ${percent(cause.score)} confidence` : '';
      const text = `*${i + 1}. ${toMrkdwn(cause.title)}*${score}${why ? `\n${why}` : ''}`;
      return sections(text).map((block): Placed => ({ block, priority: i === 0 ? 1 : 2 }));
    }),
  );
};

const numbered = (steps: string[], from: number): string =>
  steps.map((s, i) => `${from + i}. ${toMrkdwn(s)}`).join('\n');

/** Steps for every version first; IIS 7-10 and IIS 6 apart only where they differ. */
const stepText = (block: StepBlock): string => {
  const parts = [`*${toMrkdwn(block.title)}*`];
  if (block.all.length) parts.push(numbered(block.all, 1));
  const next = block.all.length + 1;
  if (block.iis7.length) parts.push(`_IIS 7-10:_\n${numbered(block.iis7, next)}`);
  if (block.iis6.length) parts.push(`_IIS 6:_\n${numbered(block.iis6, next)}`);
  return parts.join('\n');
};

/** One button per choice whose Action fits a button value; action ids unique within the message. */
const buttons = (group: string, choices: Choice[]): SlackButton[] =>
  choices.flatMap((choice, i): SlackButton[] => {
    const value = JSON.stringify(choice.action);
    if (value.length > L.buttonValue) return [];
    const label = truncate(toPlain(choice.label) || 'Choose', L.buttonText);
    return [
      {
        type: 'button',
        action_id: `${ACTION_ID_PREFIX}${group}:${i}`,
        text: { type: 'plain_text', text: label, emoji: true },
        value,
      },
    ];
  });

/** An actions block kept under a fifth of the message budget and Slack's 25 elements. */
const actionsBlock = (replyId: string, group: string, choices: Choice[]): SlackBlock[] => {
  const elements: SlackButton[] = [];
  let size = 0;
  for (const b of buttons(group, choices)) {
    const n = b.text.text.length + b.value.length;
    if (elements.length === L.actionsElements || size + n > L.messageTextBudget / 5) break;
    elements.push(b);
    size += n;
  }
  if (!elements.length) return [];
  return [{ type: 'actions', block_id: truncate(`${group}:${replyId}`, L.blockId), elements }];
};

/** Context blocks: at most 10 elements and 3,000 characters each. */
const contextBlocks = (texts: string[]): SlackBlock[] =>
  groups(
    texts.filter((t) => t.trim()).map((t) => truncate(t, L.contextText)),
    (t) => t.length,
    L.contextElements,
    L.sectionText,
  ).map((group): SlackBlock => ({ type: 'context', elements: group.map(mrkdwn) }));

/** Every block of the reply in reading order, with how readily each may be trimmed. */
const placeBlocks = (reply: Reply, feedback: boolean): Placed[] => {
  const at =
    (priority: Priority) =>
    (block: SlackBlock): Placed => ({ block, priority });
  const placed: Placed[] = [at(0)(headlineBlock(reply.headline))];
  placed.push(...codeBlocks(reply.codes).map(at(1)));
  if (reply.causes.length) placed.push(at(1)({ type: 'divider' }), ...causeBlocks(reply));
  // the question right after the verdict and the causes: it is what moves the answer on
  const q = reply.question;
  if (q) {
    placed.push(at(0)({ type: 'divider' }));
    if (q.text.trim())
      placed.push(at(0)(section(truncate(`*${toMrkdwn(q.text)}*`, L.sectionText))));
    if (q.how) placed.push(...contextBlocks([`:mag: ${toMrkdwn(q.how)}`]).map(at(0)));
    placed.push(...actionsBlock(reply.id, 'q', q.choices).map(at(0)));
  }
  if (reply.steps.length) placed.push(at(2)({ type: 'divider' }));
  for (const step of reply.steps) placed.push(...sections(stepText(step)).map(at(2)));
  if (reply.didYouMean?.length) {
    placed.push(
      at(0)(section('*Did you mean…*')),
      ...actionsBlock(reply.id, 'dym', reply.didYouMean).map(at(0)),
    );
  }
  placed.push(...actionsBlock(reply.id, 'act', reply.actions).map(at(0)));
  if (feedback) {
    const choices: Choice[] = [true, false].map((helpful) => ({
      label: helpful ? ':thumbsup: Helpful' : ':thumbsdown: Not helpful',
      action: { type: 'feedback', answerId: reply.id, helpful },
    }));
    placed.push(...actionsBlock(reply.id, 'fb', choices).map(at(1)));
  }
  placed.push(...contextBlocks(reply.notes.map(toMrkdwn)).map((b, i) => at(i === 0 ? 1 : 2)(b)));
  const masked = maskedText(reply.redactions);
  if (masked) placed.push(...contextBlocks([`:lock: ${masked}`]).map(at(0)));
  return placed;
};

/** Greedy packing into messages of at most 50 blocks and the text budget. */
const pack = (blocks: SlackBlock[]): SlackBlock[][] =>
  groups(blocks, blockTextLength, L.blocksPerMessage, L.messageTextBudget);

const trimNote = (dropped: number): SlackBlock => ({
  type: 'context',
  elements: [
    mrkdwn(
      `:scissors: ${dropped} part${dropped === 1 ? '' : 's'} of this answer did not fit in Slack and ${dropped === 1 ? 'was' : 'were'} left out.`,
    ),
  ],
});

/** Drop the lowest-priority blocks, latest first, until the reply packs into MAX_MESSAGES. */
const fit = (placed: Placed[]): SlackBlock[][] => {
  let kept = placed;
  let dropped = 0;
  const packed = () => pack([...kept.map((p) => p.block), ...(dropped ? [trimNote(dropped)] : [])]);
  // Bound the work for huge replies before trimming one block at a time.
  const capacity = MAX_MESSAGES * L.messageTextBudget;
  let total = 0;
  kept = kept.filter((p) => {
    total += blockTextLength(p.block);
    const keep = p.priority === 0 || total <= capacity;
    if (!keep) dropped += 1;
    return keep;
  });
  while (packed().length > MAX_MESSAGES) {
    const last = (priority: Priority) => kept.findLastIndex((p) => p.priority === priority);
    const victim = last(2) >= 0 ? last(2) : last(1);
    if (victim < 0) break;
    kept = kept.filter((_, i) => i !== victim);
    dropped += 1;
  }
  return packed();
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
 * A Reply as one or more Slack messages, each within Slack's Block Kit limits; `feedback` adds
 * "Helpful" / "Not helpful" buttons carrying a feedback Action for the reply's id.
 */
export const renderBlocks = (
  reply: Reply,
  options: { feedback?: boolean } = {},
): SlackMessage[] => {
  const messages = fit(placeBlocks(reply, options.feedback ?? false));
  const text = fallbackText(reply);
  return messages.map((blocks, i) => ({
    text:
      i === 0 ? text : truncate(`${text} (continued ${i + 1}/${messages.length})`, L.fallbackText),
    blocks,
  }));
};
