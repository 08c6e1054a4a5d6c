import type { Columns } from '../w3c/columns.js';
import { parseWin32Column } from './http-status.js';
import { parseStatus, parseSubstatus } from './shapes.js';
import type { LogEntry } from './types.js';

/** Most values one log line may have; longer lines are not log lines. */
export const MAX_VALUES = 1000;

/**
 * Splits a W3C log line into values: runs of spaces or tabs separate values; a value that starts
 * with `"` runs to the closing quote (`""` inside is a literal quote). Returns null when the line
 * has more than MAX_VALUES values.
 */
export function splitValues(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    while (c === 32 || c === 9) c = line.charCodeAt(++i);
    if (i >= n) break;
    if (out.length >= MAX_VALUES) return null;
    if (c === 34) {
      let value = '';
      let start = i + 1;
      let j = start;
      for (; j < n; j++) {
        if (line.charCodeAt(j) !== 34) continue;
        if (line.charCodeAt(j + 1) === 34) {
          value += line.slice(start, j + 1);
          start = j + 2;
          j++;
          continue;
        }
        break;
      }
      value += line.slice(start, j);
      i = j + 1;
      // text glued to the closing quote stays with the value
      let k = i;
      while (k < n && line.charCodeAt(k) !== 32 && line.charCodeAt(k) !== 9) k++;
      if (k > i) value += line.slice(i, k);
      i = k;
      out.push(value);
    } else {
      let j = i;
      while (j < n && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** '-' and empty values mean "not logged". */
export const orNull = (v: string | undefined): string | null =>
  v === undefined || v === '-' || v === '' ? null : v;

/** An entry from values that line up with `names` one to one (`cols`: columnsFor(names); a name '' is no field). */
export function mappedEntry(
  values: readonly string[],
  names: readonly string[],
  cols: Columns,
  line: number,
  layout: LogEntry['layout'],
  note?: string,
): LogEntry {
  const fields: Record<string, string | null> = {};
  names.forEach((n, i) => {
    if (n) fields[n] = orNull(values[i]);
  });
  const at = (i: number): string | null => (i < 0 ? null : orNull(values[i]));
  const entry: LogEntry = {
    line,
    layout,
    status: parseStatus(at(cols.status) ?? undefined),
    substatus: parseSubstatus(at(cols.substatus) ?? undefined),
    win32: parseWin32Column(at(cols.win32) ?? ''),
    date: at(cols.date),
    time: at(cols.time),
    clientIp: at(cols.clientIp),
    method: at(cols.method),
    uriStem: at(cols.uriStem),
    username: at(cols.user),
    userAgent: at(cols.userAgent),
    fields,
  };
  if (note) entry.note = note;
  return entry;
}
