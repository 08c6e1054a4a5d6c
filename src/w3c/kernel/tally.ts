// What the scan counts of an entry once its values are found: code counts, times, entries per
// minute, the 401/403 lists and the handshake tracker. Entries come from the kernel's own lines
// (scan.ts) and from the reader (lines it read itself), with their values' bounds in BOUNDS and
// which columns exist in the has* flags.

import { codeId, codeSlot, countCode, detailOf, setDetail, codeValue } from './codes';
import { FAILURES, addClient, clientOf } from './clients';
import {
  hasClient as clientOpen,
  leg as trackLeg,
  success as tracked,
  sweep,
  sweptAt,
} from './handshakes';
import { combine, hash30, hash52 } from './hash';
import { DASH, NOT_LOGGED, addCount, alloc, end, start, widen } from './memory';
import {
  ANSWER,
  CHALLENGE,
  C_AGENT,
  C_CLIENT,
  C_URI,
  C_USER,
  DETAIL_CODES,
  D_ANONYMOUS,
  D_COUNT,
  D_FIRST,
  D_HAS_TIME,
  D_LAST,
  D_LISTS,
  D_STATUS,
  FAILURE,
  HAS_AGENT,
  HAS_CLIENT,
  HAS_URI,
  HAS_USER,
  LOGON_FAILURE,
  N_ENTRIES,
  N_FIRST_SEC,
  NO_TIME,
  TOP_CAPACITY,
  T_401,
  T_CODE,
  T_ENTRIES,
  URI_QUERY,
  isBenign401x1,
} from './shared';
import { minutesReset, addToRun, minuteAt } from './minutes';
import { timelineAdd, timelineReset } from './timeline';
export { flushMinutes } from './minutes';
import { bump, newList } from './topk';

declare function spray(cs: u32, ce: u32, us: u32, ue: u32, utf8: i32): void;

const LIMIT_DETAILS: i32 = DETAIL_CODES;

/** Which of the entry's columns exist, and whether its URL carries the query (cs-uri). */
let hasClient: bool = false;
let hasUri: bool = false;
let hasUser: bool = false;
let hasAgent: bool = false;
let uriQuery: bool = false;

/** The entry's columns, as HAS_* and URI_QUERY bits. */
export function setColumns(columns: i32): void {
  hasClient = (columns & HAS_CLIENT) != 0;
  hasUri = (columns & HAS_URI) != 0;
  hasUser = (columns & HAS_USER) != 0;
  hasAgent = (columns & HAS_AGENT) != 0;
  uriQuery = (columns & URI_QUERY) != 0;
}

/** The client table's key of '-' (a layout without c-ip). */
let dashKey: f64 = 0;

// details: the 401/403 codes' lists, in first-seen order (their fields: D_* of shared.ts)
const DETAIL_BYTES: u32 = 80;
let details: u32 = 0;
let nDetails: i32 = 0;

export function tallyReset(): void {
  minutesReset();
  timelineReset();
  trackSec = 0;
  details = alloc(<u32>LIMIT_DETAILS * DETAIL_BYTES);
  nDetails = 0;
  store<u8>(DASH, 0x2d);
  dashKey = hash52(DASH, DASH + 1);
}

/** The time the tracker takes for an entry without one: that of the entry before it. */
let trackSec: i32 = 0;

/** The tracker's sweep, called only when the time differs from the last one swept to. */
function sweepAt(sec: i32): void {
  if (<f64>sec != sweptAt) sweep(sec);
}

/** One entry, its values read: `sec` NO_TIME when it has no time. */
export function entry(status: i64, sub: i64, win32: i64, sec: i32, utf8: i32): void {
  if (sec != NO_TIME) trackSec = sec;
  addCount(N_ENTRIES, 1);
  const slot = codeSlot(status, sub, win32);
  countCode(slot);
  if (sec != NO_TIME) {
    widen(N_FIRST_SEC, <f64>sec);
    addToRun(T_ENTRIES, minuteAt(sec));
    if (status >= 400) timelineAdd(minuteAt(sec), T_CODE + codeId(slot));
  }
  if (status == 401 || status == 403) failure(slot, status, sub, win32, sec, utf8);
  else if (status >= 200 && status < 400) success();
  else if (sec != NO_TIME) sweepAt(sec);
}

/** The event of a 401 leg (rules.ts legEvent), or -1 for any other entry. */
function legEvent(status: i64, sub: i64, win32: i64): i32 {
  if (status != 401) return -1;
  if (sub == 2) return CHALLENGE;
  if (sub != 1) return -1;
  return win32 == NOT_LOGGED || isBenign401x1(win32) ? ANSWER : FAILURE;
}

/** Where the URL path ends: at a '?' of cs-uri, else the value's end. */
function uriEnd(): u32 {
  const s = start(C_URI);
  const e = end(C_URI);
  if (!uriQuery) return e;
  for (let i = s; i < e; i++) if (load<u8>(i) == 0x3f) return i;
  return e;
}

function hashOf(slot: u32, present: bool): f64 {
  return present ? hash52(start(slot), end(slot)) : 0;
}

/** A user agent that starts with 'Mozilla/' is a browser. */
function isBrowser(): bool {
  if (!hasAgent) return false;
  const s = start(C_AGENT);
  return end(C_AGENT) - s >= 8 && load<u64>(s) == 0x2f616c6c697a6f4d; // "Mozilla/"
}

function newDetail(slot: u32): i32 {
  const id = nDetails++;
  const d = details + <u32>id * DETAIL_BYTES;
  for (let i: u32 = 0; i < 3; i++) store<f64>(d + D_STATUS + (i << 3), codeValue(slot, i));
  for (let i: u32 = 0; i < 4; i++) store<i32>(d + D_LISTS + (i << 2), newList(TOP_CAPACITY));
  setDetail(slot, id);
  return id;
}

function failure(slot: u32, status: i64, sub: i64, win32: i64, sec: i32, utf8: i32): void {
  const uEnd = hasUri ? uriEnd() : 0;
  const hClient = hashOf(C_CLIENT, hasClient);
  const hUrl = hasUri ? hash52(start(C_URI), uEnd) : 0;
  const hAgent = hashOf(C_AGENT, hasAgent);
  let id = detailOf(slot);
  if (id < 0 && nDetails < LIMIT_DETAILS) id = newDetail(slot);
  if (id >= 0) {
    const d = details + <u32>id * DETAIL_BYTES;
    store<f64>(d + D_COUNT, load<f64>(d + D_COUNT) + 1);
    if (sec != NO_TIME) {
      if (load<i32>(d + D_HAS_TIME) == 0) {
        store<i32>(d + D_HAS_TIME, 1);
        store<i32>(d + D_FIRST, sec);
        store<i32>(d + D_LAST, sec);
      } else {
        if (sec < load<i32>(d + D_FIRST)) store<i32>(d + D_FIRST, sec);
        if (sec > load<i32>(d + D_LAST)) store<i32>(d + D_LAST, sec);
      }
    }
    if (hasUri) bump(load<i32>(d + D_LISTS), hUrl, start(C_URI), uEnd, utf8);
    if (hasClient) bump(load<i32>(d + D_LISTS + 8), hClient, start(C_CLIENT), end(C_CLIENT), utf8);
    if (hasAgent) bump(load<i32>(d + D_LISTS + 12), hAgent, start(C_AGENT), end(C_AGENT), utf8);
    const us = start(C_USER);
    const ue = end(C_USER);
    if (!hasUser || (ue - us == 1 && load<u8>(us) == 0x2d))
      store<f64>(d + D_ANONYMOUS, load<f64>(d + D_ANONYMOUS) + 1);
    else bump(load<i32>(d + D_LISTS + 4), hash52(us, ue), us, ue, utf8);
  }
  if (status != 401) return;
  if (sec != NO_TIME) addToRun(T_401, minuteAt(sec));
  const cs = clientStart();
  const ce = clientEnd();
  if (sub == 1 && win32 == LOGON_FAILURE)
    spray(cs, ce, hasUser ? start(C_USER) : DASH, hasUser ? end(C_USER) : DASH + 1, utf8);
  const event = legEvent(status, sub, win32);
  const joined = event >= 0 && leg(event, hClient, hUrl, hAgent, codeId(slot), utf8, sec);
  if (!joined) {
    const c = clientOf(hasClient ? hClient : dashKey, cs, ce, utf8);
    if (c != 0) addClient(c, FAILURES, 1);
  }
}

/** The client's address ('-' in a layout without c-ip). */
function clientStart(): u32 {
  return hasClient ? start(C_CLIENT) : DASH;
}
function clientEnd(): u32 {
  return hasClient ? end(C_CLIENT) : DASH + 1;
}

/**
 * A 401 leg (code id `code`) to the handshake tracker, its client, URL and user agent hashed as
 * given, at the entry's time (or the one before it): true when it joins a sequence.
 */
function leg(
  event: i32,
  hClient: f64,
  hUrl: f64,
  hAgent: f64,
  code: i32,
  utf8: i32,
  own: i32,
): bool {
  const cs = clientStart();
  const ce = clientEnd();
  const key = combine(hClient, hUrl, hAgent);
  const clientKey = hasClient ? hash30(cs, ce) : 0;
  const client = hasClient ? hClient : dashKey;
  return trackLeg(event, key, clientKey, client, cs, ce, utf8, code, trackSec, own, isBrowser());
}

/** A 2xx/3xx entry: ends an open sequence from the same client, URL and user agent. */
function success(): void {
  sweepAt(trackSec);
  if (!clientOpen(hasClient ? hash30(start(C_CLIENT), end(C_CLIENT)) : 0)) return;
  const hUrl = hasUri ? hash52(start(C_URI), uriEnd()) : 0;
  tracked(combine(hashOf(C_CLIENT, hasClient), hUrl, hashOf(C_AGENT, hasAgent)), trackSec);
}

// read by the TypeScript side at the end (src/w3c/tally.ts)
export function detailCount(): i32 {
  return nDetails;
}
export function detailAt(id: i32): u32 {
  return details + <u32>id * DETAIL_BYTES;
}
