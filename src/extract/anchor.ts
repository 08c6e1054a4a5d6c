import { parseUint, parseWin32Column } from './http-status.js';
import {
  DATE,
  isIp,
  isMethod,
  isPort,
  isTriple,
  looksLikeUserAgent,
  parseStatus,
  parseSubstatus,
  TIME,
} from './shapes.js';
import type { LogEntry } from './types.js';
import { orNull } from './values.js';

export interface AnchorOptions {
  /** Values the #Fields line puts after sc-win32-status (sc-bytes cs-bytes time-taken = 3). */
  trailingNames?: string[];
  /** FTP logs write sc-win32-status before sc-substatus. */
  ftpOrder?: boolean;
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
  const fields: Record<string, string | null> = {};
  const [subAt, winAt] = options.ftpOrder ? [at + 2, at + 1] : [at + 1, at + 2];
  const statusText = values[at] ?? '';
  fields['sc-status'] = statusText;
  fields['sc-substatus'] = values[subAt] ?? null;
  fields['sc-win32-status'] = values[winAt] ?? null;

  let date: string | null = null;
  let time: string | null = null;
  if (DATE.test(values[0] ?? '')) {
    date = values[0] ?? null;
    if (TIME.test(values[1] ?? '')) time = values[1] ?? null;
  } else if (TIME.test(values[0] ?? '')) time = values[0] ?? null;
  if (date) fields.date = date;
  if (time) fields.time = time;

  let methodAt = -1;
  for (let j = 0; j < at; j++) {
    if (isMethod(values[j] ?? '')) {
      methodAt = j;
      break;
    }
  }
  let uriStem: string | null = null;
  if (methodAt >= 0) {
    fields['cs-method'] = values[methodAt] ?? null;
    const uri = values[methodAt + 1];
    if (methodAt + 1 < at && uri !== undefined && /^[/*]|\//.test(uri)) {
      uriStem = uri;
      fields['cs-uri-stem'] = uri;
    }
  }

  let ipAt = -1;
  if (methodAt >= 0) {
    for (let k = methodAt + 1; k < at; k++) {
      if (isIp(values[k] ?? '')) {
        ipAt = k;
        break;
      }
    }
  } else {
    for (let k = at - 1; k > 0; k--) {
      if (isIp(values[k] ?? '')) {
        ipAt = k;
        break;
      }
    }
  }
  let username: string | null = null;
  if (ipAt >= 0) {
    fields['c-ip'] = values[ipAt] ?? null;
    if (ipAt - 2 > methodAt && isPort(values[ipAt - 2] ?? '')) {
      username = orNull(values[ipAt - 1]);
      fields['cs-username'] = values[ipAt - 1] ?? null;
    }
  }

  let userAgent: string | null = null;
  // Right after c-ip (past cs-version); without an address, the first value shaped like one.
  const from = ipAt >= 0 ? ipAt + 1 : Math.max(methodAt + 2, 0);
  const to = ipAt >= 0 ? Math.min(at, from + 2) : at;
  for (let k = from; k < to; k++) {
    const v = values[k] ?? '';
    if (/^HTTP\/\d/i.test(v)) continue;
    if (looksLikeUserAgent(v) && !/^https?:/i.test(v)) {
      userAgent = v;
      fields['cs(User-Agent)'] = v;
      break;
    }
    if (ipAt >= 0) break;
  }

  const trailing = options.trailingNames;
  if (trailing && trailing.length === values.length - (at + 3)) {
    trailing.forEach((name, k) => (fields[name] = orNull(values[at + 3 + k])));
  }
  for (const key of Object.keys(fields)) if (fields[key] === '-') fields[key] = null;

  return {
    line,
    layout: 'anchored',
    status: parseStatus(statusText),
    substatus: parseSubstatus(values[subAt]),
    win32: parseWin32Column(values[winAt] ?? ''),
    date,
    time,
    clientIp: ipAt >= 0 ? (values[ipAt] ?? null) : null,
    method: methodAt >= 0 ? (values[methodAt] ?? null) : null,
    uriStem,
    username,
    userAgent,
    fields,
    note,
  };
}
