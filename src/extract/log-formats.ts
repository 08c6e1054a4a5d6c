// Entries from values: mapped one to one onto field names, and the other IIS formats a pasted
// line may come in (HTTP.sys error logs, FTP logs, the comma-separated IIS log file format).
import { columnsFor } from '../w3c/columns.js';
import { anchoredEntry } from './anchor.js';
import { parseWin32Column } from './http-status.js';
import { isGuid, isHttperrReason, parseStatus } from './shapes.js';
import type { LogEntry } from './types.js';
import { mappedEntry, orNull } from './values.js';

export const joinNotes = (...notes: (string | undefined)[]): string | undefined =>
  notes.filter((n) => n).join('; ') || undefined;

export const HTTPERR_FIELDS =
  'date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename'.split(
    ' ',
  );
export const FTP_FIELDS =
  'date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath'.split(
    ' ',
  );
const HTTPERR_COLUMNS = columnsFor(HTTPERR_FIELDS, 'fields');
const FTP_COLUMNS = columnsFor(FTP_FIELDS, 'fields');

/** httperr: `... sc-status s-siteid s-reason ...` with a known reason phrase. */
export function httperrEntry(
  values: readonly string[],
  line: number,
  note?: string,
): LogEntry | null {
  if (values.length === HTTPERR_FIELDS.length && isHttperrReason(values[11] ?? '')) {
    return mappedEntry(values, HTTPERR_FIELDS, HTTPERR_COLUMNS, line, 'httperr', note);
  }
  for (let k = 4; k < values.length; k++) {
    if (!isHttperrReason(values[k] ?? '')) continue;
    const status = values[k - 2] ?? '';
    const site = values[k - 1] ?? '';
    if (!/^(?:\d{3}|-)$/.test(status) || !/^(?:\d{1,10}|-)$/.test(site)) continue;
    const how = `${values.length} values: read as an HTTP.sys error line by its reason phrase '${values[k]}'`;
    const triple = ['sc-status', 's-siteid', 's-reason'] as const;
    return {
      ...anchoredEntry(values, k - 2, line, joinNotes(note, how)!, { triple }),
      layout: 'httperr',
    };
  }
  return null;
}

export function ftpEntry(values: readonly string[], line: number, note?: string): LogEntry | null {
  if (values.length !== FTP_FIELDS.length || !isGuid(values[11] ?? '')) return null;
  const okNum = (v: string | undefined) => v === '-' || /^-?\d{1,10}$/.test(v ?? '');
  if (!okNum(values[8]) || !okNum(values[9]) || !okNum(values[10])) return null;
  return mappedEntry(values, FTP_FIELDS, FTP_COLUMNS, line, 'ftp', note);
}

/** The IIS log file format (in*.log): 15 comma-separated values, status at 11, win32 at 12. */
export function nativeEntry(text: string, line: number): LogEntry | null {
  const values = text.replace(/,\s*$/, '').split(/, ?/);
  if (values.length !== 15) return null;
  const v = (i: number) => orNull(values[i]?.trim());
  const status = parseStatus(values[10]?.trim());
  if (status === null) return null;
  return {
    line,
    layout: 'fields',
    status,
    substatus: null,
    win32: parseWin32Column(values[11]?.trim() ?? ''),
    date: v(2),
    time: v(3),
    clientIp: v(0),
    method: v(12),
    uriStem: v(13),
    username: v(1),
    userAgent: null,
    fields: {
      'c-ip': v(0),
      'cs-username': v(1),
      'sc-status': v(10),
      'sc-win32-status': v(11),
      'cs-method': v(12),
      'cs-uri-stem': v(13),
      'cs-uri-query': v(14),
    },
    note: 'IIS log file format (comma-separated, no substatus column)',
  };
}
