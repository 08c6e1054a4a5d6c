import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonByteLength } from '../../src/render/index.js';

const bytesOf = (v: unknown): number => {
  const text = JSON.stringify(v) as string | undefined;
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
};

/** Values as cards and activities hold them, plus what JSON.stringify omits or writes as null. */
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.constantFrom('"', '\\', '\n\t\r\b\f', '\u0000\u001f\u007f', '\ud800', '\udc00x', '😀'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
  ),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 6 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), tie('node'), { maxKeys: 6 }),
  ),
})).node;

describe('jsonByteLength', () => {
  it('equals the UTF-8 length of JSON.stringify for generated values', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(jsonByteLength(v)).toBe(bytesOf(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('measures what it cannot walk (toJSON, class instances, holes, functions) by stringifying', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    // eslint-disable-next-line no-sparse-arrays
    const odd = [new Date(0), new Point(1, 2), [1, , 3], { f: () => 1, s: Symbol('s'), n: NaN }];
    expect(jsonByteLength(odd)).toBe(bytesOf(odd));
    expect(jsonByteLength({ toJSON: () => ({ a: 'é' }) })).toBe(bytesOf({ a: 'é' }));
  });

  it('gives 0 for what JSON.stringify writes nothing for', () => {
    expect(jsonByteLength(undefined)).toBe(0);
    expect(jsonByteLength(() => 1)).toBe(0);
  });
});
