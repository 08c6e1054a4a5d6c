import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonByteLength } from '../../src/render/index.js';
import { jsonLike as value } from './json-values.js';

const bytesOf = (v: unknown): number => {
  const text = JSON.stringify(v) as string | undefined;
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
};

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
