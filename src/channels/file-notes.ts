import { loadScanKernel } from '../w3c/load.js';
import { summariseText } from '../w3c/summarise.js';
import type { ScanSummary } from '../w3c/types.js';

const MAX_FILE_NOTE = 400;

/** The scan summary of a whole file as short paragraphs above the engine's answer. */
export const fileNotes = (summary: ScanSummary, name: string): string[] => {
  const range = summary.timeRange
    ? `, ${summary.timeRange.first.replace('T', ' ').replace('Z', '')} to ${summary.timeRange.last.replace('T', ' ').replace('Z', '')} UTC`
    : '';
  const count = (n: number, one: string, many: string): string =>
    `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  const skipped = summary.skipped
    ? `, ${count(summary.skipped, 'unreadable line', 'unreadable lines')}`
    : '';
  const notes = [
    `${name}: ${count(summary.lines, 'line', 'lines')}, ${count(summary.entries, 'log entry', 'log entries')}${skipped}${range}.`,
  ];
  if (summary.verdict.total401 > 0) notes.push(summary.verdict.text);
  for (const d of summary.diagnoses.filter((x) => x.kind === 'failure').slice(0, 3)) {
    notes.push(d.detail);
  }
  return notes.map((n) => (n.length > MAX_FILE_NOTE ? `${n.slice(0, MAX_FILE_NOTE - 1)}…` : n));
};

/** A log file's text summarised as a whole, as those paragraphs (none when it is not a W3C log). */
export const fileSummary = (text: string, name: string): string[] => {
  const scan = summariseText(text, name, loadScanKernel().module);
  return scan.entries === 0 ? [] : fileNotes(scan, name);
};
