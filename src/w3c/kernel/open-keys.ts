// The tracker's two open-addressing tables: the open sequences by their 52-bit key (-> record id),
// and how many are open per client (by the 30-bit key of its address). Both delete by backward
// shift (no tombstones).

import { alloc, regrow } from './memory';

// key -> id
let index: u32 = 0; // (key f64, id i32, pad) = 16 bytes a slot
let indexCap: u32 = 0;
let indexUsed: u32 = 0;
// client key -> open sequences
let byClient: u32 = 0; // (key i32, count i32)
let byClientCap: u32 = 0;
let byClientUsed: u32 = 0;

export function openKeysReset(): void {
  indexCap = 256;
  index = alloc(indexCap << 4);
  indexUsed = 0;
  byClientCap = 256;
  byClient = alloc(byClientCap << 3);
  byClientUsed = 0;
}

/** Sequences open now. */
export function openCount(): u32 {
  return indexUsed;
}

// ---------------------------------------------------------------- key -> id

function keySlot(key: f64): u32 {
  const x = <u64>key;
  return <u32>(x ^ (x >> 23));
}

export function findKey(key: f64): i32 {
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

export function putKey(key: f64, id: i32): void {
  if ((indexUsed + 1) * 4 > indexCap * 3) growIndex();
  const mask = indexCap - 1;
  let i = keySlot(key) & mask;
  while (load<i32>(index + (i << 4) + 8) != 0) i = (i + 1) & mask;
  store<f64>(index + (i << 4), key);
  store<i32>(index + (i << 4) + 8, id);
  indexUsed++;
}

function keyHome(at: u32): u32 {
  return keySlot(load<f64>(at));
}

function growIndex(): void {
  index = regrow(index, indexCap, 16, 8, 0, keyHome);
  indexCap <<= 1;
}

/** Removes a key (backward-shift deletion: no tombstones). */
export function dropKey(key: f64): void {
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

export function addOpenClient(key: i32, n: i32): void {
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

function clientHome(at: u32): u32 {
  return clientSlot(load<i32>(at)) >> 8;
}

function growByClient(): void {
  // a slot's count (never 0 in use) marks it used
  byClient = regrow(byClient, byClientCap, 8, 4, 0, clientHome);
  byClientCap <<= 1;
}
