import {
  logPasteReply,
  turn,
  type Action,
  type DialogState,
  type TurnResult,
} from '../dialog/index.js';
import type { Knowledge } from '../knowledge/index.js';
import { readLogPaste } from '../extract/index.js';
import { CHART_POINTS, clip, count, timelineText } from '../render/index.js';
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
  return notes.map((n) => clip(n, MAX_FILE_NOTE));
};

/** A log file's text read as a whole: its summary as paragraphs, and its timeline (chat-sized). */
export interface FileReport {
  notes: string[];
  timeline: ScanTimeline | null;
  /** Lines read and log entries among them (0 when it is not a W3C log). */
  lines: number;
  entries: number;
}

/** The report of a log file's text (no notes and no timeline when it is not a W3C log). */
export const fileReport = (text: string, name: string): FileReport => {
  const state = scanText(text, name, loadScanKernel().module);
  const scan = summarise(state);
  if (scan.entries === 0) return { notes: [], timeline: null, lines: scan.lines, entries: 0 };
  return {
    notes: fileNotes(scan, name),
    timeline: timelineOf(state, scan.diagnoses, CHART_POINTS),
    lines: scan.lines,
    entries: scan.entries,
  };
};

/** A report's paragraphs with its timeline as text last (for channels without charts). */
const summaryText = ({ notes, timeline }: FileReport): string[] => {
  const over = timeline ? timelineText(timeline) : '';
  return over ? [...notes, over] : notes;
};

/** A log file's summary as paragraphs, its timeline as text last (for channels without charts). */
export const fileSummary = (text: string, name: string): string[] =>
  summaryText(fileReport(text, name));

/** What the summary of a pasted log calls it. */
export const PASTE_NAME = 'The paste';

/**
 * The report of a paste the core reads as a log (readLogPaste), summarised as a file is; null
 * when the dialogue answers it (not a log, or no scan kernel to summarise it with).
 */
export const pasteReport = (text: string): FileReport | null => {
  if (!readLogPaste(text)) return null;
  const report = fileReport(text, PASTE_NAME);
  return report.entries > 0 ? report : null;
};

/** A turn's answer to a pasted log, its summary as text (channels without charts); else null. */
export const logPasteTurn = (state: DialogState, text: string): TurnResult | null => {
  const report = pasteReport(text);
  if (!report) return null;
  return {
    state: { ...state, turns: state.turns + 1 },
    reply: logPasteReply(report, summaryText(report)),
  };
};

/** A turn on typed text or a button: a pasted log as logPasteTurn answers it, else the dialogue's. */
export const chatTurn = (
  state: DialogState,
  input: string | Action,
  knowledge: Knowledge,
  now = 0,
): TurnResult =>
  (typeof input === 'string' ? logPasteTurn(state, input) : null) ??
  turn(state, input, knowledge, now);
