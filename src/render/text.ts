import { createColors } from 'picocolors';
import type { Choice, CodeExplanation, Reply, StepBlock } from '../dialog/types.js';
import { clip, confidenceWord, count, maskedText, percent } from './words.js';

// One text view of a reply, in Markdown: the contract's reply; Slack's mrkdwn, plain text (clients
// without cards) and the terminal's colours are derived from it. A triage note reuses its lists.

/** Backticks inside inline code would end it early. */
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;

// Linear: fixed delimiters around a bounded negated class. Emphasis (_x_) and quotes only as whole
// lines (how we write them), so names such as ERROR_LOGON_FAILURE stay as they are.
export const BOLD = /\*\*([^*\n]{1,500})\*\*/g;
const CODE = /`([^`\n]{1,1000})`/g;
const WHOLE_BOLD = /^\*\*([^*\n]{1,500})\*\*$/;
const WHOLE_EM = /^_([^\n]{1,5000})_$/;

/** A line of our Markdown as plain text: its marks dropped. */
export const plainLine = (line: string): string =>
  line.replace(BOLD, '$1').replace(CODE, '$1').replace(WHOLE_EM, '$1').replace(/^> /, '');

/** A line of our Markdown in a terminal's colours: headings cyan, bold and code bold, the rest dim. */
const colourLine = (line: string, c: ReturnType<typeof createColors>): string =>
  WHOLE_BOLD.test(line)
    ? c.cyan(line.replace(WHOLE_BOLD, '$1'))
    : WHOLE_EM.test(line) || line.startsWith('> ')
      ? c.dim(plainLine(line))
      : line
          .replace(BOLD, (_m, x: string) => c.bold(x))
          .replace(CODE, (_m, x: string) => c.bold(x));

/** How much detail a rendering keeps; each try keeps less. */
export interface Detail {
  /** Steps shown per list before "…and N more steps". */
  steps: number;
  notes: number;
  /** Show the "why" lines of causes. */
  why: boolean;
}
export const DETAIL: readonly Detail[] = [
  { steps: Infinity, notes: Infinity, why: true },
  { steps: 8, notes: 4, why: true },
  { steps: 5, notes: 2, why: true },
  { steps: 3, notes: 1, why: false },
  { steps: 2, notes: 0, why: false },
];

/** Which buttons follow a paragraph: the question's, "did you mean", the reply's own, feedback. */
export type ChoiceGroup = 'q' | 'dym' | 'act' | 'fb';

/** One paragraph of a reply: its lines, and the buttons that follow it. */
export interface Paragraph {
  lines: string[];
  group?: ChoiceGroup;
  choices?: Choice[];
}

/** "- `401.1` (normal challenge leg): meaning" and its win32 line; `meaning` null: explained above. */
export const codeLines = (
  label: string,
  kind: string,
  meaning: string | null,
  win32: string | null,
): string[] => [
  `- ${code(label)}${kind ? ` (${kind})` : ''}${meaning === null ? ' (explained above)' : `: ${meaning}`}`,
  ...(win32 && meaning !== null ? [`  - ${win32}`] : []),
];

/** "win32 5 ERROR_ACCESS_DENIED: <meaning>", or null without a win32 meaning. */
const win32Words = (c: CodeExplanation): string | null =>
  c.win32Meaning
    ? `win32 ${c.code.win32 ?? ''}${c.win32Name ? ` ${c.win32Name}` : ''}: ${c.win32Meaning}`
    : null;

/**
 * Ranked causes: "1. **Title** (73%, likely) `id`" with up to `why` evidence lines under it; a
 * reference list (no scores: explain, win32) without percentages, its lines saying what each is.
 */
export const causeLines = (
  causes: readonly { id: string; title: string; score: number; why: readonly string[] }[],
  why: number,
): string[] => {
  const ranked = causes.some((c) => c.score > 0);
  return causes.flatMap((c, i) => {
    const score = ranked ? ` (${percent(c.score)}, ${confidenceWord(c.score)})` : '';
    const lines = c.why.slice(0, why);
    return [
      `${i + 1}. **${c.title}**${score} ${code(c.id)}`,
      ...(lines.length ? [`   - ${ranked ? 'why' : 'what'}: ${lines.join('; ')}`] : []),
    ];
  });
};

/** A numbered list of at most `max` items, then "…and N more steps". */
export const numbered = (items: readonly string[], max: number): string[] => {
  const more = items.length - max;
  return [
    ...items.slice(0, max).map((x, i) => `${i + 1}. ${x}`),
    ...(more > 0 ? [`_…and ${count(more, 'more step', 'more steps')}_`] : []),
  ];
};

/** A block's steps in one list: every version's, then IIS 6's and IIS 7-10's, each marked. */
const flatSteps = (b: StepBlock): string[] => [
  ...b.all,
  ...b.iis6.map((x) => `(IIS 6) ${x}`),
  ...b.iis7.map((x) => `(IIS 7-10) ${x}`),
];

/** "Helpful" / "Not helpful", carrying a feedback Action for the reply's id. */
const feedbackChoices = (answerId: string): Choice[] =>
  [true, false].map((helpful) => ({
    label: helpful ? ':thumbsup: Helpful' : ':thumbsdown: Not helpful',
    action: { type: 'feedback', answerId, helpful },
  }));

export interface TextOptions {
  /** Short paragraphs right under the headline (a log file's scan summary). */
  lead?: readonly string[];
  /** Adds the feedback buttons (Slack). */
  feedback?: boolean;
}

/**
 * The reply below its headline, in reading order: codes, causes, the question (what moves the
 * answer on), "did you mean", steps, notes, the reply's buttons, and what was masked.
 */
export const replyParagraphs = (r: Reply, d: Detail, o: TextOptions = {}): Paragraph[] => {
  const out: Paragraph[] = [];
  const add = (lines: string[], group?: ChoiceGroup, choices: Choice[] = []) => {
    if (lines.length || choices.length) out.push({ lines, ...(group ? { group, choices } : {}) });
  };
  for (const l of o.lead ?? []) add([l]);
  if (r.codes.length) {
    add([
      '**What the code means**',
      ...r.codes.flatMap((c) =>
        codeLines(
          c.label,
          c.benign ? 'normal challenge leg' : '',
          c.repeat ? null : c.meaning,
          win32Words(c),
        ),
      ),
    ]);
  }
  if (r.causes.length) {
    const ranked = r.causes.some((c) => c.score > 0);
    add([
      ranked ? '**Likely causes**' : '**Usual causes**',
      ...causeLines(r.causes, d.why ? Infinity : 0),
    ]);
  }
  const q = r.question;
  if (q) add([`**${q.text}**`, ...(q.how ? [`_${q.how}_`] : [])], 'q', q.choices);
  if (r.didYouMean?.length) add(['**Did you mean…**'], 'dym', r.didYouMean);
  for (const b of r.steps) {
    const items = flatSteps(b);
    if (items.length) add([`**${b.title}**`, ...numbered(items, d.steps)]);
  }
  for (const n of r.notes.slice(0, d.notes)) add([`> ${n}`]);
  add([], 'act', r.actions);
  if (o.feedback) add([], 'fb', feedbackChoices(r.id));
  const masked = maskedText(r.redactions);
  if (masked) add([`> ${masked}`]);
  return out;
};

/** The first rendering, most detailed first, that fits in `max` characters; else the last, cut. */
export const fitText = (render: (d: Detail) => string, max: number): string => {
  let text = '';
  for (const d of DETAIL) {
    text = render(d);
    if (text.length <= max) return text;
  }
  return clip(text, max);
};

/** The choices as text, for formats without buttons: the question's and "did you mean" only. */
const choiceText = (p: Paragraph): string[] => {
  const labels = (p.choices ?? []).map((c) => c.label).join(' · ');
  return p.group === 'q' ? [`Answer: ${labels}`] : p.group === 'dym' ? [labels] : [];
};

/** Headline and paragraphs as one Markdown text, choices listed in words. */
const joined = (r: Reply, d: Detail, o: TextOptions = {}): string =>
  [
    `**${r.headline}**`,
    ...replyParagraphs(r, d, o)
      .map((p) => [...p.lines, ...choiceText(p)])
      .filter((lines) => lines.length)
      .map((lines) => lines.join('\n')),
  ].join('\n\n');

/** Contract: a reply is at most 4000 characters of Markdown. */
export const MAX_MARKDOWN = 4000;

/** Reply -> Markdown within MAX_MARKDOWN characters, dropping detail before cutting text. */
export const renderMarkdown = (r: Reply): string => fitText((d) => joined(r, d), MAX_MARKDOWN);

/** The reply as plain text within `max` characters: a card's fallback, and for clients without cards. */
export const renderPlainText = (r: Reply, max: number, lead: readonly string[] = []): string =>
  fitText((d) => joined(r, d, { lead }).split('\n').map(plainLine).join('\n'), max);

/** The follow-up questions as plain strings (the contract's `followUps`). */
export const followUps = (r: Reply): string[] => {
  const out: string[] = [];
  if (r.question) out.push(r.question.text);
  if (r.didYouMean?.length)
    out.push(`Did you mean: ${r.didYouMean.map((c) => c.label).join(', ')}?`);
  return out;
};

/** Columns the terminal text is wrapped to. */
const WIDTH = 100;

/** One line wrapped at word boundaries, continuation lines hanging two columns further in. */
const wrap = (line: string): string[] => {
  const indent = /^ */.exec(line)?.[0] ?? '';
  const lines: string[] = [];
  let current = '';
  for (const w of line.split(/\s+/).filter(Boolean)) {
    const room = WIDTH - indent.length - (lines.length ? 2 : 0);
    if (current && current.length + 1 + w.length > room) {
      lines.push(`${indent}${lines.length ? '  ' : ''}${current}`);
      current = w;
    } else current = current ? `${current} ${w}` : w;
  }
  return current ? [...lines, `${indent}${lines.length ? '  ' : ''}${current}`] : lines;
};

/** Reply -> text for a terminal, numbered choices so the chat can take "2" as an answer. */
export const renderTerminal = (r: Reply, o: { color: boolean }): string => {
  const c = createColors(o.color);
  let k = 0;
  const paragraphs = replyParagraphs(r, DETAIL[0]!).map((p) => [
    // a heading or a question stays out; what is under it, or a lone note, is indented. A note's
    // own lines (a timeline's series) stay lines: only each is wrapped
    ...p.lines.flatMap((l, i) =>
      colourLine(l, c)
        .split(/\n+/)
        .flatMap((x) => wrap(i === 0 && p.lines.length > 1 ? x : `  ${x}`)),
    ),
    ...(p.choices ?? []).map((x) => `  [${++k}] ${x.label}`),
  ]);
  return [c.bold(r.headline), ...paragraphs.map((lines) => lines.join('\n'))].join('\n\n');
};

/** The buttons of a reply in the order renderTerminal numbers them. */
export const terminalChoices = (r: Reply): Choice[] =>
  replyParagraphs(r, DETAIL[0]!).flatMap((p) => p.choices ?? []);
