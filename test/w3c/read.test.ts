import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanFiles, type ReadOptions } from '../../src/w3c/read.js';
import { summarise } from '../../src/w3c/summarise.js';
import type { ScanSummary } from '../../src/w3c/types.js';
import { GENERATOR, itShared } from '../shared.js';
import { generate } from './helpers.js';

const noStdin = new PassThrough();
const RANGES: ReadOptions = { parallelFrom: 0, blockSize: 20_000 };

const withoutThreads = (x: ScanSummary): ScanSummary => ({
  ...x,
  inputs: x.inputs.map(({ threads: _threads, ...rest }) => rest),
});

/** One pass, and ranges over two threads: the summaries and how many ranges were redone. */
async function bothWays(file: string): Promise<[ScanSummary, ScanSummary, number]> {
  const one = summarise(await scanFiles([file], noStdin, { threads: 1 }));
  let rescanned = 0;
  const ranges = summarise(
    await scanFiles([file], noStdin, { threads: 2, ...RANGES, onRescan: (n) => (rescanned = n) }),
  );
  expect(ranges.inputs[0]?.threads).toBe(2);
  return [withoutThreads(ranges), one, rescanned];
}

/** A time-only layout: each day's entries are dated by the #Date before them. */
function timeOnlyLog(): string {
  const clients = ['10.0.0.5', '10.0.0.6', '10.0.0.7', '192.0.2.10'];
  const out: string[] = [];
  for (let day = 1; day <= 4; day++) {
    out.push(`#Date: 2024-03-0${day} 00:00:00`);
    out.push(
      '#Fields: time c-ip cs-uri-stem cs(User-Agent) sc-status sc-substatus sc-win32-status',
    );
    for (let i = 0; i < 4000; i++) {
      const t = new Date(Date.UTC(2024, 2, day, 0, 0, i)).toISOString().slice(11, 19);
      const c = clients[i % clients.length]!;
      const leg = i % 3;
      const code = leg === 0 ? '401 2 5' : leg === 1 ? '401 1 2148074254' : '200 0 0';
      out.push(`${t} ${c} /app/${i % 7} Mozilla/5.0 ${code}`);
    }
  }
  const dir = join(tmpdir(), 'iis-triage-w3c-tests');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'time-only-dates.log');
  writeFileSync(file, `${out.join('\r\n')}\r\n`);
  return file;
}

describe('scanFiles over byte ranges', () => {
  it('redoes the ranges after a #Date that dates time-only entries, and matches one pass', async () => {
    const [ranges, one, rescanned] = await bothWays(timeOnlyLog());
    expect(ranges).toEqual(one);
    expect(one.timeRange).toEqual({ first: '2024-03-01T00:00:00Z', last: '2024-03-04T01:06:39Z' });
    expect(rescanned).toBeGreaterThan(0);
  });

  itShared(
    GENERATOR,
    'redoes only the ranges after a #Fields change, and matches one pass',
    async () => {
      const [ranges, one, rescanned] = await bothWays(
        generate(['--lines', '20000', '--seed', '3', '--fields-change']),
      );
      expect(ranges).toEqual(one);
      expect(rescanned).toBeGreaterThan(0);
    },
  );

  itShared(
    GENERATOR,
    'redoes no range when repeated headers differ only in #Date under a dated layout',
    async () => {
      const [ranges, one, rescanned] = await bothWays(
        generate(['--lines', '20000', '--seed', '3']),
      );
      expect(ranges).toEqual(one);
      expect(one.directives).toBeGreaterThan(4);
      expect(rescanned).toBe(0);
    },
  );
});

describe('threads for a scan', () => {
  it('keeps a file under the size for ranges on one thread, however many threads are allowed', async () => {
    const dir = join(tmpdir(), 'iis-triage-read-tests');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'small.log');
    writeFileSync(
      file,
      '#Fields: date time c-ip sc-status sc-substatus sc-win32-status\n2024-03-01 10:00:00 10.0.0.1 401 2 5\n',
    );
    const state = await scanFiles([file], noStdin, { threads: 4 });
    expect(state.entries).toBe(1);
    expect(state.inputs[0]?.threads).toBeUndefined();
  });
});
