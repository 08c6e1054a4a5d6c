import { MAX_FIELDS } from './kernel-abi.js';
import { LAYOUTS, STATUS, SUBSTATUS, WIN32, layoutFields, type LayoutName } from './fields.js';

/** Where the fields the scan reads sit in a line (-1 = not logged). */
export interface Columns {
  /** How many values a line has under this layout. */
  count: number;
  /** 'fields' = from a #Fields directive; otherwise the default layout guessed by shape. */
  layout: 'fields' | LayoutName;
  date: number;
  time: number;
  clientIp: number;
  uriStem: number;
  /** cs-uri (HTTP.sys error logs): stem and query together; used when cs-uri-stem is absent. */
  uri: number;
  method: number;
  user: number;
  userAgent: number;
  status: number;
  substatus: number;
  win32: number;
}

const ALIASES: Record<string, keyof Omit<Columns, 'count' | 'layout'>> = {
  date: 'date',
  'date-local': 'date',
  time: 'time',
  'time-local': 'time',
  'c-ip': 'clientIp',
  'cs-uri-stem': 'uriStem',
  'cs-uri': 'uri',
  'cs-method': 'method',
  'cs-username': 'user',
  'c-auth-id': 'user',
  'cs(user-agent)': 'userAgent',
  [STATUS]: 'status',
  [SUBSTATUS]: 'substatus',
  [WIN32]: 'win32',
};

/** Column positions for a list of W3C field names (names compare case-insensitively). */
export function columnsFor(names: readonly string[], layout: Columns['layout']): Columns {
  const cols: Columns = {
    count: names.length,
    layout,
    date: -1,
    time: -1,
    clientIp: -1,
    uriStem: -1,
    uri: -1,
    method: -1,
    user: -1,
    userAgent: -1,
    status: -1,
    substatus: -1,
    win32: -1,
  };
  names.forEach((name, i) => {
    const key = ALIASES[name.toLowerCase()];
    if (key !== undefined && cols[key] === -1) cols[key] = i;
  });
  if (cols.uriStem === -1) cols.uriStem = cols.uri;
  return cols;
}

/** The kind of a directive line the scan follows (#Fields, #Date), or null for any other. */
export function directiveKind(line: string): 'fields' | 'date' | null {
  const head = line.slice(0, 8).toLowerCase();
  return head === '#fields:' ? 'fields' : head.startsWith('#date:') ? 'date' : null;
}

/** The names after `#Fields:` (runs of spaces allowed, as Advanced Logging writes them). */
export function parseFieldsDirective(text: string): string[] {
  return text
    .slice(text.indexOf(':') + 1)
    .split(/[ \t]+/)
    .filter((n) => n.length > 0)
    .slice(0, MAX_FIELDS);
}

/** The columns of each default layout (fields.ts guessLayout says which a line has). */
export const DEFAULT_COLUMNS = Object.fromEntries(
  (Object.keys(LAYOUTS) as LayoutName[]).map((n) => [n, columnsFor(layoutFields(n), n)]),
) as Record<LayoutName, Columns>;

export const LAYOUT_LABEL: Record<Columns['layout'], string> = {
  fields: '#Fields',
  iis6: 'the IIS 6 default layout',
  iis7: 'the IIS 7 default layout',
  iis85: 'the IIS 8.5+ default layout',
  'all-fields': 'the all-fields layout',
};

/** Columns when only the status triple could be located (values i, i+1, i+2); date and time are
 * tried in the first two values and read only if they parse. */
export const anchoredColumns = (count: number, statusAt: number): Columns => ({
  ...columnsFor([], 'fields'),
  count,
  date: 0,
  time: 1,
  status: statusAt,
  substatus: statusAt + 1,
  win32: statusAt + 2,
});
