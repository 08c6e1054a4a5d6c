import type { Choice, CodeExplanation, Reply, StepBlock } from '../dialog/types.js';
import { confidenceWord, maskedText, percent } from './words.js';

/** Cuts at a character budget, marking the cut. */
export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;

const codeLine = (c: CodeExplanation): string => {
  const win32 = c.win32Meaning ? ` ${win32Words(c)}` : c.win32Name ? ` win32 ${c.win32Name}` : '';
  return `${c.label}${c.benign ? ' (normal challenge leg)' : ''}: ${c.meaning}${win32}`;
};

/** A block's steps in one list: every version's, then IIS 6's and IIS 7-10's, each marked. */
export const flatSteps = (b: StepBlock): string[] => [
  ...b.all,
  ...b.iis6.map((s) => `(IIS 6) ${s}`),
  ...b.iis7.map((s) => `(IIS 7-10) ${s}`),
];

/** "win32 ERROR_LOGON_FAILURE: <meaning>". */
export const win32Words = (c: CodeExplanation): string =>
  `win32${c.win32Name ? ` ${c.win32Name}` : ''}: ${c.win32Meaning ?? ''}`;

const numbered = (steps: readonly string[]): string[] => steps.map((s, i) => `${i + 1}. ${s}`);

const stepLines = (block: StepBlock): string[] => {
  const out = [`${block.title}:`, ...numbered(block.all)];
  if (block.iis7.length) out.push('IIS 7-10:', ...numbered(block.iis7));
  if (block.iis6.length) out.push('IIS 6:', ...numbered(block.iis6));
  return out;
};

const choiceList = (choices: readonly Choice[]): string => choices.map((c) => c.label).join(' / ');

/**
 * The whole reply as plain text: the card's fallback, and the message for clients without cards.
 * Typed answers work too, so the question lists its choices.
 */
export const renderPlainText = (reply: Reply, max = 4000, lead: readonly string[] = []): string => {
  const lines: string[] = [reply.headline];
  if (lead.length) lines.push('', ...lead);
  if (reply.codes.length) lines.push('', ...reply.codes.map((c) => `- ${codeLine(c)}`));
  if (reply.causes.length) {
    lines.push('', 'Likely causes:');
    reply.causes.forEach((c, i) => {
      const why = c.why.length ? ` (${c.why.join('; ')})` : '';
      lines.push(`${i + 1}. ${c.title}: ${percent(c.score)}, ${confidenceWord(c.score)}${why}`);
    });
  }
  for (const block of reply.steps) lines.push('', ...stepLines(block));
  if (reply.notes.length) lines.push('', ...reply.notes);
  if (reply.question) {
    lines.push('', reply.question.text);
    if (reply.question.how) lines.push(reply.question.how);
    lines.push(`Answer with: ${choiceList(reply.question.choices)}`);
  }
  if (reply.didYouMean?.length) lines.push('', `Did you mean: ${choiceList(reply.didYouMean)}?`);
  const masked = maskedText(reply.redactions);
  if (masked) lines.push('', masked);
  return clip(lines.join('\n'), max);
};
