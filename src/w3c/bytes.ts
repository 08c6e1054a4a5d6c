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

/** Times are whole seconds since 2000-01-01T00:00Z (kernel-abi.ts NO_TIME: none). */
const EPOCH_2000 = 946_684_800;

/** ISO 8601 for seconds since 2000 (UTC, as W3C logs are). */
export const isoSecond = (sec: number): string =>
  new Date((sec + EPOCH_2000) * 1000).toISOString().replace('.000Z', 'Z');

/** ISO 8601 for minutes since 2000, to the minute: `2024-11-01T08:15Z`. */
export const isoMinute = (minute: number): string => `${isoSecond(minute * 60).slice(0, 16)}Z`;
