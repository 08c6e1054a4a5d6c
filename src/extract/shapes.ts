import { isHttpStatus, parseUint, parseWin32Column } from './http-status.js';

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const TIME = /^\d{1,2}:\d{2}:\d{2}(?:\.\d{1,7})?$/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
// IPv6 with optional %zone; the class excludes '.' so dotted quads are not taken for it.
const IPV6 = /^[0-9a-f]{0,4}:[0-9a-f:]{1,45}(?:%[\w.]{1,20})?$/i;
const METHODS = new Set(
  'GET POST HEAD PUT DELETE OPTIONS PATCH TRACE CONNECT PROPFIND PROPPATCH MKCOL COPY MOVE LOCK UNLOCK SEARCH REPORT MERGE CHECKOUT CHECKIN MKACTIVITY SUBSCRIBE UNSUBSCRIBE POLL BPROPFIND BPROPPATCH BCOPY BMOVE BDELETE RPC_IN_DATA RPC_OUT_DATA RPC_CONNECT BITS_POST DEBUG'.split(
    ' ',
  ),
);
const UA = /^[A-Za-z][\w.+-]{0,60}\/[\w.]/;
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

export const isIp = (v: string): boolean =>
  IPV4.test(v) || (v.indexOf(':') !== v.lastIndexOf(':') && !TIME.test(v) && IPV6.test(v));
/** A known HTTP, WebDAV or RPC-over-HTTP method (W3C logs write them in upper case). */
export const isMethod = (v: string): boolean => METHODS.has(v);
export const looksLikeUserAgent = (v: string): boolean => UA.test(v);
export const isGuid = (v: string): boolean => GUID.test(v);
export const isPort = (v: string): boolean => {
  const n = parseUint(v);
  return n !== null && n > 0 && n <= 65535;
};

/** Value of a substatus column: 0..99999, digits only. */
export const parseSubstatus = (v: string | undefined): number | null => {
  const n = parseUint(v ?? '');
  return n !== null && n <= 99999 ? n : null;
};

/** Value of a status column: three digits (100..999); the caller decides if it must be HTTP. */
export const parseStatus = (v: string | undefined): number | null => {
  const n = v?.length === 3 ? parseUint(v) : null;
  return n !== null && n >= 100 ? n : null;
};

/** Three values that read as sc-status sc-substatus sc-win32-status of an HTTP log. */
export function isTriple(a?: string, b?: string, c?: string): boolean {
  const s = parseStatus(a);
  return (
    s !== null &&
    isHttpStatus(s) &&
    parseSubstatus(b) !== null &&
    parseWin32Column(c ?? '') !== null
  );
}

/** HTTP.sys s-reason values (httperr logs). */
export const HTTPERR_REASONS = new Set(
  [
    'AppOffline',
    'AppPoolTimer',
    'AppShutdown',
    'BadRequest',
    'Client_Reset',
    'Connection_Abandoned_By_AppPool',
    'Connection_Abandoned_By_ReqQueue',
    'Connection_Dropped',
    'Connection_Dropped_List_Full',
    'ConnLimit',
    'Connections_Refused',
    'Disabled',
    'EntityTooLarge',
    'FieldLength',
    'Forbidden',
    'Header',
    'Hostname',
    'Internal',
    'Invalid_CR/LF',
    'LengthRequired',
    'N/A',
    'N/I',
    'NotFound',
    'Number',
    'Precondition',
    'QueueFull',
    'RequestLength',
    'ServiceUnavailable',
    'SSL_Not_Allowed',
    'Timer_AppPool',
    'Timer_ConnectionIdle',
    'Timer_EntityBody',
    'Timer_HeaderWait',
    'Timer_MinBytesPerSecond',
    'Timer_ReqQueue',
    'Timer_Response',
    'Timer_SslRenegotiation',
    'URL',
    'URL_Length',
    'Verb',
    'Version_N/S',
  ].map((r) => r.toLowerCase()),
);
export const isHttperrReason = (v: string): boolean => HTTPERR_REASONS.has(v.toLowerCase());
