import { isHttpStatus, win32Of } from '../w3c/rules.js';

export { isHttpStatus };

/** True for the statuses IIS qualifies with a substatus (4xx and 5xx). */
export const isErrorStatus = (n: number): boolean => n >= 400 && n <= 599 && isHttpStatus(n);

/** Unsigned decimal, at most 10 digits, or null. */
export function parseUint(s: string): number | null {
  if (s.length === 0 || s.length > 10) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(s);
}

/** A win32 column value read as text, by the one rule of w3c/rules.ts win32Of (scan reads it so too). */
export function parseWin32Column(s: string): number | null {
  const signed = s.startsWith('-');
  const n = parseUint(signed ? s.slice(1) : s);
  return n === null || (signed && n === 0) ? null : win32Of(signed ? -n : n);
}
