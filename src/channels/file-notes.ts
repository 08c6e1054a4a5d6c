import { CHART_POINTS, timelineText } from '../render/index.js';
import { loadScanKernel } from '../w3c/load.js';
import { scanText, summarise } from '../w3c/summarise.js';
import { timelineOf, type ScanTimeline } from '../w3c/timeline.js';
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

/** A log file's text read as a whole: its summary as paragraphs, and its timeline (chat-sized). */
export interface FileReport {
  notes: string[];
  timeline: ScanTimeline | null;
}

/** The report of a log file's text (no notes and no timeline when it is not a W3C log). */
export const fileReport = (text: string, name: string): FileReport => {
  const state = scanText(text, name, loadScanKernel().module);
  const scan = summarise(state);
  if (scan.entries === 0) return { notes: [], timeline: null };
  return {
    notes: fileNotes(scan, name),
    timeline: timelineOf(state, scan.diagnoses, CHART_POINTS),
  };
};

/** A log file's summary as paragraphs, its timeline as text last (for channels without charts). */
export const fileSummary = (text: string, name: string): string[] => {
  const { notes, timeline } = fileReport(text, name);
  const over = timeline ? timelineText(timeline) : '';
  return over ? [...notes, over] : notes;
};
