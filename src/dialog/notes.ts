import type { Findings, LogEntry } from '../extract/types.js';
import type { Fact } from '../knowledge/schema.js';
import type { DialogState } from './types.js';

/** Said whenever a reply leans on the normal challenge. */
export const HANDSHAKE_NOTE =
  'Windows authentication always starts with a 401: the browser first asks anonymously (401.2), then answers the challenge (NTLM needs a second 401.1 leg), then gets 200 or 304 with the user name in the log. Those 401s are expected.';

export const NO_CODE_NOTE =
  'Your message has no IIS status code. The substatus tells the causes apart: in the site log (IIS 7-10: %SystemDrive%\\inetpub\\logs\\LogFiles\\W3SVC<site id>; IIS 6: %SystemRoot%\\System32\\LogFiles\\W3SVC<site id>) the last columns of the failing line are sc-status, sc-substatus and sc-win32-status, e.g. `401 1 1326`. Paste that line with its #Fields header.';

const DEFAULT_LAYOUTS = new Set<LogEntry['layout']>(['iis6', 'iis7', 'iis85', 'all-fields']);

const plural = (n: number, one: string, many: string): string => (n > 1 ? many : one);

/** What the reader had to guess, cut or remove in a message, as short paragraphs. */
export const findingNotes = (f: Findings | undefined): string[] => {
  if (!f) return [];
  const notes: string[] = [];
  if (f.truncated) notes.push('Your message was very long; I read its beginning only.');
  const isDefault = (e: LogEntry): boolean => e.noFields === true && DEFAULT_LAYOUTS.has(e.layout);
  const defaults = f.entries.filter(isDefault).length;
  const repaired = f.entries.filter((e) => e.note && !e.noFields).length;
  // no #Fields line and not a default layout's width: nothing to mismatch, read by position
  const positional = f.entries.filter((e) => e.note && e.noFields && !isDefault(e)).length;
  if (defaults) {
    notes.push(
      `${defaults} log ${plural(defaults, 'line', 'lines')} read as the IIS default columns (no #Fields line pasted).`,
    );
  }
  if (positional) {
    notes.push(
      `${positional} log ${plural(positional, 'line', 'lines')} read by position: status, substatus and win32 from the last columns (no #Fields line pasted).`,
    );
  }
  if (repaired) {
    notes.push(
      `${repaired} log ${plural(repaired, 'line', 'lines')} did not match ${plural(repaired, 'its', 'their')} #Fields header (pasting often drops or changes values); I read the status, substatus and win32 columns by their position.`,
    );
  }
  if (f.skipped.length) {
    const first = f.skipped[0];
    notes.push(
      `${f.skipped.length} ${plural(f.skipped.length, 'line', 'lines')} looked like log lines but could not be read${first ? ` (line ${first.line}: ${first.reason})` : ''}.`,
    );
  }
  if (f.redactions.length) {
    const n = f.redactions.reduce((s, r) => s + r.count, 0);
    notes.push(
      `I removed ${n} ${plural(n, 'secret', 'secrets')} (${f.redactions.map((r) => r.kind).join(', ')}) from what I keep and show.`,
    );
  }
  return notes;
};

/** Said when a button's question is no longer one the knowledge asks. */
export const OUTDATED_BUTTON_NOTE =
  'That button is out of date: its question is no longer one I ask. Here is where things stand.';

/**
 * Said when a button answers a question other than the open one (a button on an earlier card):
 * which question it answered and what changed. Null for the open question.
 */
export const earlierAnswerNote = (fact: Fact, value: string, state: DialogState): string | null => {
  if (state.pending === fact.id) return null;
  const label = (v: string): string =>
    v === 'unknown' ? "I don't know" : (fact.answers.find((a) => a.value === v)?.label ?? v);
  const head = `That button is from an earlier card: it answers "${fact.question}"`;
  const before = state.known[fact.id];
  if (before === undefined) return `${head} ("${label(value)}").`;
  if (before === value || value === 'unknown')
    return `${head}, which you had already answered "${label(before)}": nothing changed.`;
  return `${head}: your answer changed from "${label(before)}" to "${label(value)}".`;
};
