import { describe, expect, it } from 'vitest';
import { countText } from '../../src/w3c/count-text.js';

describe('countText', () => {
  it.each([
    0,
    1,
    12,
    999,
    1000,
    1001,
    12_345,
    999_999,
    1_000_000,
    119_120,
    1_000_000_012,
    -1,
    -1234,
    -999_999,
    Number.MAX_SAFE_INTEGER,
    1.5,
    2 ** 60,
  ])('writes %d as en-US does', (x) => expect(countText(x)).toBe(x.toLocaleString('en-US')));
});
