import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import { LAYOUTS } from '../../src/w3c/fields.js';
import { loadReference } from './reference.js';
import { scanBytes } from '../w3c/helpers.js';
import { summarise } from '../../src/w3c/summarise.js';

const ref = loadReference();
const HEADER = `#Fields: ${LAYOUTS.iis85}`;

/** One IIS 8.5 line: time, client, URL, user, triple. */
const line = (
  time: string,
  ip: string,
  uri: string,
  user: string,
  codes: string,
  ua = 'Mozilla/5.0+(Windows+NT+10.0)',
) => `2024-06-21 ${time} 10.0.0.1 GET ${uri} - 80 ${user} ${ip} ${ua} - ${codes} 5`;
const read = (...lines: string[]) => readMessage([HEADER, ...lines].join('\n'), ref);
const kinds = (...lines: string[]) => read(...lines).sequences.map((s) => [s.kind, s.entries]);

describe('sequences', () => {
  it('treats 401.2, 401.1, 200 from one client as a handshake', () => {
    const f = read(
      line('10:00:00', '10.1.1.1', '/app', '-', '401 2 5'),
      line('10:00:00', '10.1.1.1', '/app', '-', '401 1 2148074254'),
      line('10:00:00', '10.1.1.1', '/app', 'CONTOSO\\ann', '200 0 0'),
    );
    expect(f.sequences).toEqual([
      {
        kind: 'handshake-complete',
        client: '10.1.1.1',
        uri: '/app',
        userAgent: 'Mozilla/5.0+(Windows+NT+10.0)',
        entries: [0, 1, 2],
        user: 'CONTOSO\\ann',
      },
    ]);
    expect(f.signals).toContainEqual(
      expect.objectContaining({ fact: 'handshake-completes', value: 'yes' }),
    );
  });

  it('treats 401.2 then 304 as a Kerberos round trip', () => {
    expect(
      kinds(
        line('10:00:00', '10.1.1.1', '/app', '-', '401 2 5'),
        line('10:00:01', '10.1.1.1', '/app', 'C\\u', '304 0 0'),
      ),
    ).toEqual([['kerberos-complete', [0, 1]]]);
  });

  it('keeps clients and URLs apart, even when their lines interleave', () => {
    expect(
      kinds(
        line('10:00:00', '10.1.1.1', '/app', '-', '401 2 5'),
        line('10:00:00', '10.2.2.2', '/app', '-', '401 2 5'),
        line('10:00:00', '10.1.1.1', '/app', '-', '401 1 2148074254'),
        line('10:00:00', '10.1.1.1', '/other', '-', '200 0 0'),
        line('10:00:01', '10.1.1.1', '/app', 'C\\u', '200 0 0'),
      ),
    ).toEqual([['handshake-complete', [0, 2, 4]]]);
  });

  it('calls legs that end without a success a failed handshake', () => {
    const f = read(
      line('10:00:00', '10.1.1.1', '/app', '-', '401 2 5'),
      line('10:00:00', '10.1.1.1', '/app', '-', '401 1 2148074248'),
    );
    expect(f.sequences.map((s) => [s.kind, s.entries])).toEqual([['handshake-failed', [0, 1]]]);
    expect(f.signals).toContainEqual(
      expect.objectContaining({ fact: 'handshake-completes', value: 'no' }),
    );
  });

  it('calls a last 401.1 with a failing win32 a failed handshake even when a success follows', () => {
    expect(
      kinds(
        line('10:00:00', '10.1.1.1', '/app', '-', '401 2 5'),
        line('10:00:00', '10.1.1.1', '/app', '-', '401 1 1326'),
        line('10:00:05', '10.1.1.1', '/app', '-', '200 0 0'),
      ),
    ).toEqual([['handshake-failed', [0, 1]]]);
  });

  it('does not join legs that are minutes apart', () => {
    expect(
      kinds(
        line('10:00:00', '10.1.1.1', '/app', '-', '401 2 5'),
        line('10:00:00', '10.1.1.1', '/app', '-', '401 1 2148074254'),
        line('10:05:00', '10.1.1.1', '/app', 'C\\u', '200 0 0'),
      ),
    ).toEqual([['handshake-failed', [0, 1]]]);
  });

  it('says nothing about one lone challenge leg', () => {
    expect(kinds(line('10:00:00', '10.1.1.1', '/app', '-', '401 2 5'))).toEqual([]);
  });

  it('finds failing 401s repeated by one client, whatever their codes', () => {
    const f = read(
      line('10:00:00', '10.1.1.1', '/a', '-', '401 1 1326'),
      line('10:00:02', '10.1.1.1', '/b', '-', '401 3 5'),
      line('10:00:04', '10.1.1.1', '/a', '-', '401 1 1326'),
      line('10:00:04', '10.3.3.3', '/a', '-', '401 1 1326'),
    );
    expect(f.sequences.find((s) => s.kind === 'repeated-failure')).toEqual({
      kind: 'repeated-failure',
      client: '10.1.1.1',
      uri: null,
      userAgent: 'Mozilla/5.0+(Windows+NT+10.0)',
      entries: [0, 1, 2],
      user: null,
    });
  });

  it('counts neither other statuses nor a last undecided leg as failing 401s', () => {
    expect(
      kinds(
        line('10:00:00', '10.1.1.1', '/a', '-', '403 4 5'),
        line('10:00:01', '10.1.1.1', '/a', '-', '403 4 5'),
        line('10:00:02', '10.1.1.1', '/a', '-', '401 3 5'),
        line('10:00:03', '10.1.1.1', '/a', '-', '403 4 5'),
        line('10:00:04', '10.1.1.1', '/b', '-', '401 2 5'),
      ),
    ).toEqual([]);
  });

  it('counts a refused leg of a handshake that still completed as a failing 401', () => {
    expect(
      kinds(
        line('10:00:00', '10.1.1.1', '/app', '-', '401 2 5'),
        line('10:00:00', '10.1.1.1', '/app', '-', '401 1 2148074248'),
        line('10:00:00', '10.1.1.1', '/app', '-', '401 1 0'),
        line('10:00:01', '10.1.1.1', '/app', 'C\\u', '200 0 0'),
        line('10:00:02', '10.1.1.1', '/x', '-', '401 3 5'),
        line('10:00:03', '10.1.1.1', '/y', '-', '401 1 1326'),
      ),
    ).toEqual([
      ['handshake-complete', [0, 1, 2, 3]],
      ['repeated-failure', [1, 4, 5]],
    ]);
  });

  it('does not count challenge legs of completed handshakes as repeats', () => {
    const legs = ['10:00:00', '10:01:00', '10:02:00'].flatMap((t) => [
      line(t, '10.1.1.1', '/app', '-', '401 2 5'),
      line(t, '10.1.1.1', '/app', 'C\\u', '200 0 0'),
    ]);
    expect(read(...legs).sequences.map((s) => s.kind)).toEqual([
      'kerberos-complete',
      'kerberos-complete',
      'kerberos-complete',
    ]);
  });

  it('groups header-less lines without a client address by URL and order (seed comment 52)', () => {
    const f = readMessage(
      [
        '2007-10-23 POST /reportserver/ReportService2005.asmx - 80 - 401 2 2148074254',
        '2007-10-23 POST /reportserver/ReportService2005.asmx - 80 - 401 1 0',
        '2007-10-23 POST /reportserver/ReportService2005.asmx - 80 - 401 1 2148074248',
        '2007-10-23 GET /reports - 80 - Mozilla/4.0+ 401 2 2148074254',
        '2007-10-23 GET /reports - 80 - Mozilla/4.0+ 401 1 0',
      ].join('\n'),
      ref,
    );
    expect(f.sequences.map((s) => [s.kind, s.uri, s.entries])).toEqual([
      ['handshake-failed', '/reportserver/ReportService2005.asmx', [0, 1, 2]],
      // five failing 401s from the one (unlogged) client, as the scan counts them
      ['repeated-failure', null, [0, 1, 2, 3, 4]],
      ['handshake-failed', '/reports', [3, 4]],
    ]);
  });
});

describe('sequences and the scan', () => {
  const kinds = (text: string) => {
    const f = readMessage(text, ref, { maxChars: 1_000_000 });
    const n = (k: string) => f.sequences.filter((s) => s.kind === k).length;
    return {
      complete: n('handshake-complete') + n('kerberos-complete'),
      failed: n('handshake-failed'),
      repeated: n('repeated-failure'),
    };
  };
  it.each(['leg-runs', 'long-clients'])(
    'judge the handshakes of %s alike (one set of rules)',
    (name) => {
      const bytes = readFileSync(new URL(`../fixtures/w3c/${name}.log`, import.meta.url));
      const hs = summarise(scanBytes(bytes)).handshakes;
      expect(kinds(bytes.toString('utf8'))).toEqual({
        complete: hs.completed,
        failed: hs.failed,
        repeated: hs.repeatedFailureClients,
      });
    },
  );
});
