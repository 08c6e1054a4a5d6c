import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadScanKernel } from '../../src/w3c/load.js';
import { W3cReader } from '../../src/w3c/reader.js';
import { Tally } from '../../src/w3c/tally.js';
import { describeShared, GENERATOR } from '../shared.js';
import { generate, goldenOf, kernel, scanBytes, tripleCounts } from './helpers.js';
import { FIELDS, stamp } from './odd-logs.js';

// Golden files: test/fixtures/w3c/<case>.log beside <case>.expected.json, written by
// scripts/golden-w3c.ts (run on purpose only; the diff of an .expected.json is a change of
// behaviour to review).
const DIR = fileURLToPath(new URL('../fixtures/w3c/', import.meta.url));
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.log'))
  .map((f) => f.slice(0, -4));
const log = (name: string): Buffer => readFileSync(join(DIR, `${name}.log`));

/**
 * Code triples of the lines a plain reader reads (ASCII, single spaces, as many values as #Fields
 * names; '-' or a missing column is not logged, a value that is not a whole number leaves the
 * line out; a win32 value past 32 bits is not logged, the line counted in `odd`), and the number
 * of lines.
 */
function plainCounts(bytes: Buffer): {
  counts: Record<string, number>;
  lines: number;
  odd: number;
} {
  const counts: Record<string, number> = {};
  let odd = 0;
  let cols: string[] = [];
  const lines = bytes.toString('latin1').split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const raw of lines) {
    const line = raw.replace(/^\u00ef\u00bb\u00bf/, '').replace(/\r$/, '');
    if (line.startsWith('#Fields:')) cols = line.slice(8).trim().split(/\s+/);
    if (line.startsWith('#') || line.includes('"') || !/^[\x21-\x7e]+( [\x21-\x7e]+)*$/.test(line))
      continue;
    const values = line.split(' ');
    if (values.length !== cols.length) continue;
    const triple = ['sc-status', 'sc-substatus', 'sc-win32-status'].map((f) => {
      const v = values[cols.indexOf(f)] ?? '-';
      if (v === '-') return v;
      const n = /^-?\d{1,15}$/.test(v) ? Number(v) : NaN;
      if (f !== 'sc-win32-status') return Number.isNaN(n) ? null : String(n);
      // win32: 32 bits, a negative NTSTATUS as its unsigned value
      if (Number.isNaN(n)) return null;
      if (n >= -(2 ** 31) && n < 2 ** 32) return String(n < 0 ? n + 2 ** 32 : n);
      return '';
    });
    if (triple.includes(null)) continue;
    if (triple[2] === '') {
      odd++;
      triple[2] = '-';
    }
    const key = triple.join(' ');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { counts, lines: lines.length, odd };
}

describe('the scan on golden logs (test/fixtures/w3c)', () => {
  it('has the scan kernel built', () => {
    expect(loadScanKernel().problem).toBeNull();
  });

  it.each(CASES)('scans %s to its expected summary', (name) => {
    const expected: unknown = JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8'));
    expect(JSON.parse(JSON.stringify(goldenOf(scanBytes(log(name)))))).toEqual(expected);
  });

  it.each(CASES)('gives %s the same result whatever the chunks', (name) => {
    const bytes = log(name);
    const whole = goldenOf(scanBytes(bytes));
    for (const chunk of [1, 3, 17, 200, 4096])
      expect(goldenOf(scanBytes(bytes, chunk))).toEqual(whole);
  });

  it.each(CASES)(
    'counts each line of %s once, and every plain line as a plain count does',
    (name) => {
      const bytes = log(name);
      const s = scanBytes(bytes);
      const plain = plainCounts(bytes);
      expect(s.lines).toBe(plain.lines);
      expect(s.lines).toBe(s.directives + s.entries + s.skipped);
      const counted = tripleCounts(s);
      for (const [key, n] of Object.entries(plain.counts))
        expect(counted[key]).toBeGreaterThanOrEqual(n);
      // a log without twisted lines: each plain line counted as the plain count does, the rest
      // are lines with a value that is not a number (noted, as are win32 values past 32 bits)
      // and blank lines between logs
      if (name.startsWith('plain')) {
        for (const [key, n] of Object.entries(plain.counts)) expect(counted[key]).toBe(n);
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        expect(s.entries - sum(Object.values(plain.counts)) + plain.odd).toBe(
          s.notes.get('a status value is not a number (read as not logged)'),
        );
        // skipped: blank lines, and the header lines after a byte order mark mid-file
        const odd = bytes
          .toString('latin1')
          .split('\n')
          .filter((l, i) => /^\r?$/.test(l) || (i > 0 && l.startsWith('\u00ef\u00bb\u00bf')));
        expect(s.skipped).toBe(odd.length - (bytes.at(-1) === 10 ? 1 : 0));
      }
    },
  );

  it('reads the plain lines in the kernel itself, the odd ones in the line reader', () => {
    const tally = new Tally(kernel());
    const reader = new W3cReader(tally);
    reader.push(log('long-clients'));
    reader.end();
    const s = tally.flush();
    expect(s.entries).toBe(400);
    expect(tally.kernelLines).toBe(400);
  });

  it('closes a sequence at 64 legs and keeps long client values (leg-runs, long-clients)', () => {
    expect(scanBytes(log('leg-runs')).handshakes.failed).toBeGreaterThan(3);
    expect(scanBytes(log('long-clients')).clients.size).toBe(13 * 7);
  });
});

describe('the scan on the bounds of its tables and lines', () => {
  const head = `#Fields: ${FIELDS.join(' ')}\n`;
  const line = (sec: number, uri: string, agent: string, triple: string, client = '10.0.0.1') =>
    `${stamp(sec).join(' ')} 10.0.0.21 GET ${uri} - 443 - ${client} ${agent} - ${triple} 5\n`;

  it('skips lines past 64 KiB, in one piece and across chunks', () => {
    const ok = line(1, '/app', 'curl/8', '200 0 0');
    const long = line(2, `/${'a'.repeat(70_000)}`, 'curl/8', '401 2 5');
    const bytes = Buffer.from(head + ok + long + ok + `${'b'.repeat(1_300_000)}\n` + ok);
    for (const chunk of [0, 1000, 65_536, 1 << 20]) {
      const s = scanBytes(bytes, chunk);
      expect(tripleCounts(s)).toEqual({ '200 0 0': 3 });
      expect(Object.fromEntries(s.skippedReasons)).toEqual({ 'longer than 64 KiB': 2 });
      expect(s.lines).toBe(6);
    }
  });

  it('grows its tables past their first sizes: codes, clients, open handshakes, minutes', () => {
    // 3,000 clients each open a handshake in one second (all open at once), then each gets a
    // failure with a code of its own, then every handshake succeeds
    const n = 3000;
    const ip = (i: number) => `10.${i >> 8}.${i & 255}.1`;
    let text = head;
    for (let i = 0; i < n; i++) text += line(3600, '/app', 'curl/8', '401 2 5', ip(i));
    for (let i = 0; i < n; i++) text += line(3601, '/x', 'curl/8', `401 1 ${100_000 + i}`, ip(i));
    for (let i = 0; i < n; i++) text += line(3602, '/app', 'curl/8', '200 0 0', ip(i));
    for (let i = 0; i < n; i++) text += line(7200 + 60 * i, '/y', 'curl/8', '404 0 2');
    const s = scanBytes(Buffer.from(text));
    expect(s.codes.size).toBe(n + 3);
    expect(s.codes.get('401 1 100000')?.count).toBe(1);
    expect(s.codes.get(`401 1 ${100_000 + n - 1}`)?.count).toBe(1);
    expect(s.handshakes.completed).toBe(n);
    expect(s.clients.size).toBe(n);
    expect(s.clients.get(ip(n - 1))).toEqual({ completed: 1, failed: 0, failures: 1 });
    expect(s.minutes.size).toBe(n + 1);
    expect(s.timeline.size).toBe(n + 1);
  });

  it('prunes a top list past 1,600 values: the heaviest kept with their exact counts', () => {
    let text = head;
    const plain: Record<string, number> = {};
    // 2,500 URLs, most seen once or twice (ties), a few many times, over 401 and 403 lists
    for (let i = 0; i < 6000; i++) {
      const url = i % 7 === 0 ? `/hot/${i % 5}` : `/cold/${i % 2500}`;
      const triple = i % 4 ? '401 1 1326' : '403 14 0';
      if (triple === '401 1 1326') plain[url] = (plain[url] ?? 0) + 1;
      text += line(3600 + Math.floor(i / 3), url, `agent/${i % 1900}`, triple);
    }
    const bytes = Buffer.from(text);
    const s = scanBytes(bytes);
    const urls = s.details.get('401 1 1326')!.urls;
    expect(urls.dropped).toBeGreaterThan(0);
    urls.values.forEach((v, i) => {
      if (v.startsWith('/hot/')) expect(urls.counts[i]).toBe(plain[v]);
    });
    expect(urls.values.filter((v) => v.startsWith('/hot/'))).toHaveLength(5);
    expect(goldenOf(scanBytes(bytes, 4096))).toEqual(goldenOf(s));
  });
});

describeShared(GENERATOR, "the scan on the shared generator's logs", () => {
  it.each([
    ['--lines', '20000', '--seed', '11'],
    ['--lines', '20000', '--seed', '12', '--fields-change'],
    ['--lines', '20000', '--seed', '13', '--format', 'iis6'],
  ])('gives the same result whatever the chunks for %s %s %s %s %s %s', (...args) => {
    const bytes = readFileSync(generate(args));
    const whole = goldenOf(scanBytes(bytes));
    for (const chunk of [65_536, 1_000_003])
      expect(goldenOf(scanBytes(bytes, chunk))).toEqual(whole);
  });
});
