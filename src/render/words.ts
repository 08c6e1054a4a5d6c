// How a score and what was masked are said, the same in every reply, card and ticket note.
import type { Redaction } from '../extract/types.js';

/** Cuts at a character budget, marking the cut. */
export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1)).trimEnd()}…`;

/** A calibrated score as a whole percentage ("73%"). */
export const percent = (score: number): string =>
  `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;

/** "1 line", "2,345 lines". */
export const count = (n: number, one: string, many: string): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A word for a calibrated score, so the number is not read as certainty. */
export const confidenceWord = (score: number): string =>
  score >= 0.7 ? 'likely' : score >= 0.4 ? 'possible' : score >= 0.15 ? 'less likely' : 'unlikely';

const REDACTION_NAMES: { [K in Redaction['kind']]: [string, string] } = {
  authorization: ['Authorization header value', 'Authorization header values'],
  password: ['password', 'passwords'],
  'connection-string': ['connection string', 'connection strings'],
  secret: ['secret', 'secrets'],
};

/**
 * "Masked before reading, and not shown here: 2 passwords and 1 Authorization header value." -
 * kinds and counts, never values; '' when nothing was masked.
 */
export const maskedText = (redactions: readonly Redaction[]): string => {
  const parts = redactions
    .filter((r) => r.count > 0)
    .map((r) => {
      const [one, many] = REDACTION_NAMES[r.kind];
      return count(r.count, one, many);
    });
  if (!parts.length) return '';
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `Masked before reading, and not shown here: ${list}.`;
};
