import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../src/w3c/read.js';
import { summarise } from '../../src/w3c/summarise.js';
import { MAX_POINTS, timelineOf, type ScanTimeline } from '../../src/w3c/timeline.js';
import type { ScanState } from '../../src/w3c/state.js';
import { describeShared, GENERATOR } from '../shared.js';
import { generate, scanBytes, scanText } from './helpers.js';

const FIELDS =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken';
const line = (time: string, ip: string, user: string, agent: string, code: string): string =>
  `2024-11-01 ${time} 10.0.0.1 GET /app/ - 80 ${user} ${ip} ${agent} - ${code} 15`;

const timelineOfState = (state: ScanState): ScanTimeline => {
  const t = timelineOf(state, summarise(state).diagnoses);
  if (!t) throw new Error('no timeline');
  return t;
};
const seriesOf = (t: ScanTimeline, id: string): number[] =>
  t.series.find((s) => s.id === id)?.counts ?? [];

describe('the scan timeline', () => {
  it('puts each leg in its own minute, and each failure in its diagnosis', () => {
    const log = [
      '#Software: Microsoft Internet Information Services 10.0',
      FIELDS,
      // an NTLM handshake across a minute's end: its 401.2 leg belongs to 08:00
      line('08:00:59', '10.1.1.1', '-', 'Mozilla/5.0', '401 2 5'),
      line('08:01:00', '10.1.1.1', '-', 'Mozilla/5.0', '401 1 2148074254'),
      line('08:01:00', '10.1.1.1', 'CORP\\ann', 'Mozilla/5.0', '200 0 0'),
      // nothing at 08:02; wrong passwords at 08:03
      line('08:03:10', '10.1.1.2', 'CORP\\bob', 'curl/8.0', '401 1 1326'),
      line('08:03:11', '10.1.1.2', 'CORP\\bob', 'curl/8.0', '401 1 1326'),
      line('08:03:40', '10.1.1.3', '-', 'Mozilla/5.0', '403 14 0'),
    ].join('\n');
    const t = timelineOfState(scanText(`${log}\n`));
    expect(t.step).toBe(1);
    expect(t.minutes).toEqual([
      '2024-11-01T08:00Z',
      '2024-11-01T08:01Z',
      '2024-11-01T08:02Z',
      '2024-11-01T08:03Z',
    ]);
    expect(t.entries).toEqual([1, 2, 0, 3]);
    expect(t.count401).toEqual([1, 1, 0, 2]);
    expect(seriesOf(t, 'ntlm-handshake-normal')).toEqual([1, 0, 0, 0]);
    expect(seriesOf(t, 'wrong-credentials')).toEqual([0, 0, 0, 2]);
    expect(seriesOf(t, 'no-handler-directory-listing')).toEqual([0, 0, 0, 1]);
  });

  it('has no timeline for a log without times', () => {
    const log = ['#Fields: cs-uri-stem sc-status sc-substatus sc-win32-status', '/a 401 1 1326'];
    const state = scanText(`${log.join('\n')}\n`);
    expect(state.entries).toBe(1);
    expect(timelineOf(state, summarise(state).diagnoses)).toBeNull();
  });

  it('takes coarser points for a log longer than a day of minutes', () => {
    const log = [FIELDS, line('08:00:00', '10.1.1.1', '-', 'x', '404 0 2')];
    const next = line('08:00:00', '10.1.1.1', '-', 'x', '404 0 2').replace(
      '2024-11-01',
      '2024-11-04',
    );
    const t = timelineOfState(scanText(`${[...log, next].join('\n')}\n`));
    expect(t.minutes.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(t.step).toBeGreaterThan(1);
    expect(t.entries.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('fits a point budget with coarser points, every count kept', () => {
    const times = ['08:00:10', '08:20:00', '09:59:59', '10:59:00'];
    const log = [FIELDS, ...times.map((t) => line(t, '10.1.1.2', 'CORP\\bob', 'x', '401 1 1326'))];
    const state = scanText(`${log.join('\n')}\n`);
    const t = timelineOf(state, summarise(state).diagnoses, 48)!;
    // 179 minutes in at most 48 points: five minutes a point
    expect(t.step).toBe(5);
    expect(t.minutes[0]).toBe('2024-11-01T08:00Z');
    expect(t.minutes.length).toBeLessThanOrEqual(48);
    expect(seriesOf(t, 'wrong-credentials').filter((c) => c > 0)).toEqual([1, 1, 1, 1]);
    expect(seriesOf(t, 'wrong-credentials')[4]).toBe(1);
  });
});

describeShared(GENERATOR, 'the timeline of a generated log', () => {
  const file = (): string => generate(['--lines', '20000', '--seed', '3']);

  it('adds up to the summary: entries, 401s and every diagnosis, one point a minute', async () => {
    const state = await scanFiles([file()], new PassThrough());
    const s = summarise(state);
    const t = timelineOfState(state);
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const [first, last] = [s.timeRange!.first, s.timeRange!.last].map((x) =>
      Math.floor(Date.parse(x) / 60_000),
    );
    expect(t.minutes).toHaveLength(last! - first! + 1);
    expect(sum(t.entries)).toBe(s.entries);
    expect(sum(t.count401)).toBe(s.verdict.total401);
    expect(t.series.map((x) => [x.id, sum(x.counts)])).toEqual(
      s.diagnoses.map((d) => [d.id, d.count]),
    );
    expect(t.lost).toBe(0);
  });

  it('is the same whatever the chunks', async () => {
    const whole = timelineOfState(await scanFiles([file()], new PassThrough()));
    const chunked = timelineOfState(scanBytes(readFileSync(file()), 7_777));
    expect(chunked).toEqual(whole);
  });
});
