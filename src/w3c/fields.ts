// What a W3C line's values are, declared once for the chat reader (extract/log.ts) and the scan
// (line-reader.ts; its kernel reads dates and times by the same rule in kernel/values.ts, and
// test/w3c/fields.test.ts holds the two to it): the default layouts, which one a line without
// #Fields has, and how a date and a time read.

/** Default #Fields layouts (iis-facts 5.3 and 5.4) used for header-less lines. */
export const LAYOUTS = {
  iis6: 'date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status',
  iis7: 'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken',
  iis85:
    'date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  'all-fields':
    'date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
} as const satisfies Record<string, string>;

export type LayoutName = keyof typeof LAYOUTS;

export const layoutFields = (name: LayoutName): string[] => LAYOUTS[name].split(' ');

export const STATUS = 'sc-status';
export const SUBSTATUS = 'sc-substatus';
export const WIN32 = 'sc-win32-status';

/** Days from 1970 to 2000-01-01: scan times count from 2000. */
const DAYS_1970_2000 = 10_957;

/**
 * Days since 2000-01-01 of a 'YYYY-MM-DD' value (years 1966 to 2033; a day past its month's end
 * runs on into the next), or null.
 */
export function dayOf(v: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(v);
  if (!m) return null;
  const [y, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1966 || y > 2033 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  return Date.UTC(y, month - 1, 1) / 86_400_000 - DAYS_1970_2000 + day - 1;
}

/** Seconds into the day of an 'HH:MM:SS[...]' value (what follows the seconds is ignored), or null. */
export function secondOfDay(v: string): number | null {
  const m = /^(\d\d):(\d\d):(\d\d)/.exec(v);
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return h <= 23 && min <= 59 && s <= 60 ? h * 3600 + min * 60 + s : null;
}

/** Seconds since 2000 of an entry's date and time of day, or null when either does not read. */
export function entrySecond(date: string | null, time: string | null): number | null {
  const day = date === null ? null : dayOf(date);
  const sec = time === null ? null : secondOfDay(time);
  return day === null || sec === null ? null : day * 86_400 + sec;
}

/** An IPv4 or IPv6 address by its characters: hex digits, and two or more '.' or ':'. */
const looksLikeIp = (v: string): boolean =>
  /^[\da-f.:]{3,45}$/i.test(v) && v.replace(/[^.:]/g, '').length >= 2;

/**
 * The default layout a line without #Fields has, by its value count, when its first value is a
 * date, or null. IIS 6 and IIS 7.0/7.5 both write 14 values: IIS 6 logs s-sitename (W3SVC1) where
 * IIS 7 logs s-ip, so the third value decides. The caller still checks the status columns.
 */
export function guessLayout(count: number, first: string, third: string): LayoutName | null {
  if (dayOf(first) === null) return null;
  if (count === 14) return looksLikeIp(third) ? 'iis7' : 'iis6';
  return count === 15 ? 'iis85' : count === 22 ? 'all-fields' : null;
}
