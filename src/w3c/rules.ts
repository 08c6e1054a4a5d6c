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

/** Legs of one challenge sequence sit within this many seconds of each other (iis-facts 6.2). */
export const HANDSHAKE_WINDOW_SEC = 5;
