import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, hash64 } from '../src/fingerprint.js';

describe('hash64', () => {
  it('gives 16 hex digits that change with the text', () => {
    expect(hash64('abc')).toMatch(/^[0-9a-f]{16}$/);
    expect(hash64('abc')).toBe(hash64('abc'));
    expect(hash64('abc')).not.toBe(hash64('abd'));
  });
});

describe('fingerprint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iis-fp-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.md'), 'a');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('changes when a file in a subfolder is added or put back with another time', () => {
    const before = fingerprint(dir);
    expect(fingerprint(dir)).toBe(before);
    writeFileSync(join(dir, 'sub', 'b.md'), 'b');
    const added = fingerprint(dir);
    expect(added).not.toBe(before);
    utimesSync(join(dir, 'sub', 'b.md'), new Date(0), new Date(0));
    expect(fingerprint(dir)).not.toBe(added);
  });
});
