// The kernel's hashes of values: 52-bit keys of top-list rows, clients and sequences, and a
// 30-bit key of "is a sequence open from this client?".

/** Two multiply-xorshift lanes over 4-byte words, then bytes, then the length: 52 bits. */
export function hash52(s: u32, e: u32): f64 {
  let h1: u32 = 0x811c9dc5;
  let h2: u32 = 0x01000193;
  let i = s;
  for (; i + 4 <= e; i += 4) {
    const w = load<u32>(i);
    h1 = (h1 ^ w) * 0x01000193;
    h1 ^= h1 >> 15;
    h2 = (h2 ^ w) * 0x5bd1e995;
    h2 ^= h2 >> 13;
  }
  for (; i < e; i++) {
    const c = <u32>load<u8>(i);
    h1 = (h1 ^ c) * 0x01000193;
    h2 = (h2 ^ c) * 0x5bd1e995;
  }
  h1 = (h1 ^ (e - s)) * 0x01000193;
  h1 ^= h1 >> 16;
  h2 ^= h2 >> 16;
  return <f64>h1 * 1048576.0 + <f64>(h2 >> 12);
}

/** 30 bits, the key of "is a sequence open from this client?". */
export function hash30(s: u32, e: u32): i32 {
  let h: u32 = 0x811c9dc5;
  let i = s;
  for (; i + 4 <= e; i += 4) {
    h = (h ^ load<u32>(i)) * 0x01000193;
    h ^= h >> 15;
  }
  for (; i < e; i++) h = (h ^ (<u32>load<u8>(i))) * 0x01000193;
  return <i32>(h & 0x3fffffff);
}

let m1: u32 = 0;
let m2: u32 = 0;

/** One 52-bit hash into the lanes: its low 26 bits, then the rest. */
function mix(h: f64): void {
  const x = <u64>h;
  const lo = <u32>(x & 0x3ffffff);
  const hi = <u32>(x >> 26);
  m1 = (((m1 ^ lo) * 0x01000193) ^ hi) * 0x01000193;
  m2 = (((m2 ^ lo) * 0x5bd1e995) ^ hi) * 0x5bd1e995;
}

/** One 52-bit key from three (client + URL + user agent for a handshake). */
export function combine(a: f64, b: f64, c: f64): f64 {
  m1 = 0x811c9dc5;
  m2 = 0x01000193;
  mix(a);
  mix(b);
  mix(c);
  return <f64>m1 * 1048576.0 + <f64>(m2 >> 12);
}
