import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalise, readMessage } from '../../src/extract/index.js';
import type { Findings, LogEntry } from '../../src/extract/index.js';
import { describeShared, sharedPath } from '../shared.js';
import { loadReference } from './reference.js';

// Golden tests against the peers' own expected outputs, read in place from ../shared (never copied).
const PEERS = sharedPath('fixtures/peers/');
const ref = loadReference();
const read = (file: string): Findings => readMessage(readFileSync(PEERS + file, 'utf8'), ref);
const triple = (e: LogEntry | undefined) => [
  e?.status ?? null,
  e?.substatus ?? null,
  e?.win32 ?? null,
];

interface PeerEvent {
  line_index: number;
  original: string;
  'http.response.status_code'?: number;
  'iis.access.sub_status'?: number;
  'iis.access.win32_status'?: number;
  'source.ip'?: string;
}

/** Our entry for each line of the log, keyed by the line as we normalised it. */
function entriesByLine(f: Findings): Map<string, LogEntry> {
  const lines = f.text.split('\n');
  return new Map(f.entries.map((e) => [(lines[e.line - 1] ?? '').trim(), e]));
}

const ELASTIC = [
  'elastic-beats/access/test.log',
  'elastic-beats/access/test-iis-7.5.log',
  'elastic-beats/error/test.log',
  'elastic-integrations/access/test-iis-8.log',
  'elastic-integrations/access/test-iis-access.log',
  'elastic-integrations/access/test-iis-ftp.log',
  'elastic-integrations/access/test-iis10-access.log',
  'elastic-integrations/access/test-iis-access-cookie-bytes-split.log',
  'elastic-integrations/error/test-iis-error.log',
];

describeShared('fixtures/peers', 'peer samples', () => {
  describe.each(ELASTIC)('Elastic %s', (file) => {
    const expected = JSON.parse(readFileSync(`${PEERS}${file}-expected.min.json`, 'utf8')) as {
      events: PeerEvent[];
    };
    const f = read(file);
    const ours = entriesByLine(f);

    it('reads every expected event with the same status, substatus and win32', () => {
      expect(expected.events.length).toBeGreaterThan(0);
      for (const ev of expected.events) {
        const e = ours.get(normalise(ev.original).text.trim());
        expect(e, `line ${ev.line_index}`).toBeDefined();
        expect(triple(e), ev.original.slice(0, 80)).toEqual([
          ev['http.response.status_code'] ?? null,
          ev['iis.access.sub_status'] ?? null,
          ev['iis.access.win32_status'] ?? null,
        ]);
      }
    });

    it('finds the same client address, keeping an IPv6 zone id the peer drops', () => {
      for (const ev of expected.events) {
        const e = ours.get(normalise(ev.original).text.trim());
        // Deliberate difference: the peer strips "%3" from fe80::...%3; the zone is part of what IIS logged.
        expect(e?.clientIp?.replace(/%\w+$/, '') ?? null, ev.original.slice(0, 80)).toBe(
          ev['source.ip'] ?? null,
        );
      }
    });

    it('leaves no line behind', () => {
      expect(f.skipped).toEqual([]);
    });
  });

  it('Elastic beats: reads the 15-value lines after a 22-name #Fields line by their own layout, with a note', () => {
    const f = read('elastic-beats/access/test.log');
    const late = f.entries.filter((e) => e.note);
    expect(late.map((e) => [e.layout, ...triple(e)])).toEqual([
      ['iis85', 401, 0, 0],
      ['iis85', 404, 0, 2],
    ]);
    expect(late[0]?.note).toContain('15 values under a #Fields line of 22 names');
  });

  it('Elastic integrations: keeps cs-host as cs-host where the peer files it as the referrer (header-less 20-value line)', () => {
    const e = read('elastic-integrations/access/test-iis-access.log').entries[5];
    expect(e).toMatchObject({ layout: 'anchored', status: 200, clientIp: '67.43.156.13' });
    expect(e?.fields['cs(Referer)']).toBeUndefined();
  });

  it('DataDog: reads the header-less IIS 7 line like the peer (but s-port stays the server port)', () => {
    const sample =
      /sample: "(.*)"/.exec(
        readFileSync(`${PEERS}datadog-integrations-core/iis_tests.yaml`, 'utf8'),
      )?.[1] ?? '';
    const [e] = readMessage(sample, ref).entries;
    expect(triple(e)).toEqual([200, 211, 322]);
    expect(e).toMatchObject({
      layout: 'iis7',
      username: 'toto',
      clientIp: '123.123.123.123',
      method: 'GET',
      uriStem: '/images/picture.jpg',
    });
    expect(e?.fields['s-port']).toBe('80');
    expect(e?.fields['time-taken']).toBe('1234');
  });

  it('wazuh: reads each IIS case as an entry with the status its rule names, and the Apache line as none', () => {
    const ini = readFileSync(`${PEERS}wazuh-ruleset/web_rules.ini`, 'utf8');
    const cases = [
      ...ini.matchAll(/^\[(.*)\]\nlog 1 (pass|fail) = (.*)\n(?:.*\n){2}decoder = (.*)$/gm),
    ];
    expect(cases.length).toBe(5);
    for (const [, title = '', , line = '', decoder = ''] of cases) {
      const f = readMessage(line, ref);
      if (!decoder.includes('iis')) {
        expect(f.entries, title).toEqual([]);
        continue;
      }
      const status = Number(/code (\d{3})/.exec(title)?.[1]);
      expect(
        f.entries.map((e) => e.status),
        title,
      ).toEqual([status]);
      // wazuh's iis6 decoder is the layout with s-sitename and s-computername: our all-fields.
      expect(f.entries[0]?.layout, title).toEqual(
        decoder.endsWith('iis6') ? 'all-fields' : expect.stringMatching(/^iis(7|85)$/),
      );
    }
  });

  it('lnav: null substatus for the quoted garbage, as its SQL test expects', () => {
    const expected = JSON.parse(
      readFileSync(`${PEERS}lnav/test_sql.sh_61471583c5e2f8ede3a8adefce682c27bf3924c8.out`, 'utf8'),
    ) as { sc_substatus: number | null }[];
    const f = read('lnav/logfile_w3c.3');
    expect(f.entries.map((e) => e.substatus)).toEqual(expected.map((r) => r.sc_substatus));
    expect(f.entries.map((e) => e.status)).toEqual([200, 301, 404]);
  });

  it('lnav: user agent, referer and host come out unquoted, "-" as null, like its SQL test', () => {
    const expected = JSON.parse(
      readFileSync(`${PEERS}lnav/test_sql.sh_1f892b85dc9008c7b3bab7fdf8aa372a6d5ae22c.out`, 'utf8'),
    ) as { cs_headers: Record<string, string | null> }[];
    const f = read('lnav/logfile_w3c.3');
    expect(
      f.entries.map((e) => ({
        'User-Agent': e.userAgent,
        Referer: e.fields['cs(Referer)'],
        Host: e.fields['cs(Host)'],
      })),
    ).toEqual(expected.map((r) => r.cs_headers));
  });

  it('lnav: reads the time-only lines of both header blocks with the times its test expects', () => {
    const expected = readFileSync(`${PEERS}lnav/test_logfile.sh-w3c-expected.txt`, 'utf8');
    const block = expected.slice(
      expected.indexOf('=== input: logfile_w3c.2'),
      expected.indexOf('=== input: logfile_w3c.4'),
    );
    const times = [...block.matchAll(/^\w{3} \d{2} (\d{2}:\d{2}:\d{2}) 2000/gm)].map((m) => m[1]);
    expect(read('lnav/logfile_w3c.2').entries.map((e) => e.time)).toEqual(times);
  });

  it('lnav: reads the quoted Incapsula dates and times its test expects', () => {
    const f = read('lnav/logfile_w3c.4');
    expect(f.entries.map((e) => `${e.date} ${e.time}`)).toEqual([
      '2017-06-28 07:26:35',
      '2017-06-26 18:21:17',
    ]);
    expect(f.entries.map((e) => e.status)).toEqual([200, null]);
  });

  it('lnav: detects the docs sample and the UTF-8 line, and anchors the line with more values than fields', () => {
    expect(read('lnav/logfile_w3c.0').entries.map(triple)).toEqual([[200, null, null]]);
    expect(read('lnav/logfile_w3c.1').entries.map(triple)).toEqual([[200, null, null]]);
    expect(read('lnav/logfile_w3c.6').entries.map(triple)).toEqual([[404, 0, 2]]);
    const five = read('lnav/logfile_w3c.5').entries;
    expect(five.map((e) => [e.layout, ...triple(e)])).toEqual([['anchored', 404, 0, 2]]);
    expect(five[0]?.note).toContain('17 values under a #Fields line of 6 names');
  });

  it('lnav: reads all 210 lines of the big sample through its repeated header blocks', () => {
    const f = read('lnav/logfile_w3c_big.0');
    const count = (t: string) => f.entries.filter((e) => triple(e).join(' ') === t).length;
    expect(f.entries).toHaveLength(210);
    expect(count('404 0 2')).toBe(200);
    expect(count('200 0 0') + count('404 0 0') + count('200 0 64')).toBe(10);
    expect(f.skipped).toEqual([]);
  });

  describe.each([
    'u_ex100815.log',
    'u_ex160110.log',
    'ex960101.log',
    'ex031118.log',
    'pf040903.log',
  ])('brianary %s (no expected output upstream)', (name) => {
    const text = readFileSync(`${PEERS}brianary-scripts/${name}`, 'utf8');
    it('reads every data line at the positions its #Fields line names', () => {
      const f = readMessage(text, ref);
      let names: string[] = [];
      const want: (number | null)[][] = [];
      for (const raw of text.split(/\r?\n/)) {
        if (raw.startsWith('#Fields:')) names = raw.slice(8).trim().split(/\s+/);
        if (raw.startsWith('#') || raw.trim() === '') continue;
        const v = raw.trim().split(/\s+/);
        const at = (n: string) => {
          const i = names.indexOf(n);
          const x = i < 0 ? undefined : v[i];
          return x === undefined || x === '-' ? null : Number(x);
        };
        want.push([at('sc-status'), at('sc-substatus'), at('sc-win32-status')]);
      }
      expect(f.entries.map(triple)).toEqual(want);
    });
  });

  it('brianary: reads the comma-separated IIS log file format without inventing a substatus', () => {
    expect(read('brianary-scripts/ex010320.log').entries.map(triple)).toEqual([
      [200, null, 0],
      [200, null, 0],
    ]);
  });
});
