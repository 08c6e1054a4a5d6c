import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBytes, JsonText } from '../../../src/channels/teams/index.js';
import { AppError } from '../../../src/errors.js';
import { jsonLike as value } from '../../render/json-values.js';

const written = (v: unknown): string | undefined => jsonBytes(v)?.toString('utf8');

/** The value with some of its parts replaced by JsonText of those parts. */
const withTexts = (v: unknown, pick: () => boolean): unknown => {
  if (v === null || typeof v !== 'object') {
    return v !== undefined && pick() ? JsonText.of(JSON.stringify(v)) : v;
  }
  if (pick()) return JsonText.of(JSON.stringify(v));
  if (Array.isArray(v)) return v.map((x) => withTexts(x, pick));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withTexts(x, pick)]));
};

describe('jsonBytes', () => {
  it('writes what JSON.stringify writes for generated values, in UTF-8', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(written(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes JsonText parts as their bytes, as if they were the values they hold', () => {
    fc.assert(
      fc.property(value, fc.infiniteStream(fc.boolean()), (v, flips) => {
        const it = flips[Symbol.iterator]();
        const mixed = withTexts(v, () => it.next().value === true);
        expect(written(mixed)).toBe(JSON.stringify(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('uses the bytes it is given instead of serialising again', () => {
    // a spacing JSON.stringify would never write: proof the text went out as it is
    const body = {
      activities: [{ type: 'message', attachments: [{ content: JsonText.of('{ "a" : “1” }') }] }],
    };
    expect(written(body)).toBe(
      '{"activities":[{"type":"message","attachments":[{"content":{ "a" : “1” }}]}]}',
    );
  });

  it('leaves dates, class instances, toJSON and holes to JSON.stringify', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    const odd = [
      new Date(0),
      new Point(1, 2),
      // eslint-disable-next-line no-sparse-arrays -- a hole is what is tested
      [1, , 3],
      { f: () => 1, n: NaN },
      { toJSON: () => 'x' },
    ];
    expect(written(odd)).toBe(JSON.stringify(odd));
    expect(jsonBytes(undefined)).toBeUndefined();
    expect(jsonBytes(() => 1)).toBeUndefined();
  });

  it('is parsed back by anyone else who serialises it', () => {
    const card = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'é “x”' }] };
    const activity = { attachments: [{ content: JsonText.of(JSON.stringify(card)) }] };
    expect(JSON.parse(JSON.stringify(activity))).toEqual({ attachments: [{ content: card }] });
  });

  it('refuses a value nested 10,000 levels deep with AppError, not a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const thrown = (() => {
      try {
        jsonBytes({ conversation: deep });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(AppError);
  });
});
