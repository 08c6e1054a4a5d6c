import type { DetectorTable } from '../knowledge/detectors.js';
import type { ReferenceData } from '../knowledge/schema.js';
import { joinLoneWin32, mergeCodes } from './codes.js';
import { errorPageCodes } from './error-pages.js';
import { LineKind, readLogLines } from './log.js';
import { DEFAULT_MAX_CHARS, normalise } from './normalise.js';
import { proseCodes, type PlacedCode } from './prose.js';
import { redact } from './redact.js';
import { findSequences } from './sequences.js';
import { detectSignals } from './signals.js';
import type { Findings, LogEntry } from './types.js';

export interface ReadOptions {
  /** Characters of the message read at most (default 1,000,000); the rest is cut and `truncated` set. */
  maxChars?: number;
}

// a broken reference reads as an empty one (the same empty lists each time: caches key on them)
const NO_DETECTORS: DetectorTable = { detectors: [], policies: {} };
const NONE: never[] = [];
const listOr = <T>(list: T[] | undefined): T[] => (Array.isArray(list) ? list : NONE);

const shorten = (line: string): string => {
  const t = line.trim().replace(/\s+/g, ' ');
  return t.length <= 120 ? t : `${t.slice(0, 40)} ... ${t.slice(-75)}`;
};

/** Index of the first element greater than `x` in an ascending list. */
function upperBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] ?? 0) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const sourceOf = (e: LogEntry): PlacedCode['source'] =>
  e.layout === 'httperr' ? 'httperr' : e.layout === 'ftp' ? 'ftp' : 'log';

/**
 * Reads one message - prose, pasted log lines, error pages - into Findings: code triples, log
 * entries, handshake sequences, context signals and the redactions made. Pure and linear in the
 * (bounded) length of the message.
 */
export function readMessage(
  text: string,
  reference: ReferenceData,
  options: ReadOptions = {},
): Findings {
  const ref: ReferenceData = {
    statusCodes: listOr(reference?.statusCodes),
    win32: listOr(reference?.win32),
    errorPages: listOr(reference?.errorPages),
    detectors: Array.isArray(reference?.detectors?.detectors) ? reference.detectors : NO_DETECTORS,
  };
  const normalised = normalise(
    typeof text === 'string' ? text : '',
    options.maxChars ?? DEFAULT_MAX_CHARS,
  );
  const { text: clean, redactions } = redact(normalised.text);
  const lines = clean.split('\n');
  const log = readLogLines(lines);

  const placed: PlacedCode[] = [];
  const starts: number[] = new Array<number>(lines.length);
  const proseParts: string[] = [];
  const proseStarts: number[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    starts[i] = offset;
    const kind = log.kinds[i];
    if (kind === LineKind.Prose || kind === LineKind.Skipped) {
      if (line.length > 0) {
        for (const c of proseCodes(line, offset, ref)) placed.push(c);
        proseParts.push(line);
        proseStarts.push(offset);
      }
    }
    offset += line.length + 1;
  }

  const seen = new Set<string>();
  for (const e of log.entries) {
    if (e.status === null) continue;
    const key = `${e.status}.${e.substatus}.${e.win32}`;
    if (seen.has(key)) continue;
    seen.add(key);
    placed.push({
      status: e.status,
      substatus: e.substatus,
      win32: e.win32,
      source: sourceOf(e),
      evidence: shorten(lines[e.line - 1] ?? ''),
      at: starts[e.line - 1] ?? 0,
    });
  }
  // Error pages are prose: search the prose lines only, then map positions back to the message.
  const lower = proseParts.map((p) => p.toLowerCase().replace(/\s/g, ' '));
  const joinedStarts: number[] = [];
  let pos = 0;
  for (const p of lower) {
    joinedStarts.push(pos);
    pos += p.length + 1;
  }
  for (const c of errorPageCodes(lower.join(' '), ref)) {
    const k = Math.max(0, upperBound(joinedStarts, c.at) - 1);
    placed.push({ ...c, at: (proseStarts[k] ?? 0) + c.at - (joinedStarts[k] ?? 0) });
  }

  const sequences = findSequences(log.entries);
  const signals = detectSignals(
    proseParts.join('\n'),
    ref.detectors,
    log.entries,
    sequences,
    log.software,
  );
  return {
    text: clean,
    codes: joinLoneWin32(mergeCodes(placed)),
    entries: log.entries,
    skipped: log.skipped,
    sequences,
    signals,
    redactions,
    truncated: normalised.truncated,
  };
}
