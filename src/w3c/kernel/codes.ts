// Code triples: status, substatus, win32 (NOT_LOGGED where not logged), each with its count, its detail
// (the 401/403 lists) and its counts in the handshake tracker's four leg maps. A triple keeps the
// id it got when first seen (creation order, from 1); the open-addressing table grows by
// rehashing, and byId finds a triple's slot from its id.

import { alloc, doubled, LEG_ORDERS, NOT_LOGGED, regrow } from './memory';
import { CODE_COUNT, CODE_LEGS, CODE_LEG_ORDER, CODE_STATUS_F } from './shared';

const K_STATUS: u32 = 0; // i64 x 3: the triple, as compared
const K_STATUS_F: u32 = CODE_STATUS_F; // f64 x 3: the same as numbers for the reader (NaN: not logged)
const K_COUNT: u32 = CODE_COUNT; // f64
const K_ID: u32 = 56; // i32: id (0 = a free slot)
const K_DETAIL: u32 = 60; // i32: detail id + 1 (0 = none)
const K_LEG_ORDER: u32 = CODE_LEG_ORDER; // i32 x 4: when the triple first entered each leg map (order + 1)
const K_LEGS: u32 = CODE_LEGS; // f64 x 4: its counts in the leg maps (LEGS_* of shared.ts)
const CODE_BYTES: u32 = 112;

let table: u32 = 0;
let cap: u32 = 0;
let used: u32 = 0;
let byId: u32 = 0; // u32 slot address per id
let byIdCap: u32 = 0;
// the last triple found (entries come in runs of the same code)
let lastSlot: u32 = 0;
let lastS: i64 = 0;
let lastSub: i64 = 0;
let lastW: i64 = 0;

export function codesReset(): void {
  cap = 256;
  table = alloc(cap * CODE_BYTES);
  used = 0;
  byIdCap = 256;
  byId = alloc(byIdCap << 2);
  lastSlot = 0;
  memory.fill(LEG_ORDERS, 0, 16);
}

function hashOf(s: i64, sub: i64, w: i64): u32 {
  let h = <u64>s * 0x9e3779b97f4a7c15;
  h ^= <u64>sub * 0xc2b2ae3d27d4eb4f;
  h ^= <u64>w * 0x165667b19e3779f9;
  return (<u32>(h >> 32)) ^ (<u32>h);
}

function asNumber(v: i64): f64 {
  return v == NOT_LOGGED ? NaN : <f64>v;
}

/** The slot of a triple, made (with count 0) when new. */
export function codeSlot(s: i64, sub: i64, w: i64): u32 {
  if (lastSlot != 0 && s == lastS && sub == lastSub && w == lastW) return lastSlot;
  const mask = cap - 1;
  let i = hashOf(s, sub, w) & mask;
  for (;;) {
    const at = table + i * CODE_BYTES;
    if (load<i32>(at + K_ID) == 0) {
      if ((used + 1) * 4 > cap * 3) {
        grow();
        return codeSlot(s, sub, w);
      }
      used++;
      store<i64>(at + K_STATUS, s);
      store<i64>(at + K_STATUS + 8, sub);
      store<i64>(at + K_STATUS + 16, w);
      store<f64>(at + K_STATUS_F, asNumber(s));
      store<f64>(at + K_STATUS_F + 8, asNumber(sub));
      store<f64>(at + K_STATUS_F + 16, asNumber(w));
      store<i32>(at + K_ID, used);
      if (used >= byIdCap) {
        byId = doubled(byId, byIdCap << 2);
        byIdCap <<= 1;
      }
      store<u32>(byId + (used << 2), at);
      return remember(at, s, sub, w);
    }
    if (
      load<i64>(at + K_STATUS) == s &&
      load<i64>(at + K_STATUS + 8) == sub &&
      load<i64>(at + K_STATUS + 16) == w
    )
      return remember(at, s, sub, w);
    i = (i + 1) & mask;
  }
  return 0; // not reached: the table always has a free slot
}

function remember(at: u32, s: i64, sub: i64, w: i64): u32 {
  lastSlot = at;
  lastS = s;
  lastSub = sub;
  lastW = w;
  return at;
}

function home(at: u32): u32 {
  return hashOf(
    load<i64>(at + K_STATUS),
    load<i64>(at + K_STATUS + 8),
    load<i64>(at + K_STATUS + 16),
  );
}

function grow(): void {
  table = regrow(table, cap, CODE_BYTES, K_ID, byId, home);
  cap <<= 1;
  lastSlot = 0;
}

export function codeId(slot: u32): i32 {
  return load<i32>(slot + K_ID);
}
export function slotOf(id: i32): u32 {
  return load<u32>(byId + ((<u32>id) << 2));
}
export function countCode(slot: u32): void {
  store<f64>(slot + K_COUNT, load<f64>(slot + K_COUNT) + 1);
}
export function detailOf(slot: u32): i32 {
  return load<i32>(slot + K_DETAIL) - 1;
}
export function setDetail(slot: u32, detail: i32): void {
  store<i32>(slot + K_DETAIL, detail + 1);
}
export function codeValue(slot: u32, i: u32): f64 {
  return load<f64>(slot + K_STATUS_F + (i << 3));
}

/** One more leg of code `id` in leg map `map` (its order kept as a Map's insertion order). */
export function bumpLeg(id: i32, map: i32): void {
  const at = slotOf(id);
  const c = at + K_LEGS + ((<u32>map) << 3);
  if (load<f64>(c) == 0) {
    const o = load<i32>(LEG_ORDERS + ((<u32>map) << 2)) + 1;
    store<i32>(LEG_ORDERS + ((<u32>map) << 2), o);
    store<i32>(at + K_LEG_ORDER + ((<u32>map) << 2), o);
  }
  store<f64>(c, load<f64>(c) + 1);
}

// read by the TypeScript side at the end (src/w3c/tally.ts)
export function codesUsed(): i32 {
  return <i32>used;
}
export function codeAt(id: i32): u32 {
  return slotOf(id);
}
