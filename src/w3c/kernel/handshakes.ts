// The handshake tracker: 401.2 -> [401.1] -> 2xx/3xx per client + URL + user agent, judged by the
// rules of src/w3c/rules.ts (TRANSITIONS and the rest, through shared.ts). Sequences sit in a
// pool of fixed-size records, found by their 52-bit key through an open-addressing index, kept
// in the order of their last leg by a linked list (the order a sweep closes them in).

import { bumpLeg } from './codes';
import { COMPLETED, FAILED, FAILURES, addClient, clientOf } from './clients';
import { alloc, doubled } from './memory';
import {
  ABANDONED,
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
  LEGS_ABANDONED,
  LEGS_COMPLETED,
  LEGS_FAILING_COMPLETED,
  LEGS_NO_ANSWER,
  MAX_LEGS,
  NEGOTIATE,
  NONE,
  NO_ANSWER,
  NTLM,
  OPEN,
  PHASE_COOL,
  PHASE_COUNT,
  REJECTED,
  REOPEN,
  SETTLE,
  SUCCESS,
  TRANSITIONS,
} from './shared';

/** Open sequences at most: past it the oldest is closed as late (a log without times). */
const MAX_OPEN: u32 = 1 << 16;

export let phase: i32 = PHASE_COUNT;

export function setPhase(p: i32): void {
  phase = p;
}

// a sequence record
const Q_KEY: u32 = 0; // f64
const Q_CLIENT: u32 = 8; // f64: the client's key in the client table
const Q_CLIENT_KEY: u32 = 16; // i32: the 30-bit key of "open from this client?"
const Q_OWNED: u32 = 20;
const Q_BROWSER: u32 = 24;
const Q_LAST: u32 = 28;
const Q_CHALLENGES: u32 = 32;
const Q_STATE: u32 = 36; // i32: the rules' state of the sequence (ASKED, ANSWERING, ...)
const Q_LEGS_N: u32 = 44;
const Q_PREV: u32 = 48;
const Q_NEXT: u32 = 52;
const Q_NAME_LEN: u32 = 56; // the client's address: its length, UTF-8 flag and bytes
const Q_NAME_UTF8: u32 = 60;
const Q_HEAP: u32 = 64; // u32: a heap buffer for a long address (kept when the record is reused)
const Q_HEAP_CAP: u32 = 68;
const Q_NAME: u32 = 72; // a short address is kept here
const NAME_ROOM: u32 = 56;
const Q_LEGS: u32 = 128; // u32 x MAX_LEGS: code id, top bit set for a failing leg
const SEQ_BYTES: u32 = 384;
const FAILING_BIT: u32 = 0x80000000;

// the pool (ids from 1; free records chained through Q_NEXT)
let pool: u32 = 0;
let poolCap: i32 = 0;
let poolUsed: i32 = 0;
let free: i32 = 0;
// key -> id
let index: u32 = 0; // (key f64, id i32, pad) = 16 bytes a slot
let indexCap: u32 = 0;
let indexUsed: u32 = 0;
// client key -> open sequences
let byClient: u32 = 0; // (key i32, count i32)
let byClientCap: u32 = 0;
let byClientUsed: u32 = 0;
// the open sequences, oldest leg first
let head: i32 = 0;
let tail: i32 = 0;
let ownedOpen: i32 = 0;
export let sweptAt: f64 = -Infinity;

// the counts (HandshakeState)
export let completed: f64 = 0;
export let ntlm: f64 = 0;
export let negotiate: f64 = 0;
export let failed: f64 = 0;
export let noAnswer: f64 = 0;
export let abandoned: f64 = 0;
export let rejected: f64 = 0;
export let noAnswerBrowser: f64 = 0;
export let noAnswerTool: f64 = 0;

export function trackerReset(): void {
  phase = PHASE_COUNT;
  poolCap = 64;
  pool = alloc(<u32>poolCap * SEQ_BYTES);
  poolUsed = 0;
  free = 0;
  indexCap = 256;
  index = alloc(indexCap << 4);
  indexUsed = 0;
  byClientCap = 256;
  byClient = alloc(byClientCap << 3);
  byClientUsed = 0;
  head = 0;
  tail = 0;
  ownedOpen = 0;
  sweptAt = -Infinity;
  completed = 0;
  ntlm = 0;
  negotiate = 0;
  failed = 0;
  noAnswer = 0;
  abandoned = 0;
  rejected = 0;
  noAnswerBrowser = 0;
  noAnswerTool = 0;
}

function seq(id: i32): u32 {
  return pool + <u32>(id - 1) * SEQ_BYTES;
}

// ---------------------------------------------------------------- key -> id

function keySlot(key: f64): u32 {
  const x = <u64>key;
  return <u32>(x ^ (x >> 23));
}

function findKey(key: f64): i32 {
  const mask = indexCap - 1;
  let i = keySlot(key) & mask;
  for (;;) {
    const at = index + (i << 4);
    const id = load<i32>(at + 8);
    if (id == 0) return 0;
    if (load<f64>(at) == key) return id;
    i = (i + 1) & mask;
  }
  return 0;
}

function putKey(key: f64, id: i32): void {
  if ((indexUsed + 1) * 4 > indexCap * 3) growIndex();
  const mask = indexCap - 1;
  let i = keySlot(key) & mask;
  while (load<i32>(index + (i << 4) + 8) != 0) i = (i + 1) & mask;
  store<f64>(index + (i << 4), key);
  store<i32>(index + (i << 4) + 8, id);
  indexUsed++;
}

function growIndex(): void {
  const old = index;
  const oldCap = indexCap;
  indexCap <<= 1;
  index = alloc(indexCap << 4);
  const mask = indexCap - 1;
  for (let j: u32 = 0; j < oldCap; j++) {
    const id = load<i32>(old + (j << 4) + 8);
    if (id == 0) continue;
    const key = load<f64>(old + (j << 4));
    let i = keySlot(key) & mask;
    while (load<i32>(index + (i << 4) + 8) != 0) i = (i + 1) & mask;
    store<f64>(index + (i << 4), key);
    store<i32>(index + (i << 4) + 8, id);
  }
}

/** Removes a key (backward-shift deletion: no tombstones). */
function dropKey(key: f64): void {
  const mask = indexCap - 1;
  let i = keySlot(key) & mask;
  while (load<f64>(index + (i << 4)) != key || load<i32>(index + (i << 4) + 8) == 0)
    i = (i + 1) & mask;
  let j = i;
  for (;;) {
    j = (j + 1) & mask;
    const id = load<i32>(index + (j << 4) + 8);
    if (id == 0) break;
    const home = keySlot(load<f64>(index + (j << 4))) & mask;
    // the entry at j may move to the hole at i unless its home lies cyclically in (i, j]
    if (i <= j ? home <= i || home > j : home <= i && home > j) {
      store<f64>(index + (i << 4), load<f64>(index + (j << 4)));
      store<i32>(index + (i << 4) + 8, id);
      i = j;
    }
  }
  store<f64>(index + (i << 4), 0);
  store<i32>(index + (i << 4) + 8, 0);
  indexUsed--;
}

// ---------------------------------------------------------------- client key -> open sequences

function clientSlot(key: i32): u32 {
  return <u32>key * 0x9e3779b1;
}

export function hasClient(key: i32): bool {
  const mask = byClientCap - 1;
  let i = (clientSlot(key) >> 8) & mask;
  for (;;) {
    const at = byClient + (i << 3);
    if (load<i32>(at + 4) == 0) return false;
    if (load<i32>(at) == key) return true;
    i = (i + 1) & mask;
  }
  return false;
}

function addOpenClient(key: i32, n: i32): void {
  const mask = byClientCap - 1;
  let i = (clientSlot(key) >> 8) & mask;
  for (;;) {
    const at = byClient + (i << 3);
    const count = load<i32>(at + 4);
    if (count == 0) break;
    if (load<i32>(at) == key) {
      if (count + n > 0) store<i32>(at + 4, count + n);
      else dropClientAt(i);
      return;
    }
    i = (i + 1) & mask;
  }
  // a new client (n is +1 here)
  if ((byClientUsed + 1) * 4 > byClientCap * 3) {
    growByClient();
    addOpenClient(key, n);
    return;
  }
  store<i32>(byClient + (i << 3), key);
  store<i32>(byClient + (i << 3) + 4, n);
  byClientUsed++;
}

function dropClientAt(hole: u32): void {
  const mask = byClientCap - 1;
  let i = hole;
  let j = i;
  for (;;) {
    j = (j + 1) & mask;
    const count = load<i32>(byClient + (j << 3) + 4);
    if (count == 0) break;
    const home = (clientSlot(load<i32>(byClient + (j << 3))) >> 8) & mask;
    if (i <= j ? home <= i || home > j : home <= i && home > j) {
      store<u64>(byClient + (i << 3), load<u64>(byClient + (j << 3)));
      i = j;
    }
  }
  store<u64>(byClient + (i << 3), 0);
  byClientUsed--;
}

function growByClient(): void {
  const old = byClient;
  const oldCap = byClientCap;
  byClientCap <<= 1;
  byClient = alloc(byClientCap << 3);
  const mask = byClientCap - 1;
  for (let j: u32 = 0; j < oldCap; j++) {
    const count = load<i32>(old + (j << 3) + 4);
    if (count == 0) continue;
    const key = load<i32>(old + (j << 3));
    let i = (clientSlot(key) >> 8) & mask;
    while (load<i32>(byClient + (i << 3) + 4) != 0) i = (i + 1) & mask;
    store<i32>(byClient + (i << 3), key);
    store<i32>(byClient + (i << 3) + 4, count);
  }
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

/** The sequences still open that the 'count' phase started. */
export function settled(): bool {
  return ownedOpen == 0;
}

function transition(state: i32, event: i32): i32 {
  return <i32>unchecked(TRANSITIONS[state * EVENTS + event]);
}

function stateOf(id: i32): i32 {
  return id == 0 ? NONE : load<i32>(seq(id) + Q_STATE);
}

/**
 * A 401 leg (`event` CHALLENGE, ANSWER or FAILURE): true when it joins a sequence (the sequence
 * decides later whether it was normal); false when it is a failure on its own. `client`: the
 * client table's key of the address at [s, e).
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
    if (phase == PHASE_COOL) return false;
    if (indexUsed >= MAX_OPEN) closeOn(head, LATE);
    id = newSeq();
    const q = seq(id);
    store<f64>(q + Q_KEY, key);
    store<f64>(q + Q_CLIENT, client);
    store<i32>(q + Q_CLIENT_KEY, clientKey);
    store<i32>(q + Q_OWNED, phase == PHASE_COUNT ? 1 : 0);
    store<i32>(q + Q_BROWSER, browser ? 1 : 0);
    const len = e - s;
    store<i32>(q + Q_NAME_LEN, <i32>len);
    store<i32>(q + Q_NAME_UTF8, utf8);
    memory.copy(len <= NAME_ROOM ? q + Q_NAME : heapName(q, len), s, len);
    if (phase == PHASE_COUNT) ownedOpen++;
    addOpenClient(clientKey, 1);
    putKey(key, id);
  } else unlink(id); // ADD
  const q = seq(id);
  const n = load<i32>(q + Q_LEGS_N);
  store<u32>(
    q + Q_LEGS + ((<u32>n) << 2),
    event == FAILURE ? (<u32>code) | FAILING_BIT : <u32>code,
  );
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
  if (load<i32>(q + Q_OWNED) != 0) {
    ownedOpen--;
    // one normal leg at the end of the input: undecided, counted nowhere
    if (action == COMPLETE) account(q, <i32>unchecked(COMPLETED_AS[state]));
    else if (action != SETTLE || load<i32>(q + Q_LEGS_N) > 1)
      account(q, <i32>unchecked(FAILED_AS[state]));
  }
  store<i32>(q + Q_NEXT, free);
  free = id;
}

/** A sequence of this client's ended as `outcome` (NEGOTIATE, NTLM, NO_ANSWER, ...). */
function account(q: u32, outcome: i32): void {
  const nameAt = load<i32>(q + Q_NAME_LEN) <= <i32>NAME_ROOM ? q + Q_NAME : load<u32>(q + Q_HEAP);
  const client = clientOf(
    load<f64>(q + Q_CLIENT),
    nameAt,
    nameAt + <u32>load<i32>(q + Q_NAME_LEN),
    load<i32>(q + Q_NAME_UTF8),
  );
  const n = load<i32>(q + Q_LEGS_N);
  if (outcome == NEGOTIATE || outcome == NTLM) {
    completed++;
    if (outcome == NTLM) ntlm++;
    else negotiate++;
    const failing = bumpLegs(q, n, false, LEGS_COMPLETED);
    bumpLegs(q, n, true, LEGS_FAILING_COMPLETED);
    if (client != 0) {
      addClient(client, COMPLETED, 1);
      addClient(client, FAILURES, <f64>failing);
    }
    return;
  }
  failed++;
  if (outcome == REJECTED) rejected++;
  else if (outcome == ABANDONED) {
    abandoned++;
    bumpLegs(q, n, false, LEGS_ABANDONED);
  } else if (outcome == NO_ANSWER) {
    noAnswer++;
    bumpLegs(q, n, false, LEGS_NO_ANSWER);
    const challenges = <f64>load<i32>(q + Q_CHALLENGES);
    if (load<i32>(q + Q_BROWSER) != 0) noAnswerBrowser += challenges;
    else noAnswerTool += challenges;
  }
  if (client != 0) {
    addClient(client, FAILED, 1);
    addClient(client, FAILURES, <f64>n);
  }
}

/**
 * The legs of one kind (benign or failing), in the order they came, into leg map `map`; returns
 * how many legs were of the other kind.
 */
function bumpLegs(q: u32, n: i32, failingLegs: bool, map: i32): i32 {
  let other = 0;
  for (let i = 0; i < n; i++) {
    const leg = load<u32>(q + Q_LEGS + ((<u32>i) << 2));
    if (((leg & FAILING_BIT) != 0) == failingLegs) bumpLeg(<i32>(leg & ~FAILING_BIT), map);
    else other++;
  }
  return other;
}
