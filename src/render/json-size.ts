/**
 * The UTF-8 length of `JSON.stringify(value)` without building the string (on Node 20, on the
 * development VM, stringifying a 9 KB card cost ~46 µs, walking it ~26 µs; an answer's card is
 * measured from its JSON text instead, which the server then writes as it is). Exact for what JSON.stringify serialises: plain objects and arrays, strings
 * (escapes and lone surrogates included), finite and non-finite numbers, booleans, null, and the
 * undefined/function/symbol values it omits or writes as null. Anything else (toJSON, class
 * instances, bigint) is measured by stringifying that part, so the answer stays exact.
 */
export const jsonByteLength = (value: unknown): number => {
  const n = sizeOf(value, false);
  return n < 0 ? 0 : n;
};

/** Anything but printable ASCII other than '"' and '\\': such strings are written as they are. */
const NOT_PLAIN = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
/** What JSON escapes (quote, backslash, controls) and surrogates (lone ones are escaped). */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/g;

/**
 * Bytes of a JSON string literal for `s`, quotes included: Node's native UTF-8 count, plus what
 * the escapes add (regular expressions scan natively; a loop over the characters in JavaScript
 * was the slower part of measuring a card).
 */
const stringSize = (s: string): number => {
  if (!NOT_PLAIN.test(s)) return s.length + 2;
  let n = Buffer.byteLength(s, 'utf8') + 2;
  ESCAPED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ESCAPED.exec(s)) !== null) {
    const c = s.charCodeAt(m.index);
    if (c < 0x20) {
      // \b \t \n \f \r have two-character escapes; the other controls are \u00XX
      n += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5;
    } else if (c === 0x22 || c === 0x5c) n += 1;
    else {
      const d = s.charCodeAt(m.index + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) ESCAPED.lastIndex = m.index + 2;
      // a pair is 4 bytes either way; a lone surrogate is \udXXX (6) where UTF-8 counts 3
      else n += 3;
    }
  }
  return n;
};

const isPlain = (o: object): boolean => {
  const proto = Object.getPrototypeOf(o) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Bytes of `v` as JSON; -1 when JSON.stringify would omit it (undefined, a function, a symbol). */
function sizeOf(v: unknown, inArray: boolean): number {
  switch (typeof v) {
    case 'string':
      return stringSize(v);
    case 'number':
      return Number.isFinite(v) ? String(v).length : 4;
    case 'boolean':
      return v ? 4 : 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      return inArray ? 4 : -1;
    case 'bigint':
      // JSON.stringify throws on a bigint; let it say so
      return fallback(v);
    case 'object':
      break;
  }
  if (v === null) return 4;
  if (Array.isArray(v)) {
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return fallback(v);
    let n = 2 + (v.length > 0 ? v.length - 1 : 0);
    for (let i = 0; i < v.length; i++) n += sizeOf(v[i], true);
    return n;
  }
  const o = v as Record<string, unknown>;
  if (!isPlain(o) || typeof o.toJSON === 'function') return fallback(v);
  let n = 2;
  let members = 0;
  // for-in over a plain object is its own enumerable keys (no inherited ones) without a key array
  for (const key in o) {
    const s = sizeOf(o[key], false);
    if (s < 0) continue;
    n += stringSize(key) + 1 + s;
    members++;
  }
  return members > 1 ? n + members - 1 : n;
}

function fallback(v: unknown): number {
  const text = JSON.stringify(v) as string | undefined;
  return text === undefined ? -1 : Buffer.byteLength(text, 'utf8');
}
