// Per-client handshake counts (state.ts clientOf): keyed by the 52-bit hash of the client's
// address bytes, made in first-use order up to LIMIT; the reader is told each one's address.

import { alloc, doubled, regrow } from './memory';
import { CLIENTS, CLIENT_COUNTS } from './shared';

declare function clientLabel(id: i32, s: u32, e: u32, utf8: i32): void;

const LIMIT: i32 = CLIENTS;

const K_KEY: u32 = 0; // f64
const K_ID: u32 = 8; // i32, from 1 (0 = a free slot)
const K_COMPLETED: u32 = CLIENT_COUNTS; // f64 x 3: completed, failed, failures
const CLIENT_BYTES: u32 = 40;
export const COMPLETED: u32 = 0;
export const FAILED: u32 = 1;
export const FAILURES: u32 = 2;

let table: u32 = 0;
let cap: u32 = 0;
let used: i32 = 0;
let byId: u32 = 0;
let byIdCap: i32 = 0;

export function clientsReset(): void {
  cap = 1024;
  table = alloc(cap * CLIENT_BYTES);
  used = 0;
  byIdCap = 1024;
  byId = alloc((<u32>byIdCap) << 2);
}

function spread(key: f64): u32 {
  const x = <u64>key;
  return <u32>(x ^ (x >> 31));
}

/**
 * The counts of the client with address hash `key` (its address at [s, e)), made when new and
 * there is room; 0 when there is none.
 */
export function clientOf(key: f64, s: u32, e: u32, utf8: i32): u32 {
  const mask = cap - 1;
  let i = spread(key) & mask;
  for (;;) {
    const at = table + i * CLIENT_BYTES;
    if (load<i32>(at + K_ID) == 0) break;
    if (load<f64>(at + K_KEY) == key) return at;
    i = (i + 1) & mask;
  }
  if (used >= LIMIT) return 0;
  if (<u32>(used + 1) * 4 > cap * 3) {
    grow();
    return clientOf(key, s, e, utf8);
  }
  const at = table + i * CLIENT_BYTES;
  used++;
  store<f64>(at + K_KEY, key);
  store<i32>(at + K_ID, used);
  if (used >= byIdCap) {
    byId = doubled(byId, (<u32>byIdCap) << 2);
    byIdCap <<= 1;
  }
  store<u32>(byId + ((<u32>used) << 2), at);
  clientLabel(used, s, e, utf8);
  return at;
}

function home(at: u32): u32 {
  return spread(load<f64>(at + K_KEY));
}

function grow(): void {
  table = regrow(table, cap, CLIENT_BYTES, K_ID, byId, home);
  cap <<= 1;
}

export function addClient(at: u32, what: u32, n: f64): void {
  const c = at + K_COMPLETED + (what << 3);
  store<f64>(c, load<f64>(c) + n);
}

// read by the TypeScript side at the end (src/w3c/tally.ts)
export function clientsUsed(): i32 {
  return used;
}
export function clientAt(id: i32): u32 {
  return load<u32>(byId + ((<u32>id) << 2));
}
