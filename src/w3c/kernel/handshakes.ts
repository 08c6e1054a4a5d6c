// The handshake tracker: 401.2 -> [401.1] -> 2xx/3xx per client + URL + user agent, judged by the
// rules of src/w3c/rules.ts (TRANSITIONS and the rest, through shared.ts). Sequences sit in a
// pool of fixed-size records, found by their 52-bit key through an open-addressing index, kept
// in the order of their last leg by a linked list (the order a sweep closes them in).

import { alloc, doubled } from './memory';
import { account } from './outcomes';
import {
  FAILING_BIT,
  NAME_ROOM,
  Q_BROWSER,
  Q_CHALLENGES,
  Q_CLIENT,
  Q_CLIENT_KEY,
  Q_HEAP,
  Q_HEAP_CAP,
  Q_KEY,
  Q_LAST,
  Q_LEGS,
  Q_LEGS_N,
  Q_LEG_SECS,
  Q_NAME,
  Q_NAME_LEN,
  Q_NAME_UTF8,
  Q_NEXT,
  Q_PREV,
  Q_STATE,
  SEQ_BYTES,
} from './seq-record';
import { addOpenClient, dropKey, findKey, openCount, openKeysReset, putKey } from './open-keys';
export { hasClient } from './open-keys';
import {
  CHALLENGE,
  COMPLETE,
  COMPLETED_AS,
  END,
  EVENTS,
  FAIL,
  FAILED_AS,
  FAILURE,
  HANDSHAKE_WINDOW_SEC,
  KEEP,
  LATE,
  MAX_LEGS,
  NONE,
  OPEN,
  REOPEN,
  SETTLE,
  SUCCESS,
  TRANSITIONS,
} from './shared';

/** Open sequences at most: past it the oldest is closed as late (a log without times). */
const MAX_OPEN: u32 = 1 << 16;

// the pool (ids from 1; free records chained through Q_NEXT)
let pool: u32 = 0;
let poolCap: i32 = 0;
let poolUsed: i32 = 0;
let free: i32 = 0;
// the open sequences, oldest leg first
let head: i32 = 0;
let tail: i32 = 0;
export let sweptAt: f64 = -Infinity;

export function trackerReset(): void {
  poolCap = 64;
  pool = alloc(<u32>poolCap * SEQ_BYTES);
  poolUsed = 0;
  free = 0;
  openKeysReset();
  head = 0;
  tail = 0;
  sweptAt = -Infinity;
}

function seq(id: i32): u32 {
  return pool + <u32>(id - 1) * SEQ_BYTES;
}

// ---------------------------------------------------------------- the open list

function unlink(id: i32): void {
  const q = seq(id);
  const prev = load<i32>(q + Q_PREV);
  const next = load<i32>(q + Q_NEXT);
  if (prev != 0) store<i32>(seq(prev) + Q_NEXT, next);
  else head = next;
  if (next != 0) store<i32>(seq(next) + Q_PREV, prev);
  else tail = prev;
}

function append(id: i32): void {
  const q = seq(id);
  store<i32>(q + Q_PREV, tail);
  store<i32>(q + Q_NEXT, 0);
  if (tail != 0) store<i32>(seq(tail) + Q_NEXT, id);
  else head = id;
  tail = id;
}

function newSeq(): i32 {
  if (free != 0) {
    const id = free;
    free = load<i32>(seq(id) + Q_NEXT);
    memory.fill(seq(id), 0, Q_HEAP);
    return id;
  }
  if (poolUsed == poolCap) {
    pool = doubled(pool, <u32>poolCap * SEQ_BYTES);
    poolCap *= 2;
  }
  return ++poolUsed;
}

/** The record's buffer for a long address, made (or made bigger) for `len` bytes. */
function heapName(q: u32, len: u32): u32 {
  if (load<u32>(q + Q_HEAP_CAP) < len) {
    store<u32>(q + Q_HEAP, alloc(len));
    store<u32>(q + Q_HEAP_CAP, len);
  }
  return load<u32>(q + Q_HEAP);
}

// ---------------------------------------------------------------- the tracker

function transition(state: i32, event: i32): i32 {
  return <i32>unchecked(TRANSITIONS[state * EVENTS + event]);
}

function stateOf(id: i32): i32 {
  return id == 0 ? NONE : load<i32>(seq(id) + Q_STATE);
}

/**
 * A 401 leg (`event` CHALLENGE, ANSWER or FAILURE): true when it joins a sequence (the sequence
 * decides later whether it was normal); false when it is a failure on its own. `client`: the
 * client table's key of the address at [s, e). `sec` is the tracker's time (the entry's, or the
 * one before it), `own` the entry's own (NO_TIME when it had none: the timeline leaves it out).
 */
export function leg(
  event: i32,
  key: f64,
  clientKey: i32,
  client: f64,
  s: u32,
  e: u32,
  utf8: i32,
  code: i32,
  sec: i32,
  own: i32,
  browser: bool,
): bool {
  sweep(sec);
  let id = current(key, sec);
  const t = transition(stateOf(id), event);
  const action = t >> 4;
  if (action == KEEP) return false;
  if (action == REOPEN) {
    close(id, FAIL);
    id = 0;
  }
  if (action == OPEN || action == REOPEN) {
    if (openCount() >= MAX_OPEN) closeOn(head, LATE);
    id = newSeq();
    const q = seq(id);
    store<f64>(q + Q_KEY, key);
    store<f64>(q + Q_CLIENT, client);
    store<i32>(q + Q_CLIENT_KEY, clientKey);
    store<i32>(q + Q_BROWSER, browser ? 1 : 0);
    const len = e - s;
    store<i32>(q + Q_NAME_LEN, <i32>len);
    store<i32>(q + Q_NAME_UTF8, utf8);
    memory.copy(len <= NAME_ROOM ? q + Q_NAME : heapName(q, len), s, len);
    addOpenClient(clientKey, 1);
    putKey(key, id);
  } else unlink(id); // ADD
  const q = seq(id);
  const n = load<i32>(q + Q_LEGS_N);
  store<u32>(
    q + Q_LEGS + ((<u32>n) << 2),
    event == FAILURE ? (<u32>code) | FAILING_BIT : <u32>code,
  );
  store<i32>(q + Q_LEG_SECS + ((<u32>n) << 2), own);
  if (event == CHALLENGE) store<i32>(q + Q_CHALLENGES, load<i32>(q + Q_CHALLENGES) + 1);
  store<i32>(q + Q_LEGS_N, n + 1);
  store<i32>(q + Q_STATE, t & 15);
  store<i32>(q + Q_LAST, sec);
  append(id);
  if (n + 1 >= MAX_LEGS) close(id, FAIL);
  return true;
}

/** A 2xx/3xx entry: ends the open sequence with the same key, if any, as the rules say. */
export function success(key: f64, sec: i32): void {
  sweep(sec);
  const id = current(key, sec);
  if (id != 0) closeOn(id, SUCCESS);
}

/** The open sequence with this key, closing it first if its last leg is out of the window. */
function current(key: f64, sec: i32): i32 {
  const id = findKey(key);
  if (id == 0) return 0;
  const last = load<i32>(seq(id) + Q_LAST);
  if (abs<i64>(<i64>sec - last) <= HANDSHAKE_WINDOW_SEC) return id;
  closeOn(id, LATE);
  return 0;
}

/**
 * Closes, as late, every sequence whose last leg is more than the window before `sec`; when
 * time jumps back by more than the window (logs of several days or servers joined together),
 * every open sequence: none can be answered any more.
 */
export function sweep(sec: i32): void {
  const s = <f64>sec;
  if (s < sweptAt - <f64>HANDSHAKE_WINDOW_SEC) {
    sweptAt = s;
    closeAll(LATE);
    return;
  }
  if (!(s > sweptAt)) return;
  sweptAt = s;
  const limit = sec - HANDSHAKE_WINDOW_SEC;
  let id = head;
  while (id != 0) {
    const next = load<i32>(seq(id) + Q_NEXT);
    if (load<i32>(seq(id) + Q_LAST) >= limit) break;
    closeOn(id, LATE);
    id = next;
  }
}

/** End of input: the sequences still open are judged as the rules say at END. */
export function finish(): void {
  closeAll(END);
}

function closeAll(event: i32): void {
  let id = head;
  while (id != 0) {
    const next = load<i32>(seq(id) + Q_NEXT);
    closeOn(id, event);
    id = next;
  }
}

/** Closes sequence `id` as the rules say for `event` (LATE, END, SUCCESS). */
function closeOn(id: i32, event: i32): void {
  close(id, transition(stateOf(id), event) >> 4);
}

/** Closes sequence `id` with an action (COMPLETE, FAIL, SETTLE). */
function close(id: i32, action: i32): void {
  const q = seq(id);
  const state = load<i32>(q + Q_STATE);
  dropKey(load<f64>(q + Q_KEY));
  unlink(id);
  addOpenClient(load<i32>(q + Q_CLIENT_KEY), -1);
  // one normal leg at the end of the input: undecided, counted nowhere
  if (action == COMPLETE) account(q, <i32>unchecked(COMPLETED_AS[state]));
  else if (action != SETTLE || load<i32>(q + Q_LEGS_N) > 1)
    account(q, <i32>unchecked(FAILED_AS[state]));
  store<i32>(q + Q_NEXT, free);
  free = id;
}
