import {
  COMPLETED_AS,
  COMPLETE,
  END,
  FAIL,
  FAILURE,
  HANDSHAKE_WINDOW_SEC,
  KEEP,
  LATE,
  MAX_LEGS,
  NEGOTIATE,
  NONE,
  OPEN,
  REOPEN,
  REPEAT_MIN,
  SETTLE,
  SUCCESS,
  TRANSITIONS,
  isSuccess,
  legEvent,
} from '../w3c/rules.js';
import { entrySecond } from '../w3c/fields.js';
import type { LogEntry, Sequence } from './types.js';

interface Open {
  state: number;
  legs: number[];
  last: number;
}

/** Client, URL path (cs-uri without its query, as the scan keys it) and user agent. */
const keyOf = (e: LogEntry): string =>
  `${e.clientIp ?? ''}\u0000${(e.uriStem ?? '').replace(/\?.*/, '')}\u0000${e.userAgent ?? ''}`;

/** The value every entry of `idx` shares, else null. */
const shared = <K extends 'uriStem' | 'userAgent'>(
  entries: readonly LogEntry[],
  idx: readonly number[],
  key: K,
): string | null => {
  const v = entries[idx[0] ?? 0]?.[key] ?? null;
  return idx.every((i) => entries[i]?.[key] === v) ? v : null;
};

/**
 * Follows authentication exchanges through log entries by the rules of w3c/rules.ts, as the scan
 * does: per client + URL + user agent, 401.2 [-> 401.1] -> 2xx/3xx within the window is a
 * completed handshake (Kerberos when there is no 401.1 leg); legs that end without a success, or
 * whose last 401.1 was refused, are a failed handshake (one lone normal leg at the end of the
 * text says nothing yet). An entry without a time (w3c/fields.ts entrySecond) follows the one
 * before it. A client with REPEAT_MIN or more failing 401s (any 401 but the normal legs of a
 * completed handshake and that lone last leg: what the scan counts per client) is a repeated
 * failure.
 */
export function findSequences(entries: readonly LogEntry[]): Sequence[] {
  const found: { first: number; seq: Sequence }[] = [];
  /** 1 for a 401 that is no failure: a normal leg of a completed handshake, or undecided. */
  const normal = new Uint8Array(entries.length);
  const open = new Map<string, Open>();
  const make = (kind: Sequence['kind'], idx: number[], user: string | null): Sequence => {
    const e = entries[idx[0] ?? 0];
    return {
      kind,
      client: e?.clientIp ?? null,
      uri: e?.uriStem ?? null,
      userAgent: e?.userAgent ?? null,
      entries: idx,
      user,
    };
  };
  /** Ends the open sequence `key` as `action` says (`success`: the entry that ended it). */
  const close = (key: string, seq: Open, action: number, success?: number): void => {
    open.delete(key);
    if (action === COMPLETE && success !== undefined) {
      const all = [...seq.legs, success];
      const kind =
        COMPLETED_AS[seq.state] === NEGOTIATE ? 'kerberos-complete' : 'handshake-complete';
      found.push({ first: all[0]!, seq: make(kind, all, entries[success]?.username ?? null) });
      for (const i of seq.legs) {
        const e = entries[i]!;
        if (legEvent(e.status, e.substatus, e.win32) !== FAILURE) normal[i] = 1;
      }
    } else if (action === FAIL || (action === SETTLE && seq.legs.length > 1))
      found.push({ first: seq.legs[0]!, seq: make('handshake-failed', seq.legs, null) });
    else if (action === SETTLE) normal[seq.legs[0]!] = 1;
  };
  const on = (key: string, seq: Open, event: number, at?: number): void =>
    close(key, seq, TRANSITIONS[seq.state]![event]![0], at);

  let now = 0;
  let latest = -Infinity;
  entries.forEach((e, i) => {
    now = entrySecond(e.date, e.time) ?? now;
    // time moved on: sequences past the window are late (open is in the order of their last
    // leg), all of them when time went back past it
    const back = now < latest - HANDSHAKE_WINDOW_SEC;
    for (const [key, seq] of open) {
      if (!back && seq.last >= now - HANDSHAKE_WINDOW_SEC) break;
      on(key, seq, LATE);
    }
    latest = back ? now : Math.max(latest, now);
    if (e.status === null) return;
    const key = keyOf(e);
    const seq = open.get(key);
    if (isSuccess(e.status)) {
      if (seq) on(key, seq, SUCCESS, i);
      return;
    }
    const event = legEvent(e.status, e.substatus, e.win32);
    if (event < 0) return;
    const [action, next] = TRANSITIONS[seq?.state ?? NONE]![event]!;
    if (action === KEEP) return;
    if (action === REOPEN && seq) close(key, seq, FAIL);
    const cur: Open =
      action === OPEN || action === REOPEN ? { state: next, legs: [], last: now } : seq!;
    cur.state = next;
    cur.legs.push(i);
    cur.last = now;
    open.delete(key);
    open.set(key, cur);
    if (cur.legs.length >= MAX_LEGS) close(key, cur, FAIL);
  });
  for (const [key, seq] of open) on(key, seq, END);

  const byClient = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (e.status !== 401 || normal[i]) return;
    const list = byClient.get(e.clientIp ?? '');
    if (list) list.push(i);
    else byClient.set(e.clientIp ?? '', [i]);
  });
  for (const idx of byClient.values()) {
    if (idx.length < REPEAT_MIN) continue;
    const seq = make('repeated-failure', idx, null);
    // grouped by client: URL and user agent only when every entry shares them
    seq.uri = shared(entries, idx, 'uriStem');
    seq.userAgent = shared(entries, idx, 'userAgent');
    found.push({ first: idx[0]!, seq });
  }
  return found.sort((a, b) => a.first - b.first).map((f) => f.seq);
}
