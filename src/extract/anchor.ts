import { columnsFor } from '../w3c/columns.js';
import { STATUS, SUBSTATUS, WIN32 } from '../w3c/fields.js';
import { parseUint } from './http-status.js';
import { DATE, isIp, isMethod, isPort, isTriple, looksLikeUserAgent, TIME } from './shapes.js';
import type { LogEntry } from './types.js';
import { mappedEntry } from './values.js';

export interface AnchorOptions {
  /** Values the #Fields line puts after sc-win32-status (sc-bytes cs-bytes time-taken = 3). */
  trailingNames?: string[];
  /** FTP logs write sc-win32-status before sc-substatus. */
  ftpOrder?: boolean;
  /** The names of the three anchored values (HTTP.sys error logs: sc-status s-siteid s-reason). */
  triple?: readonly [string, string, string];
}

const isNumberOrDash = (v: string): boolean => v === '-' || parseUint(v) !== null;

/**
 * Finds the value index where sc-status sc-substatus sc-win32-status sit: a run of three integers
 * whose first is an HTTP status. With several candidates, prefers the one followed by as many
 * values as the #Fields line puts after the triple, then one followed only by numbers (sc-bytes,
 * cs-bytes, time-taken), then the rightmost.
 */
export function findTriple(values: readonly string[], options: AnchorOptions = {}): number {
  const expected = options.trailingNames?.length;
  let best = -1;
  let bestScore = -1;
  // suffix flag: are all values from k on numbers or '-'?
  let numericFrom = values.length;
  while (numericFrom > 0 && isNumberOrDash(values[numericFrom - 1] ?? '')) numericFrom--;
  for (let i = 0; i + 2 < values.length; i++) {
    const ok = options.ftpOrder
      ? isTriple(values[i], values[i + 2], values[i + 1])
      : isTriple(values[i], values[i + 1], values[i + 2]);
    if (!ok) continue;
    const trailing = values.length - (i + 3);
    let score = 0;
    if (expected !== undefined && trailing === expected) score += 4;
    if (i + 3 >= numericFrom) score += 2;
    if (trailing === 0 || trailing === 1 || trailing === 3) score += 1;
    if (score >= bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}

/** Builds an entry around the triple at `at`, placing the other columns by their shape only. */
export function anchoredEntry(
  values: readonly string[],
  at: number,
  line: number,
  note: string,
  options: AnchorOptions = {},
): LogEntry {
  const names = values.map(() => '');
  const [subAt, winAt] = options.ftpOrder ? [at + 2, at + 1] : [at + 1, at + 2];
  [names[at], names[subAt], names[winAt]] = options.triple ?? [STATUS, SUBSTATUS, WIN32];
  const v = (k: number): string => values[k] ?? '';
  if (DATE.test(v(0))) {
    names[0] = 'date';
    if (TIME.test(v(1))) names[1] = 'time';
  } else if (TIME.test(v(0))) names[0] = 'time';

  const methodAt = values.findIndex((x, k) => k < at && isMethod(x));
  if (methodAt >= 0) {
    names[methodAt] = 'cs-method';
    if (methodAt + 1 < at && /^[/*]|\//.test(v(methodAt + 1))) names[methodAt + 1] = 'cs-uri-stem';
  }
  // The address after the method; without one, the last before the status columns.
  const ipAt =
    methodAt >= 0
      ? values.findIndex((x, k) => k > methodAt && k < at && isIp(x))
      : values.findLastIndex((x, k) => k > 0 && k < at && isIp(x));
  if (ipAt >= 0) {
    names[ipAt] = 'c-ip';
    if (ipAt - 2 > methodAt && isPort(v(ipAt - 2))) names[ipAt - 1] = 'cs-username';
  }
  // Right after c-ip (past cs-version); without an address, the first value shaped like one.
  const from = ipAt >= 0 ? ipAt + 1 : Math.max(methodAt + 2, 0);
  const to = ipAt >= 0 ? Math.min(at, from + 2) : at;
  for (let k = from; k < to; k++) {
    if (/^HTTP\/\d/i.test(v(k))) continue;
    if (looksLikeUserAgent(v(k)) && !/^https?:/i.test(v(k))) {
      names[k] = 'cs(User-Agent)';
      break;
    }
    if (ipAt >= 0) break;
  }

  const trailing = options.trailingNames;
  if (trailing && trailing.length === values.length - (at + 3))
    trailing.forEach((name, k) => (names[at + 3 + k] = name));
  return mappedEntry(values, names, columnsFor(names, 'fields'), line, 'anchored', note);
}
