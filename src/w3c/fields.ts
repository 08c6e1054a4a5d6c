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
