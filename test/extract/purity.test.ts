import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../src/extract/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const FORBIDDEN =
  /from '(?:botbuilder|restify|@slack|node:fs|fs|node:child_process)|\/(?:channels|server|cli)\/|\bprocess\.|\bconsole\.|Date\.now|new Date\(\)|Math\.random/;

describe('src/extract', () => {
  it.each(files)('%s stays free of I/O, clocks and adapters', (file) => {
    expect(readFileSync(dir + file, 'utf8')).not.toMatch(FORBIDDEN);
  });
});
