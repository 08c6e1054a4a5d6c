import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import type { LogEntry } from '../../src/extract/index.js';
import { LAYOUTS } from '../../src/w3c/fields.js';
import { loadReference } from './reference.js';

const ref = loadReference();
const read = (text: string) => readMessage(text, ref);
const triple = (e: LogEntry) => [e.status, e.substatus, e.win32];

const IIS85 = `#Fields: ${LAYOUTS.iis85}`;
const LINE85 =
  '2024-06-21 00:19:11 10.0.0.21 GET /app/default.aspx id=1 443 - 10.8.1.2 Mozilla/5.0+(Windows+NT+10.0) - 401 2 5 3';

describe('W3C lines under a #Fields line', () => {
  it('maps every value by its field name, with "-" as null', () => {
    const [e] = read(`${IIS85}\n${LINE85}`).entries;
    expect(e).toMatchObject({
      line: 2,
      layout: 'fields',
      status: 401,
      substatus: 2,
      win32: 5,
      date: '2024-06-21',
      time: '00:19:11',
      clientIp: '10.8.1.2',
      method: 'GET',
      uriStem: '/app/default.aspx',
      username: null,
      userAgent: 'Mozilla/5.0+(Windows+NT+10.0)',
    });
    expect(e?.fields['cs-uri-query']).toBe('id=1');
    expect(e?.fields['cs(Referer)']).toBeNull();
    expect(e?.note).toBeUndefined();
  });

  it('reads any order and subset of fields, custom fields included', () => {
    const f = read(
      '#Fields: sc-win32-status time c-ip X-Forwarded-For sc-status cs-uri-stem sc-substatus\n' +
        '2148074254 10:00:00 10.1.1.1 203.0.113.9,10.0.0.1 401 /x 1',
    );
    expect(f.entries.map(triple)).toEqual([[401, 1, 2148074254]]);
    expect(f.entries[0]?.fields['X-Forwarded-For']).toBe('203.0.113.9,10.0.0.1');
  });

  it('follows the newest #Fields line when the block repeats or changes', () => {
    const f = read(
      [
        '#Software: Microsoft Internet Information Services 10.0',
        `#Fields: ${LAYOUTS.iis85}`,
        LINE85,
        '#Software: Microsoft Internet Information Services 10.0',
        '#Fields: date time cs-uri-stem c-ip sc-status sc-substatus sc-win32-status',
        '2024-06-21 00:20:00 /a 10.1.1.1 200 0 0',
        '#Fields:   date  time  sc-status  sc-win32-status  sc-substatus  cs-uri-stem',
        '2024-06-21 00:21:00 401 1326 1 /b',
      ].join('\n'),
    );
    expect(f.entries.map(triple)).toEqual([
      [401, 2, 5],
      [200, 0, 0],
      [401, 1, 1326],
    ]);
    expect(f.entries.map((e) => e.uriStem)).toEqual(['/app/default.aspx', '/a', '/b']);
  });

  it('reads quoted values with "" escapes (Advanced Logging style)', () => {
    const f = read(
      '#Fields: date time c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status\n' +
        '2024-01-01 10:00:00 "10.1.1.1" "Mozilla/5.0 (X11; ""quoted"")" 401 " ""garbage"" " 5',
    );
    expect(f.entries[0]).toMatchObject({
      clientIp: '10.1.1.1',
      status: 401,
      substatus: null,
      win32: 5,
    });
    expect(f.entries[0]?.userAgent).toBe('Mozilla/5.0 (X11; "quoted")');
  });

  it('reads a negative win32 column as its unsigned NTSTATUS', () => {
    const f = read(`${IIS85}\n${LINE85.replace('401 2 5', '401 1 -1073741715')}`);
    expect(f.entries.map(triple)).toEqual([[401, 1, 3221225581]]);
  });
});

describe('header-less lines', () => {
  it.each([
    ['iis85', LINE85, [401, 2, 5]],
    [
      'iis7',
      '2010-08-15 00:39:30 67.222.136.138 GET / - 80 - 77.88.25.28 Mozilla/5.0+(compatible) 401 1 1326 15',
      [401, 1, 1326],
    ],
    [
      'iis6',
      '2005-08-18 22:37:38 W3SVC1 10.0.0.1 GET /en-US/ - 80 - 10.0.0.9 Mozilla/4.0+(compatible;+MSIE+6.0) 401 2 2148074254',
      [401, 2, 2148074254],
    ],
    [
      'all-fields',
      '2019-08-14 00:09:32 W3SVC1 WEB1 10.0.0.1 GET /help/default.aspx area= 80 - 10.0.0.9 HTTP/1.1 Mozilla/5.0 - - localhost 403 4 5 5279 160 15',
      [403, 4, 5],
    ],
  ])('chooses the %s default layout by shape', (layout, line, codes) => {
    const f = read(line);
    expect(f.entries[0]?.layout).toBe(layout);
    expect(triple(f.entries[0] as LogEntry)).toEqual(codes);
    expect(f.entries[0]?.note).toContain(`${layout} default layout`);
  });

  it('tells IIS 6 from IIS 7 lines of the same width by where the status columns sit', () => {
    const iis6 = read('2005-08-18 22:37:38 W3SVC1 10.0.0.1 GET / - 80 - 10.0.0.9 UA/1.0 200 0 0');
    const iis7 = read('2010-08-15 00:39:30 10.0.0.1 GET / - 80 - 10.0.0.9 UA/1.0 200 0 0 15');
    expect(iis6.entries[0]?.layout).toBe('iis6');
    expect(iis7.entries[0]?.layout).toBe('iis7');
    expect(iis7.entries[0]?.fields['time-taken']).toBe('15');
  });
});

describe('lines that do not match their header', () => {
  const ALL = `#Fields: ${LAYOUTS['all-fields']}`;

  it('anchors on the status columns when a blog engine dropped the IPs and turned "-" into "–"', () => {
    const f = read(
      `${ALL}\n2005-08-18 22:37:38 W3SVC1 USERALL GET /en-US/ \u2013 80 ADAPTEC\\DUR22561 HTTP/1.1 Mozilla/4.0+(compatible;+MSIE+6.0) NCPaging=1;+ASP.NET_SessionId=40lj – localhost 401 2 5 1854 363 0`,
    );
    const [e] = f.entries;
    expect(e).toMatchObject({
      layout: 'anchored',
      status: 401,
      substatus: 2,
      win32: 5,
      method: 'GET',
      uriStem: '/en-US/',
    });
    expect(e?.note).toMatch(/20 values under a #Fields line of 22 names: read by anchoring/);
    expect(e?.fields['sc-bytes']).toBe('1854');
    expect(e?.fields['time-taken']).toBe('0');
  });

  it('counts from the end when numbers follow the status columns', () => {
    const f = read(`${ALL}\n2005-08-18 22:37:38 GET /x 401 1 2148074254 200 0 0`);
    expect(f.entries.map(triple)).toEqual([[401, 1, 2148074254]]);
    expect(f.entries[0]?.fields['cs-bytes']).toBe('0');
  });

  it('reads a line of a default layout found under another header with that layout, saying so', () => {
    const f = read(`${ALL}\n${LINE85}`);
    expect(f.entries[0]).toMatchObject({ layout: 'iis85', status: 401, substatus: 2, win32: 5 });
    expect(f.entries[0]?.note).toMatch(/15 values under a #Fields line of 22 names.*iis85/);
  });

  it('reads header-less lines that lost their IPs and time (seed comment 52)', () => {
    const f = read(
      '#Software: Microsoft Internet Information Services 6.0\n#Version: 1.0\n' +
        '2007-10-23 POST /reportserver/ReportService2005.asmx \u2013 80 \u2013 401 2 2148074254\n' +
        '2007-10-23 GET /reports \u2013 80 \u2013 Mozilla/4.0+ 401 1 0',
    );
    expect(f.entries.map(triple)).toEqual([
      [401, 2, 2148074254],
      [401, 1, 0],
    ]);
    expect(f.entries.map((e) => [e.layout, e.uriStem, e.userAgent])).toEqual([
      ['anchored', '/reportserver/ReportService2005.asmx', null],
      ['anchored', '/reports', 'Mozilla/4.0+'],
    ]);
    expect(f.skipped).toEqual([]);
  });

  it('joins a line a chat client wrapped', () => {
    const f = read(
      `${IIS85}\n2024-06-21 00:19:11 10.0.0.21 GET /app/default.aspx id=1 443 - 10.8.1.2\nMozilla/5.0+(Windows+NT+10.0) - 401 1 2148074252 3\nThat is all I see.`,
    );
    expect(f.entries.map(triple)).toEqual([[401, 1, 2148074252]]);
    expect(f.entries[0]?.note).toContain('joined with line 3');
    expect(f.codes).toHaveLength(1);
  });

  it('reads lines inside ``` fences and Teams HTML', () => {
    const f = read(`<p>log:</p><pre>${IIS85}<br>${LINE85.replace(/ - /g, ' &#8211; ')}</pre>`);
    expect(f.entries.map(triple)).toEqual([[401, 2, 5]]);
    const g = read('```\n' + LINE85 + '\n```');
    expect(g.entries.map(triple)).toEqual([[401, 2, 5]]);
  });

  it('lists a log line it cannot read, with the reason, and drops none silently', () => {
    const f = read(
      `${IIS85}\n2024-06-21 00:19:11 10.0.0.21 GET /a - 443 - 10.8.1.2 UA garbage only`,
    );
    expect(f.entries).toEqual([]);
    expect(f.skipped).toEqual([
      { line: 2, reason: '12 values under a #Fields line of 15 names and no status columns found' },
    ]);
  });

  it('keeps the columns in order, with a note, when the header has no status columns', () => {
    const f = read(
      '#Fields: date c-ip cs-uri-stem cs-bytes\n2003-11-18 192.168.1.102 /images/address.gif',
    );
    expect(f.entries[0]).toMatchObject({
      clientIp: '192.168.1.102',
      uriStem: '/images/address.gif',
      status: null,
    });
    expect(f.entries[0]?.note).toBe(
      '3 values under a #Fields line of 4 names: the last 1 fields are empty',
    );
  });

  it('treats dated prose as prose', () => {
    const f = read('2024-06-21 we moved the site and now get 401.2');
    expect(f.entries).toEqual([]);
    expect(f.skipped).toEqual([]);
    expect(f.codes.map(triple as never)).toEqual([[401, 2, null]]);
  });
});

describe('HTTP.sys error lines', () => {
  it('reads status and reason phrase, never the site id as a substatus', () => {
    const f = read(
      '2011-12-01 10:00:00 10.0.0.9 51000 10.0.0.1 80 HTTP/1.1 GET /x 503 1 Timer_AppPool DefaultAppPool',
    );
    expect(f.entries[0]).toMatchObject({
      layout: 'httperr',
      status: 503,
      substatus: null,
      win32: null,
      uriStem: '/x',
    });
    expect(f.entries[0]?.fields['s-reason']).toBe('Timer_AppPool');
    expect(f.codes).toEqual([
      expect.objectContaining({ status: 503, substatus: null, win32: null, source: 'httperr' }),
    ]);
  });

  it('reads them under their #Fields line', () => {
    const f = read(
      '#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename\n' +
        '2018-01-01 11:12:13 81.2.69.143 64388 127.0.0.1 80 - - - - - Timer_MinBytesPerSecond -',
    );
    expect(f.entries[0]).toMatchObject({ layout: 'httperr', status: null });
    expect(f.entries[0]?.fields['s-reason']).toBe('Timer_MinBytesPerSecond');
  });
});

describe('IIS FTP lines', () => {
  it('reads win32 before substatus in the FTP layout', () => {
    const f = read(
      '2022-10-05 10:43:56 172.16.1.1 user1 192.168.2.2 21 PASS - 530 1326 1 8124db49-68d2-461c-a95b-d92ad1e8af15 -',
    );
    expect(f.entries[0]).toMatchObject({
      layout: 'ftp',
      status: 530,
      substatus: 1,
      win32: 1326,
      username: 'user1',
    });
    expect(f.codes[0]?.source).toBe('ftp');
  });

  it('reads FTP lines by their #Fields line', () => {
    const f = read(
      '#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-stem sc-status sc-win32-status sc-substatus x-session x-fullpath\n' +
        '2022-10-05 10:43:56 172.16.1.1 user1 192.168.2.2 21 ControlChannelClosed - - 0 0 8124db49-68d2-461c-a95b-d92ad1e8af15 -',
    );
    expect(f.entries[0]).toMatchObject({ layout: 'ftp', status: null, substatus: 0, win32: 0 });
  });
});

describe('the IIS log file format', () => {
  it('reads comma-separated lines and says there is no substatus', () => {
    const f = read(
      '192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SERVER, 172.21.13.45, 4502, 163, 3223, 401, 1326, GET, /DeptLogo.gif, -,',
    );
    expect(f.entries[0]).toMatchObject({
      status: 401,
      substatus: null,
      win32: 1326,
      uriStem: '/DeptLogo.gif',
    });
    expect(f.entries[0]?.note).toContain('IIS log file format');
  });
});
