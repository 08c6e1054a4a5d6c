import { LineKind, readLogLines } from './log.js';

/**
 * When a pasted message is read as a log (a scan summary, as for a file) rather than through the
 * dialogue. Measured on `gen-iis-log.mjs` output: 10 consecutive lines already carry 4 statuses
 * and 20 lines 4-6, and the dialogue's headline then mixes causes of different statuses (a 404.0
 * verdict with an NTLM-proxy first suspect); a handful of lines around one failure stays a question.
 */
export const LOG_PASTE_MIN_ENTRIES = 20;
/** Only the start of a paste decides (bounded work on any size): the dialogue reads no more. */
export const LOG_PASTE_PROBE_CHARS = 200_000;

export interface LogPaste {
  /** Non-empty lines in the probed start of the paste. */
  lines: number;
  /** Of those, W3C log entries (and directives, such as #Fields). */
  logLines: number;
}

/**
 * The paste read as a log, or null: at least LOG_PASTE_MIN_ENTRIES log entries in its first
 * LOG_PASTE_PROBE_CHARS characters, and log lines (entries, directives, unreadable dated lines)
 * more than half of its non-empty lines there. Pure and linear in the probe.
 */
export function readLogPaste(text: string): LogPaste | null {
  let probe = text.length > LOG_PASTE_PROBE_CHARS ? text.slice(0, LOG_PASTE_PROBE_CHARS) : text;
  // a cut line would count as prose or a skipped line: end at the last whole line
  if (probe.length < text.length && probe.lastIndexOf('\n') > 0)
    probe = probe.slice(0, probe.lastIndexOf('\n'));
  const lines = probe.split(/\r?\n/);
  const { kinds, entries } = readLogLines(lines);
  if (entries.length < LOG_PASTE_MIN_ENTRIES) return null;
  let nonEmpty = 0;
  let logLines = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]?.trim()) continue;
    nonEmpty++;
    if (kinds[i] !== LineKind.Prose) logLines++;
  }
  return logLines * 2 > nonEmpty ? { lines: nonEmpty, logLines } : null;
}
