import { describe, expect, it } from 'vitest';
import { isoSecond } from '../../src/w3c/bytes.js';
import { MAX_LINE } from '../../src/w3c/kernel-abi.js';
import { scanBytes, scanText, tripleCounts } from './helpers.js';

const F15 =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
const line = (status: string, extra = '', ua = 'Mozilla/5.0+(Windows)'): string =>
  `2024-03-11 10:00:01 10.0.0.1 GET /owa/ - 443 - 10.1.2.3 ${ua} - ${status} 15${extra}`;

describe('W3cReader', () => {
  it('counts every line as a directive, an entry or a skipped line', () => {
    const s = scanText(
      [
        '#Software: Microsoft Internet Information Services 10.0',
        F15,
        line('200 0 0'),
        '',
        line('401 2 5'),
      ].join('\n'),
    );
    expect(s.lines).toBe(5);
    expect(s.directives).toBe(2);
    expect(s.entries).toBe(2);
    expect(s.skipped).toBe(1);
    expect(s.lines).toBe(s.directives + s.entries + s.skipped);
    expect(Object.fromEntries(s.skippedReasons)).toEqual({ 'blank line': 1 });
  });

  it('reads CRLF and LF alike, and a last line without a newline', () => {
    const lf = scanText([F15, line('401 1 1326'), line('200 0 0')].join('\n'));
    const crlf = scanText([F15, line('401 1 1326'), line('200 0 0')].join('\r\n') + '\r\n');
    expect(tripleCounts(crlf)).toEqual(tripleCounts(lf));
    expect(tripleCounts(lf)).toEqual({ '401 1 1326': 1, '200 0 0': 1 });
  });

  it('follows a #Fields change mid-file: the newest header drives the columns', () => {
    const s = scanText(
      [
        '#Fields: date time c-ip sc-status sc-substatus sc-win32-status',
        '2024-03-11 10:00:01 10.1.1.1 401 2 5',
        '#Fields: date time sc-win32-status sc-status c-ip sc-substatus',
        '2024-03-11 10:00:02 1326 401 10.1.1.1 1',
      ].join('\n'),
    );
    expect(tripleCounts(s)).toEqual({ '401 2 5': 1, '401 1 1326': 1 });
    expect(s.notes.size).toBe(0);
  });

  it('gives the same counts whatever the chunk boundaries', () => {
    const text = [
      F15,
      line('401 2 5'),
      '#Remark: x',
      line('401 1 2148074254'),
      line('200 0 0'),
      line('403 14 0'),
    ].join('\r\n');
    const whole = scanText(text);
    for (const size of [1, 2, 3, 7, 64, 100]) {
      const s = scanText(text, size);
      expect({ ...tripleCounts(s), lines: s.lines, entries: s.entries }).toEqual({
        ...tripleCounts(whole),
        lines: whole.lines,
        entries: whole.entries,
      });
    }
  });

  it('reads header-less lines by their shape (IIS 8.5+, IIS 6 vs IIS 7, all fields)', () => {
    const s = scanText(
      [
        line('401 1 1326'),
        '2024-03-11 10:00:01 W3SVC1 10.0.0.1 GET /a - 80 - 10.1.2.3 curl/8 401 3 5',
        '2024-03-11 10:00:01 10.0.0.1 GET /a - 80 - 10.1.2.3 curl/8 403 7 5 12',
      ].join('\n'),
    );
    expect(tripleCounts(s)).toEqual({ '401 1 1326': 1, '401 3 5': 1, '403 7 5': 1 });
    expect(Object.fromEntries(s.notes)).toEqual({
      'no #Fields: read as the IIS 8.5+ default layout': 1,
      'no #Fields: read as the IIS 6 default layout': 1,
      'no #Fields: read as the IIS 7 default layout': 1,
    });
  });

  it('reads a line that does not match #Fields by its layout or by the status triple, with a note', () => {
    const s = scanText(
      [
        '#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken',
        line('401 0 0'),
        '2024-03-11 10:00:01 W3SVC1 GET / - 80 - 127.0.0.1 UA - - example.com 404 0 2 123 456 789',
        '2024-03-11 10:00:01 only five values here',
      ].join('\n'),
    );
    expect(tripleCounts(s)).toEqual({ '401 0 0': 1, '404 0 2': 1 });
    expect(Object.fromEntries(s.notes)).toEqual({
      '15 values where #Fields names 22: read as the IIS 8.5+ default layout': 1,
      '19 values where #Fields names 22: read by locating the status triple': 1,
    });
    expect(Object.fromEntries(s.skippedReasons)).toEqual({ '6 values where #Fields names 22': 1 });
  });

  it('skips binary junk and invalid UTF-8, and reads valid UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${F15}\n`),
      Buffer.from(`${line('200 0 0', '', 'M\u00f6zill\u00e4/5.0')}\n`),
      Buffer.from([0x00, 0x01, 0x02, 0x20, 0x34, 0x30, 0x31, 0x0a]),
      Buffer.concat([Buffer.from(line('401 2 5', '', 'bad')), Buffer.from([0xc3, 0x28, 0x0a])]),
    ]);
    const s = scanBytes(bytes);
    expect(s.entries).toBe(1);
    expect(Object.fromEntries(s.skippedReasons)).toEqual({
      'control characters (binary data)': 1,
      'not valid UTF-8 (binary data or a legacy code page)': 1,
    });
  });

  it('skips lines longer than the bound, inside a chunk and across chunks', () => {
    const long = `${line('200 0 0')} ${'x'.repeat(MAX_LINE)}`;
    const text = [F15, long, line('401 2 5')].join('\n');
    for (const chunk of [0, 4096]) {
      const s = scanText(text, chunk);
      expect(s.entries).toBe(1);
      expect(Object.fromEntries(s.skippedReasons)).toEqual({ 'longer than 64 KiB': 1 });
      expect(s.lines).toBe(3);
    }
  });

  it('reads double-quoted values with spaces and doubled quotes (Advanced Logging)', () => {
    const s = scanText(
      [
        '#Fields:   date-local time-local   c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status',
        '2012-08-15 17:00:00.363 "70.95.0.0" "Mozilla/5.0 (Linux; Android)" 200 0 0',
        '2012-08-15 17:00:00.675 "173.5.0.0" "Mozilla/5.0 (Mac)" 404 " ""garbage"" w/ spaces " 0',
      ].join('\n'),
    );
    expect(tripleCounts(s)).toEqual({ '200 0 0': 1, '404 - 0': 1 });
    expect(Object.fromEntries(s.notes)).toEqual({
      'a status value is not a number (read as not logged)': 1,
    });
  });

  it('dates a time-only file from its #Date directive', () => {
    const s = scanText(
      [
        '#Date: 2000-10-09 16:44:49',
        '#Fields: time c-ip cs-method cs-uri-stem sc-status',
        '16:44:49 1.1.1.1 [2]USER anonymous 331',
        '#Date: 2000-10-10 16:44:49',
        '16:48:05 1.1.1.1 [2]QUIT - 226',
      ].join('\n'),
    );
    expect(isoSecond(s.firstSec)).toBe('2000-10-09T16:44:49Z');
    expect(isoSecond(s.lastSec)).toBe('2000-10-10T16:48:05Z');
    expect(tripleCounts(s)).toEqual({ '331 - -': 1, '226 - -': 1 });
  });

  it('reads a file that starts with a UTF-8 byte order mark', () => {
    const s = scanBytes(
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from([F15, line('401 2 5')].join('\n')),
      ]),
    );
    expect(s.directives).toBe(1);
    expect(tripleCounts(s)).toEqual({ '401 2 5': 1 });
    expect(s.notes.size).toBe(0);
  });

  it('keeps win32 values above 2^31 and three-digit substatus codes exact', () => {
    const s = scanText([F15, line('401 1 2148074254'), line('401 502 0')].join('\n'));
    expect(tripleCounts(s)).toEqual({ '401 1 2148074254': 1, '401 502 0': 1 });
  });

  it('reads win32 values as the chat reader does: a negative NTSTATUS unsigned, past 32 bits none', () => {
    const s = scanText([F15, line('401 1 -1073741715'), line('401 1 99999999999')].join('\n'));
    expect(tripleCounts(s)).toEqual({ '401 1 3221225581': 1, '401 1 -': 1 });
    expect(Object.fromEntries(s.notes)).toEqual({
      'a status value is not a number (read as not logged)': 1,
    });
  });
});
