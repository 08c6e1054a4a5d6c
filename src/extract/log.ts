import { columnsFor, DEFAULT_COLUMNS, type Columns } from '../w3c/columns.js';
import { guessLayout, layoutFields, type LayoutName } from '../w3c/fields.js';
import { anchoredEntry, findTriple } from './anchor.js';
import { ftpEntry, httperrEntry, joinNotes, nativeEntry } from './log-formats.js';
import { isIp, isMethod, isTriple } from './shapes.js';
import type { LogEntry } from './types.js';
import { mappedEntry, splitValues } from './values.js';

/** What each line of the message turned out to be (values of LogRead.kinds). */
export const LineKind = { Prose: 0, Directive: 1, Entry: 2, Skipped: 3 } as const;

export interface LogRead {
  entries: LogEntry[];
  skipped: { line: number; reason: string }[];
  kinds: Uint8Array;
  /** `#Software:` values with their 1-based line. */
  software: { line: number; value: string }[];
}

interface Header {
  names: string[];
  cols: Columns;
  kind: 'fields' | 'httperr' | 'ftp';
}

const DIRECTIVE = /^#\s?([A-Za-z][A-Za-z -]{0,30}?)\s?:[ \t]*(.*)$/;
const DATE_START = /^"?\d{4}-\d{2}-\d{2}"?[ \t]/;
const TIME_START = /^"?\d{1,2}:\d{2}:\d{2}(?:\.\d{1,7})?"?[ \t]/;
const NATIVE = /^[^\s,]{1,60}, [^\s,]{1,300}, \d{1,2}\/\d{1,2}\/\d{2,4}, \d{1,2}:\d{2}:\d{2}, /;
// Chat quote markers and list bullets in front of a pasted line.
const PREFIX = /^(?:>[ \t]?){1,5}|^[*+-][ \t]+(?=")|^[*+-][ \t]+(?=\d)/;

function makeHeader(value: string): Header | null {
  const names = value.split(/[ \t]+/).filter((n) => n.length > 0 && n.length <= 100);
  if (names.length === 0 || names.length > 200) return null;
  const cols = columnsFor(names, 'fields');
  const has = (name: string): boolean => names.some((n) => n.toLowerCase() === name);
  const kind =
    has('s-reason') && cols.substatus < 0
      ? 'httperr'
      : has('x-session') || has('x-fullpath') || (cols.win32 >= 0 && cols.win32 < cols.substatus)
        ? 'ftp'
        : 'fields';
  return { names, cols, kind };
}

/** The default layout the line has (w3c/fields.ts guessLayout), when its status columns fit it. */
function defaultLayout(values: readonly string[]): LayoutName | null {
  const name = guessLayout(values.length, values[0] ?? '', values[2] ?? '');
  const c = name === null ? null : DEFAULT_COLUMNS[name];
  return c && isTriple(values[c.status], values[c.substatus], values[c.win32]) ? name : null;
}

const defaultEntry = (values: string[], name: LayoutName, line: number, note?: string) =>
  mappedEntry(values, layoutFields(name), DEFAULT_COLUMNS[name], line, name, note);

/** A line with no #Fields in force: default layouts by shape, then httperr, FTP, anchoring. */
function readHeaderless(values: string[], line: number, prefix?: string): LogEntry | string {
  const d = defaultLayout(values);
  if (d) {
    const note = `no #Fields line: read with the ${d} default layout (${values.length} values)`;
    return { ...defaultEntry(values, d, line, joinNotes(prefix, note)), noFields: true };
  }
  const httperr = httperrEntry(values, line, prefix);
  if (httperr) return httperr;
  const ftp = ftpEntry(values, line, prefix);
  if (ftp) return ftp;
  const at = findTriple(values);
  if (at >= 0) {
    const note = `${values.length} values without a #Fields line: read by anchoring on the status columns (values ${at + 1}-${at + 3}); other columns placed by shape`;
    return { ...anchoredEntry(values, at, line, joinNotes(prefix, note) ?? note), noFields: true };
  }
  return `no #Fields line and no status columns found in ${values.length} values`;
}

function readWithHeader(
  values: string[],
  header: Header,
  line: number,
  prefix?: string,
): LogEntry | string {
  const { names, cols, kind } = header;
  const n = names.length;
  const statusAt = cols.status;
  if (values.length === n) {
    const sv = values[statusAt] ?? '-';
    // A status column that holds text means the columns are not where the header says.
    if (sv === '-' || sv === '' || /^\d{1,10}$/.test(sv)) {
      return mappedEntry(values, names, cols, line, kind, prefix);
    }
  }
  const mismatch =
    values.length === n
      ? `sc-status holds '${(values[statusAt] ?? '').slice(0, 20)}'`
      : `${values.length} values under a #Fields line of ${n} names`;
  if (statusAt >= 0 || values.length > n) {
    if (kind === 'httperr') {
      const e = httperrEntry(values, line, joinNotes(prefix, mismatch));
      if (e) return e;
    }
    const d = defaultLayout(values);
    if (d && kind !== 'ftp') {
      const note = `${mismatch}: the line has the shape of the ${d} default layout and was read with it`;
      return defaultEntry(values, d, line, joinNotes(prefix, note));
    }
    const last = Math.max(statusAt, cols.substatus, cols.win32);
    const trailingNames = last >= 0 ? names.slice(last + 1) : undefined;
    const ftpOrder = kind === 'ftp';
    const at = findTriple(values, { trailingNames, ftpOrder });
    if (at >= 0) {
      const note = `${mismatch}: read by anchoring on the status columns (values ${at + 1}-${at + 3}); other columns placed by shape`;
      return anchoredEntry(values, at, line, joinNotes(prefix, note) ?? note, {
        trailingNames,
        ftpOrder,
      });
    }
    if (statusAt >= 0) return `${mismatch} and no status columns found`;
  }
  // No status column in the header: keep the values in order and say what is missing.
  const note =
    values.length < n
      ? `${mismatch}: the last ${n - values.length} fields are empty`
      : `${mismatch}: the extra values are ignored`;
  return mappedEntry(values, names, cols, line, kind, joinNotes(prefix, note));
}

const LOGGISH = /[\d/+=%]|^-$/;

/** The rest of a wrapped log line: short, and mostly values rather than words. */
function looksLikeLogTail(values: readonly string[]): boolean {
  if (values.length === 0 || values.length > 30) return false;
  let loggish = 0;
  for (const v of values) if (LOGGISH.test(v)) loggish++;
  return loggish * 2 >= values.length;
}

/** A dated line with a method or an address among its first values reads as a log line. */
function looksLikeLogLine(values: readonly string[]): boolean {
  if (values.length < 6) return false;
  for (let k = 1; k < Math.min(values.length, 12); k++) {
    const v = values[k] ?? '';
    if (isMethod(v) || isIp(v)) return true;
  }
  return false;
}

/**
 * Reads every log line of the message. A #Fields line sets the columns for the lines after it;
 * lines that do not fit are anchored on their status columns (with a note) or listed as skipped.
 */
export function readLogLines(lines: readonly string[]): LogRead {
  const entries: LogEntry[] = [];
  const skipped: { line: number; reason: string }[] = [];
  const kinds = new Uint8Array(lines.length);
  const software: { line: number; value: string }[] = [];
  let header: Header | null = null;
  let headerDate: string | null = null;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    let text = raw.trim();
    if (text.length === 0) continue;
    if (text.charCodeAt(0) === 35 /* # */) {
      const m = text.length <= 20000 ? DIRECTIVE.exec(text) : null;
      if (!m) continue;
      kinds[i] = LineKind.Directive;
      const name = (m[1] ?? '').trim().toLowerCase();
      if (name === 'fields') header = makeHeader(m[2] ?? '');
      else if (name === 'date') headerDate = (m[2] ?? '').slice(0, 10);
      else if (name === 'software')
        software.push({ line: i + 1, value: (m[2] ?? '').slice(0, 200) });
      continue;
    }
    text = text.replace(PREFIX, '');
    if (NATIVE.test(text)) {
      const e = nativeEntry(text, i + 1);
      if (e) {
        entries.push(e);
        kinds[i] = LineKind.Entry;
        continue;
      }
    }
    const dated = DATE_START.test(text);
    const timed = !dated && header !== null && TIME_START.test(text);
    if (!dated && !timed && header === null) continue;
    let values = splitValues(text);
    if (values === null) {
      if (dated) {
        kinds[i] = LineKind.Skipped;
        skipped.push({ line: i + 1, reason: 'too many values for a log line' });
      }
      continue;
    }
    // Lines that neither start with a date/time nor match the header's width are prose.
    if (!dated && !timed && values.length !== header?.names.length) continue;

    let result = header ? readWithHeader(values, header, i + 1) : readHeaderless(values, i + 1);
    // A long line a chat client wrapped: try it joined with the next line.
    const next = lines[i + 1]?.trim();
    if (typeof result === 'string' && next && !next.startsWith('#') && !DATE_START.test(next)) {
      const more = splitValues(next);
      if (more && looksLikeLogTail(more)) {
        const joined = values.concat(more);
        const prefix = `joined with line ${i + 2} (the line was wrapped)`;
        const retry = header
          ? readWithHeader(joined, header, i + 1, prefix)
          : readHeaderless(joined, i + 1, prefix);
        if (typeof retry !== 'string') {
          values = joined;
          result = retry;
          kinds[i + 1] = LineKind.Entry;
        }
      }
    }
    if (typeof result !== 'string') {
      if (header && header.cols.date < 0 && result.layout === header.kind)
        result.date ??= headerDate;
      kinds[i] = LineKind.Entry;
      entries.push(result);
      if (kinds[i + 1] === LineKind.Entry) i++;
    } else if (header !== null || looksLikeLogLine(values)) {
      kinds[i] = LineKind.Skipped;
      skipped.push({ line: i + 1, reason: result });
    }
  }
  return { entries, skipped, kinds, software };
}
