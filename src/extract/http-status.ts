import { isHttpStatus } from '../w3c/rules.js';

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

/** A win32 column value: unsigned decimal, or a negative decimal NTSTATUS (made unsigned). */
export function parseWin32Column(s: string): number | null {
  if (s.startsWith('-') && s.length > 1) {
    const n = parseUint(s.slice(1));
    return n !== null && n > 0 && n <= 0x80000000 ? 0x100000000 - n : null;
  }
  const n = parseUint(s);
  return n !== null && n <= 0xffffffff ? n : null;
}
