import type { Choice, CodeExplanation, Reply, StepBlock } from '../dialog/types.js';
import type { Redaction } from '../extract/types.js';

/** Cuts at a character budget, marking the cut. */
export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;

export const percent = (score: number): string =>
  `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;

/** A word for a calibrated score, so the number is not read as certainty. */
export const confidenceWord = (score: number): string =>
  score >= 0.7 ? 'likely' : score >= 0.4 ? 'possible' : score >= 0.15 ? 'less likely' : 'unlikely';

const REDACTION_NAMES: { [K in Redaction['kind']]: [string, string] } = {
  authorization: ['Authorization value', 'Authorization values'],
  password: ['password', 'passwords'],
  'connection-string': ['connection string', 'connection strings'],
  secret: ['secret', 'secrets'],
};

/** "Masked before reading: 1 Authorization value, 2 passwords." or '' when nothing was masked. */
export const redactionLine = (redactions: readonly Redaction[]): string => {
  const parts = redactions
    .filter((r) => r.count > 0)
    .map((r) => {
      const [one, many] = REDACTION_NAMES[r.kind];
      return `${r.count} ${r.count === 1 ? one : many}`;
    });
  return parts.length ? `Masked before reading: ${parts.join(', ')}.` : '';
};

export const codeLine = (c: CodeExplanation): string => {
  const win32 =
    c.win32Meaning || c.win32Name
      ? ` win32${c.win32Name ? ` ${c.win32Name}` : ''}${c.win32Meaning ? `: ${c.win32Meaning}` : ''}`
      : '';
  return `${c.label}${c.benign ? ' (normal challenge leg)' : ''}: ${c.meaning}${win32}`;
};

const numbered = (steps: readonly string[]): string[] => steps.map((s, i) => `${i + 1}. ${s}`);

export const stepLines = (block: StepBlock): string[] => {
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
  const masked = redactionLine(reply.redactions);
  if (masked) lines.push('', masked);
  return clip(lines.join('\n'), max);
};
