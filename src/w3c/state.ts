import { CLIENTS, DETAIL_CODES, HANDSHAKE_COUNTS } from './kernel-abi.js';
import { mergeTop, type TopList } from './top-list.js';
import type { CodeCount, ScanInput } from './types.js';

/** Bounds that keep a scan's memory constant whatever the input (with the kernel's own). */
const LIMITS = {
  detailCodes: DETAIL_CODES,
  clients: CLIENTS,
  sprayClients: 20_000,
  sprayUsers: 64,
  minutes: 600_000,
  reasons: 200,
} as const;

export interface DetailState {
  status: number;
  substatus: number | null;
  win32: number | null;
  count: number;
  firstSec: number;
  lastSec: number;
  anonymous: number;
  urls: TopList;
  users: TopList;
  clients: TopList;
  userAgents: TopList;
}

/** The sequence counts (HANDSHAKE_COUNTS), and the legs behind them. */
export interface HandshakeState extends Record<(typeof HANDSHAKE_COUNTS)[number], number> {
  /** Legs of completed sequences that carried benign codes, by code key ("401 2 5"). */
  legs: Map<string, number>;
  /** 401.2 answers of sequences the client never answered, by code key. */
  noAnswerLegs: Map<string, number>;
  /** 401.1 challenge legs of sequences that stopped there, by code key. */
  abandonedLegs: Map<string, number>;
  /** Failing 401.1 legs (e.g. SEC_E_INVALID_TOKEN) inside sequences that still succeeded. */
  failingLegsCompleted: Map<string, number>;
}

export interface ClientState {
  completed: number;
  failed: number;
  /** 401 entries from this client that were not legs of a successful handshake. */
  failures: number;
}

/** Everything a scan counts, of one input or of several read one after another. */
export interface ScanState {
  inputs: ScanInput[];
  lines: number;
  entries: number;
  skipped: number;
  directives: number;
  skippedReasons: Map<string, number>;
  notes: Map<string, number>;
  codes: Map<string, CodeCount>;
  /** Epoch seconds of the earliest and latest entry; NaN when no entry had a time. */
  firstSec: number;
  lastSec: number;
  /** Entries per epoch minute, all and 401 only. */
  minutes: Map<number, number>;
  minutes401: Map<number, number>;
  /**
   * Per minute, what the timeline counts (timeline.ts): handshake legs by the diagnosis their
   * sequence's end gives them (kernel-tables.ts LEG_CLASSES) and entries with an error status
   * by code key; `timelineLost` counts those past the kernel's bound.
   */
  timeline: Map<number, Map<string, number>>;
  timelineLost: number;
  details: Map<string, DetailState>;
  handshakes: HandshakeState;
  clients: Map<string, ClientState>;
  /** 401.1 with 1326 per client, with the user names tried (capped). */
  sprays: Map<string, { count: number; users: Set<string> }>;
}

export const codeKey = (s: number | null, ss: number | null, w: number | null): string =>
  `${s ?? '-'} ${ss ?? '-'} ${w ?? '-'}`;

/** The code triple of a codeKey (a status not logged reads as 0). */
export function codeOfKey(key: string): {
  status: number;
  substatus: number | null;
  win32: number | null;
} {
  const [s, ss, w] = key.split(' ').map((v) => (v === '-' ? null : Number(v)));
  return { status: s ?? 0, substatus: ss ?? null, win32: w ?? null };
}

export function createState(): ScanState {
  return {
    inputs: [],
    lines: 0,
    entries: 0,
    skipped: 0,
    directives: 0,
    skippedReasons: new Map(),
    notes: new Map(),
    codes: new Map(),
    firstSec: NaN,
    lastSec: NaN,
    minutes: new Map(),
    minutes401: new Map(),
    timeline: new Map(),
    timelineLost: 0,
    details: new Map(),
    handshakes: {
      ...(Object.fromEntries(HANDSHAKE_COUNTS.map((k) => [k, 0])) as Record<
        (typeof HANDSHAKE_COUNTS)[number],
        number
      >),
      legs: new Map(),
      noAnswerLegs: new Map(),
      abandonedLegs: new Map(),
      failingLegsCompleted: new Map(),
    },
    clients: new Map(),
    sprays: new Map(),
  };
}

export function bump<K>(map: Map<K, number>, key: K, n = 1): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** Counts a reason without letting a flood of distinct reasons grow the map. */
export function bumpReason(map: Map<string, number>, reason: string, n = 1): void {
  if (map.has(reason) || map.size < LIMITS.reasons) bump(map, reason, n);
  else bump(map, 'other reasons', n);
}

/** `count` entries in `minute`, into the capped minutes map (a minute past the cap is dropped). */
export function bumpMinute(state: ScanState, minute: number, count: number): void {
  const m = state.minutes;
  if (m.has(minute) || m.size < LIMITS.minutes) bump(m, minute, count);
}

/** `count` of `key` in `minute`, into the timeline (capped at as many minutes as `minutes`). */
export function bumpTimeline(state: ScanState, minute: number, key: string, count: number): void {
  let m = state.timeline.get(minute);
  if (m === undefined) {
    if (state.timeline.size >= LIMITS.minutes) {
      state.timelineLost += count;
      return;
    }
    m = new Map();
    state.timeline.set(minute, m);
  }
  bump(m, key, count);
}

/** A 401.1 with win32 1326 from `client` for `user`: the material of a password spray. */
export function addSpray(state: ScanState, client: string, user: string): void {
  let sp = state.sprays.get(client);
  if (sp === undefined) {
    if (state.sprays.size >= LIMITS.sprayClients) return;
    sp = { count: 0, users: new Set() };
    state.sprays.set(client, sp);
  }
  sp.count++;
  if (sp.users.size < LIMITS.sprayUsers) sp.users.add(user.toLowerCase());
}

export function clientOf(state: ScanState, client: string): ClientState | undefined {
  let c = state.clients.get(client);
  if (c === undefined && state.clients.size < LIMITS.clients) {
    c = { completed: 0, failed: 0, failures: 0 };
    state.clients.set(client, c);
  }
  return c;
}

/** The earlier and the later of two times (NaN: none). */
export const minOf = (a: number, b: number): number => (Number.isNaN(a) ? b : b < a ? b : a);
export const maxOf = (a: number, b: number): number => (Number.isNaN(a) ? b : b > a ? b : a);

/** A code's details from one input into the state's (several inputs scanned one after another). */
export function addDetail(state: ScanState, key: string, d: DetailState): void {
  const mine = state.details.get(key);
  if (!mine) {
    if (state.details.size < LIMITS.detailCodes) state.details.set(key, d);
    return;
  }
  mine.count += d.count;
  mine.anonymous += d.anonymous;
  mine.firstSec = minOf(mine.firstSec, d.firstSec);
  mine.lastSec = maxOf(mine.lastSec, d.lastSec);
  mergeTop(mine.urls, d.urls);
  mergeTop(mine.users, d.users);
  mergeTop(mine.clients, d.clients);
  mergeTop(mine.userAgents, d.userAgents);
}
