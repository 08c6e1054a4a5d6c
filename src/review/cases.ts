import { analyse } from '../analysis.js';
import type { CodeTriple } from '../extract/index.js';
import type { Knowledge } from '../knowledge/index.js';
import type { KeptRecord } from '../state/index.js';

/** A resolved ticket as the shared scorer's case (`evaluate.mjs`) and LOCAL_CASES read it. */
export interface ExportedCase {
  id: string;
  /** Where it came from: cases of one ticket are held out together. */
  source: string;
  message: string;
  expected: { codes: CodeTriple[]; cause: string; also_ok: string[] };
  /** The expert's note (the scorer ignores it). */
  note?: string;
}

const same = (a: CodeTriple, b: CodeTriple): boolean =>
  a.status === b.status && a.substatus === b.substatus && a.win32 === b.win32;

/** A code as a log line's fields say it, which the reader takes back as the same triple. */
const codeLine = (c: CodeTriple): string =>
  [
    c.status !== null ? `sc-status ${c.status}` : '',
    c.substatus !== null ? `sc-substatus ${c.substatus}` : '',
    c.win32 !== null ? `sc-win32-status ${c.win32}` : '',
  ]
    .filter(Boolean)
    .join(' ');

/**
 * The message a resolved record is replayed as: the asker's words, and a line per code that came
 * from log lines (kept as codes, not text) so the engine reads the same codes again.
 */
export const replayMessage = (record: KeptRecord, knowledge: Knowledge): string => {
  const read = analyse(record.text, knowledge).codes;
  const missing = record.codes.filter((c) => !read.some((r) => same(r, c)));
  return [record.text.trim(), ...missing.map(codeLine)].filter(Boolean).join('\n');
};

/** The case of a ticket an expert resolved with a knowledge entry; null for "other" and the rest. */
export const exportCase = (record: KeptRecord, knowledge: Knowledge): ExportedCase | null => {
  const r = record.resolution;
  if (record.kind !== 'resolved' || !r?.cause) return null;
  return {
    id: `ticket-${r.ticket}`,
    source: `ticket ${r.ticket}`,
    message: replayMessage(record, knowledge),
    expected: { codes: record.codes, cause: r.cause, also_ok: [] },
    ...(r.note ? { note: r.note } : {}),
  };
};

/** Cases as JSON Lines (the file `review --export` writes). */
export const casesJsonl = (cases: readonly ExportedCase[]): string =>
  cases.map((c) => `${JSON.stringify(c)}\n`).join('');
