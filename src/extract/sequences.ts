import type { ReferenceData } from '../knowledge/schema.js';
import type { LogEntry, Sequence } from './types.js';
import { win32Index } from './win32.js';

/** Legs of one handshake sit within this many seconds of each other. */
export const LEG_GAP_SECONDS = 60;
/** A failing triple seen this often from one client, outside completed handshakes, repeats. */
export const REPEAT_MIN = 3;

const TIME_OF_DAY = /^(\d{1,2}):(\d{2}):(\d{2})/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Seconds since 1970 of an entry's date and time; consecutive lines share a date, so the last one is kept. */
function clock(): (e: LogEntry) => number | null {
  let lastDate = '';
  let lastDay = 0;
  return (e) => {
    if (!e.time) return null;
    const m = TIME_OF_DAY.exec(e.time);
    if (!m) return null;
    let s = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
    if (e.date) {
      // consecutive lines share their date: remember the last one
      if (e.date !== lastDate) {
        const d = DAY.exec(e.date);
        lastDate = e.date;
        lastDay = d ? Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])) / 1000 : 0;
      }
      s += lastDay;
    }
    return s;
  };
}

const isLeg = (e: LogEntry) => e.status === 401 && (e.substatus === 1 || e.substatus === 2);
const isSuccess = (e: LogEntry) => e.status !== null && e.status >= 200 && e.status < 400;

/** A win32 value that is a real failure on a 401.1 (not 0, 5 or SEC_E_NO_CREDENTIALS). */
function isFailingWin32(value: number | null, reference: ReferenceData): boolean {
  if (value === null) return false;
  const info = win32Index(reference).byValue.get(value);
  if (info) return !info.benign;
  return value !== 0 && value !== 5;
}

const keyOf = (e: LogEntry, withUri: boolean): string =>
  `${e.clientIp ?? ''}\u0000${withUri ? (e.uriStem ?? '').toLowerCase() : ''}\u0000${e.userAgent ?? ''}`;

/**
 * Groups log entries by client + URL (+ user agent) and classifies authentication exchanges:
 * 401.2 (-> 401.1) -> 2xx/3xx within seconds is a completed handshake (Kerberos when there is no
 * 401.1 leg); legs that never reach a success, or whose last 401.1 carries a failing win32, are a
 * failed handshake; the same failing triple three or more times from one client (outside completed
 * handshakes) is a repeated failure. Entries without a client address group by URL and order.
 */
export function findSequences(entries: readonly LogEntry[], reference: ReferenceData): Sequence[] {
  const groups = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (e.status === null) return;
    const key = keyOf(e, true);
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });

  const secs = new Float64Array(entries.length);
  const seconds = clock();
  entries.forEach((e, i) => (secs[i] = seconds(e) ?? Number.NaN));
  const found: { first: number; seq: Sequence }[] = [];
  const inHandshake = new Uint8Array(entries.length);
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

  for (const idx of groups.values()) {
    let run: number[] = [];
    const close = (successAt?: number) => {
      if (run.length === 0) return;
      const legs = run.map((i) => entries[i]).filter((e): e is LogEntry => e !== undefined);
      const last401x1 = [...legs].reverse().find((e) => e.substatus === 1);
      if (successAt !== undefined) {
        const ok = entries[successAt];
        const all = [...run, successAt];
        const kind = legs.some((e) => e.substatus === 1)
          ? 'handshake-complete'
          : 'kerberos-complete';
        found.push({ first: run[0] ?? successAt, seq: make(kind, all, ok?.username ?? null) });
        for (const i of all) inHandshake[i] = 1;
      } else {
        const failing = last401x1 ? isFailingWin32(last401x1.win32, reference) : false;
        // One lone challenge leg says nothing yet: the paste may simply end there.
        if (failing || legs.length >= 2)
          found.push({ first: run[0] ?? 0, seq: make('handshake-failed', [...run], null) });
      }
      run = [];
    };
    for (const i of idx) {
      const e = entries[i];
      if (!e) continue;
      const prevAt = run[run.length - 1];
      const prev = prevAt === undefined ? undefined : entries[prevAt];
      // NaN (no time logged) never counts as late
      const late = prevAt !== undefined && (secs[i] ?? 0) - (secs[prevAt] ?? 0) > LEG_GAP_SECONDS;
      if (late) close();
      if (isLeg(e)) {
        // a 401.2 after a 401.1 starts a new exchange
        if (e.substatus === 2 && prev?.substatus === 1) close();
        run.push(i);
      } else if (isSuccess(e) && run.length > 0) {
        const lastLeg = entries[run[run.length - 1] ?? -1];
        const failed = lastLeg?.substatus === 1 && isFailingWin32(lastLeg.win32, reference);
        if (failed) {
          close();
        } else close(i);
      } else close();
    }
    close();
  }

  // Repeated failures: same failing triple from one client, not part of a completed handshake.
  const repeats = new Map<string, number[]>();
  entries.forEach((e, i) => {
    if (e.status === null || e.status < 400 || inHandshake[i]) return;
    const key = `${keyOf(e, false)}\u0000${e.status}.${e.substatus ?? ''}.${e.win32 ?? ''}`;
    const list = repeats.get(key);
    if (list) list.push(i);
    else repeats.set(key, [i]);
  });
  for (const idx of repeats.values()) {
    if (idx.length < REPEAT_MIN) continue;
    const e = entries[idx[0] ?? 0];
    const seq = make('repeated-failure', idx, null);
    // grouped by client, not URL: keep the URL only when every entry shares it
    const uri = e?.uriStem ?? null;
    seq.uri = idx.every((i) => entries[i]?.uriStem === uri) ? uri : null;
    found.push({ first: idx[0] ?? 0, seq });
  }
  return found.sort((a, b) => a.first - b.first).map((f) => f.seq);
}
