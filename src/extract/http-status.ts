/** Status codes registered for HTTP (RFC 9110 and friends) plus the few IIS-adjacent ones. */
const REGISTERED = [
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304,
  305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415,
  416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 440, 449, 451, 500, 501, 502, 503,
  504, 505, 506, 507, 508, 510, 511,
];
const KNOWN = new Set(REGISTERED);

/** True for a registered HTTP status (IIS's 440/449 included); 443, 999 or 0 are not statuses. */
export const isHttpStatus = (n: number): boolean => KNOWN.has(n);

/** True for the statuses IIS qualifies with a substatus (4xx and 5xx). */
export const isErrorStatus = (n: number): boolean => n >= 400 && n <= 599 && KNOWN.has(n);

/** Unsigned decimal, at most 10 digits, or null. */
export function parseUint(s: string): number | null {
  if (s.length === 0 || s.length > 10) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(s);
}

/** A win32 column value: unsigned decimal, or a negative decimal NTSTATUS (made unsigned). */
export function parseWin32Column(s: string): number | null {
  if (s.startsWith('-') && s.length > 1) {
    const n = parseUint(s.slice(1));
    return n !== null && n > 0 && n <= 0x80000000 ? 0x100000000 - n : null;
  }
  const n = parseUint(s);
  return n !== null && n <= 0xffffffff ? n : null;
}
