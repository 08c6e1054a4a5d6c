import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { isoSecond } from '../../src/w3c/bytes.js';
import { PEERS_DIR, awkCounts, hasAwk, scanBytes, scanText, tripleCounts } from './helpers.js';
import { describeShared, PEERS } from '../shared.js';

// The peers' own logs and expected outputs, read in place from ../shared (never copied here).

interface ExpectedEvent {
  line_index: number;
  'http.response.status_code'?: number;
  'iis.access.sub_status'?: number;
  'iis.access.win32_status'?: number;
}

const ELASTIC = [
  'elastic-beats/access/test.log',
  'elastic-beats/access/test-iis-7.5.log',
  'elastic-beats/error/test.log',
  'elastic-integrations/access/test-iis-8.log',
  'elastic-integrations/access/test-iis-access.log',
  'elastic-integrations/access/test-iis-access-cookie-bytes-split.log',
  'elastic-integrations/access/test-iis10-access.log',
];

/** The log with only the data lines the peer's expected file covers (directives kept). */
function coveredLog(file: string, events: ExpectedEvent[]): string {
  const wanted = new Set(events.map((e) => e.line_index));
  let index = -1;
  return readFileSync(join(PEERS_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('#') || l.trim() === '' || wanted.has(++index))
    .join('\n');
}

const key = (s?: number, ss?: number, w?: number): string => `${s ?? '-'} ${ss ?? '-'} ${w ?? '-'}`;

describeShared(PEERS, 'peer samples', () => {
  it.each(ELASTIC)('reads %s to the status, substatus and win32 Filebeat expects', (file) => {
    const expected = JSON.parse(
      readFileSync(join(PEERS_DIR, `${file}-expected.min.json`), 'utf8'),
    ) as {
      events: ExpectedEvent[];
    };
    const want: Record<string, number> = {};
    for (const e of expected.events) {
      const k = key(
        e['http.response.status_code'],
        e['iis.access.sub_status'],
        e['iis.access.win32_status'],
      );
      want[k] = (want[k] ?? 0) + 1;
    }
    const state = scanText(coveredLog(file, expected.events));
    expect(tripleCounts(state)).toEqual(want);
    expect(state.skipped).toBe(0);
  });

  it('differs on purpose from Filebeat on header-less FTP and HTTP.sys error lines: skipped, not guessed', () => {
    // Filebeat knows these formats by fixed patterns; without #Fields they carry no status triple
    // to anchor on, so the scan counts them as skipped with the reason.
    for (const file of [
      'elastic-integrations/access/test-iis-ftp.log',
      'elastic-integrations/error/test-iis-error.log',
    ]) {
      const s = scanBytes(readFileSync(join(PEERS_DIR, file)));
      expect(s.entries).toBe(0);
      expect(s.skipped).toBe(s.lines);
      expect([...s.skippedReasons.keys()]).toEqual([
        'no #Fields and no recognisable status triple',
      ]);
    }
  });

  it('reads the quoted garbage substatus of lnav logfile_w3c.3 as not logged, as lnav does', () => {
    const expected = JSON.parse(
      readFileSync(
        join(PEERS_DIR, 'lnav/test_sql.sh_61471583c5e2f8ede3a8adefce682c27bf3924c8.out'),
        'utf8',
      ),
    ) as { sc_substatus: number | null }[];
    const s = scanBytes(readFileSync(join(PEERS_DIR, 'lnav/logfile_w3c.3')));
    const subs: Record<string, number> = {};
    for (const c of s.codes.values())
      subs[String(c.substatus)] = (subs[String(c.substatus)] ?? 0) + c.count;
    const want: Record<string, number> = {};
    for (const e of expected)
      want[String(e.sc_substatus)] = (want[String(e.sc_substatus)] ?? 0) + 1;
    expect(subs).toEqual(want);
  });

  it.each([
    ['lnav/logfile_w3c.2', 14, '2000-10-09T16:44:49Z', '2000-10-10T16:48:05Z'],
    ['lnav/logfile_w3c.4', 2, '2017-06-26T18:21:17Z', '2017-06-28T07:26:35Z'],
  ])('dates %s as lnav does (time-only from #Date; quoted dates)', (file, entries, first, last) => {
    const s = scanBytes(readFileSync(join(PEERS_DIR, file)));
    expect(s.entries).toBe(entries);
    expect([isoSecond(s.firstSec), isoSecond(s.lastSec)]).toEqual([first, last]);
  });

  it('reads UTF-8 in the user agent of lnav logfile_w3c.6 and more values than #Fields in logfile_w3c.5', () => {
    expect(tripleCounts(scanBytes(readFileSync(join(PEERS_DIR, 'lnav/logfile_w3c.6'))))).toEqual({
      '404 0 2': 1,
    });
    const five = scanBytes(readFileSync(join(PEERS_DIR, 'lnav/logfile_w3c.5')));
    expect(tripleCounts(five)).toEqual({ '404 0 2': 1 });
    expect([...five.notes.keys()]).toEqual([
      '17 values where #Fields names 6: read by locating the status triple',
    ]);
  });

  it
    .skipIf(!hasAwk)
    .each([
      'lnav/logfile_w3c_big.0',
      'brianary-scripts/u_ex100815.log',
      'brianary-scripts/u_ex160110.log',
    ])('counts the real log %s like the header-aware awk count', (file) => {
    const s = scanBytes(readFileSync(join(PEERS_DIR, file)));
    expect(tripleCounts(s)).toEqual(awkCounts(join(PEERS_DIR, file)));
    expect(s.skipped).toBe(0);
  });

  it('skips the short line of ex031118.log with its reason and the IIS native format of ex010320.log', () => {
    const short = scanBytes(readFileSync(join(PEERS_DIR, 'brianary-scripts/ex031118.log')));
    expect(short.entries).toBe(3);
    expect(Object.fromEntries(short.skippedReasons)).toEqual({
      '3 values where #Fields names 4': 1,
    });
    const native = scanBytes(readFileSync(join(PEERS_DIR, 'brianary-scripts/ex010320.log')));
    expect(native.entries).toBe(0);
    expect(native.skipped).toBe(native.lines);
  });
});
