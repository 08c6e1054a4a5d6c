/** Byte-level helpers for the hot path: no strings are made here. */

/** What `readNumber` gives for a value that is present but not a number ("garbage", "1.5"). */
export const NOT_A_NUMBER = -Infinity;

/**
 * The integer in b[s, e): '-' (or nothing) gives NaN (not logged), a non-number gives
 * NOT_A_NUMBER. A leading '-' is allowed: some logs carry NTSTATUS values as negative decimals.
 */
export function readNumber(b: Uint8Array, s: number, e: number): number {
  if (s >= e) return NaN;
  let i = s;
  let neg = false;
  if (b[i] === 45) {
    if (e - s === 1) return NaN;
    neg = true;
    i++;
  }
  if (e - i > 15) return NOT_A_NUMBER;
  let v = 0;
  for (; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return NOT_A_NUMBER;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** The number of `n` digits at b[s, s+n), or -1 when one is not a digit. */
function digits(b: Uint8Array, s: number, n: number): number {
  let v = 0;
  for (let i = s; i < s + n; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Times are whole seconds since 2000-01-01T00:00Z: small integers (V8 keeps them unboxed) for
 * logs from 1966 to 2034. NO_TIME marks an entry whose time could not be read.
 */
export const EPOCH_2000 = 946_684_800;
export const NO_TIME = -0x3fffffff;

/** 'YYYY-MM-DD' as yyyymmdd (an int), or -1. */
export function readDateKey(b: Uint8Array, s: number, e: number): number {
  if (e - s !== 10 || b[s + 4] !== 45 || b[s + 7] !== 45) return -1;
  const y = digits(b, s, 4);
  const m = digits(b, s + 5, 2);
  const d = digits(b, s + 8, 2);
  if (!(y >= 1966 && y <= 2033 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return -1;
  return y * 10000 + m * 100 + d;
}

/** Days since 2000-01-01 for a yyyymmdd key. */
export const dayOf = (key: number): number =>
  (Date.UTC(Math.floor(key / 10000), (Math.floor(key / 100) % 100) - 1, key % 100) / 1000 -
    EPOCH_2000) /
  86400;

/** 'HH:MM:SS' (optionally '.fff') as seconds of the day, or -1. */
export function readTimeOfDay(b: Uint8Array, s: number, e: number): number {
  if (e - s < 8 || b[s + 2] !== 58 || b[s + 5] !== 58) return -1;
  const h = digits(b, s, 2);
  const m = digits(b, s + 3, 2);
  const sec = digits(b, s + 6, 2);
  if (!(h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 60)) return -1;
  return h * 3600 + m * 60 + sec;
}

/** True when b[s, e) looks like an IPv4 or IPv6 address (used to tell IIS 7 from IIS 6 lines). */
export function looksLikeIp(b: Uint8Array, s: number, e: number): boolean {
  let separators = 0;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c === 46 || c === 58) separators++;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return separators >= 2;
}

/** ISO 8601 for seconds since 2000 (UTC, as W3C logs are). */
export const isoSecond = (sec: number): string =>
  new Date((sec + EPOCH_2000) * 1000).toISOString().replace('.000Z', 'Z');
