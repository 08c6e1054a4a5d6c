import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import { isoSecond } from '../../src/w3c/bytes.js';
import { dayOf, entrySecond, guessLayout, LAYOUTS } from '../../src/w3c/fields.js';
import { summarise } from '../../src/w3c/summarise.js';
import { loadReference } from '../extract/reference.js';
import { scanText } from './helpers.js';

const ref = loadReference();

// dates and times the rules must read or refuse, as the kernel reads them (kernel/values.ts)
const DATES = ['2024-06-21', '1966-01-01', '2033-12-31', '2024-02-31', '1965-12-31', '2034-01-01'];
const BAD_DATES = ['2024-13-01', '2024-00-10', '2024-06-32', '24-06-21', '2024-6-21', '-'];
const TIMES = ['00:00:00', '23:59:60', '10:00:00.123', '10:00:00+garbage'];
const BAD_TIMES = ['24:00:00', '10:60:00', '10:00:61', '9:00:00', '10:00', '-'];

describe('the date and time rule', () => {
  it('reads days since 2000 within the years the kernel reads', () => {
    expect(dayOf('2000-01-01')).toBe(0);
    expect(dayOf('2000-03-01')).toBe(60);
    expect(dayOf('2024-02-31')).toBe(dayOf('2024-03-02'));
    expect(dayOf('1965-12-31')).toBeNull();
    for (const d of BAD_DATES) expect(dayOf(d)).toBeNull();
  });

  it.each([...DATES, ...BAD_DATES].flatMap((d) => [...TIMES, ...BAD_TIMES].map((t) => [d, t])))(
    'dates %s %s as the scan kernel does',
    (date, time) => {
      const state = scanText(`#Fields: date time sc-status\n${date} ${time} 200\n`);
      const sec = entrySecond(date, time);
      expect(summarise(state).timeRange?.first ?? null).toBe(sec === null ? null : isoSecond(sec));
    },
  );

  it('dates the entries of a layout without a date column by #Date, in chat as in the scan', () => {
    const text = [
      '#Date: 2024-06-21 00:00:00',
      '#Fields: time c-ip cs-uri-stem sc-status sc-substatus sc-win32-status',
      '10:00:00 10.1.1.1 /app 401 2 5',
      '10:00:01 10.1.1.1 /app 200 0 0',
    ].join('\n');
    expect(readMessage(text, ref).entries.map((e) => e.date)).toEqual(['2024-06-21', '2024-06-21']);
    expect(summarise(scanText(text)).timeRange?.first).toBe('2024-06-21T10:00:00Z');
  });

  it('dates each day of a time-only layout by the #Date before it', () => {
    const day = (date: string, time: string): string[] => [
      `#Date: ${date} 00:00:00`,
      '#Fields: time c-ip cs-uri-stem sc-status sc-substatus sc-win32-status',
      `${time} 10.1.1.1 /app 401 2 5`,
    ];
    const text = [...day('2024-03-01', '23:00:00'), ...day('2024-03-04', '01:06:39')].join('\n');
    expect(summarise(scanText(text)).timeRange).toEqual({
      first: '2024-03-01T23:00:00Z',
      last: '2024-03-04T01:06:39Z',
    });
  });
});

describe('the default layout of a line without #Fields', () => {
  const line = (name: keyof typeof LAYOUTS, third: string): string[] =>
    LAYOUTS[name].split(' ').map((_, i) => (i === 0 ? '2024-06-21' : i === 2 ? third : 'x'));

  it.each([
    ['iis6', 'W3SVC1'],
    ['iis7', '10.0.0.1'],
    ['iis7', 'fe80::1'],
    ['iis85', '10.0.0.1'],
    ['all-fields', 'W3SVC1'],
  ] as const)('is %s for its value count (third value %s)', (name, third) => {
    const v = line(name, third);
    expect(guessLayout(v.length, v[0]!, v[2]!)).toBe(name);
  });

  it('is none for a line that does not start with a date or has another width', () => {
    expect(guessLayout(15, '10:00:00', '10.0.0.1')).toBeNull();
    expect(guessLayout(16, '2024-06-21', '10.0.0.1')).toBeNull();
  });

  it.each([
    ['2005-08-18 22:37:38 W3SVC1 10.0.0.1 GET / - 80 - 10.0.0.9 UA/1.0 401 2 5', 'iis6'],
    ['2010-08-15 00:39:30 10.0.0.1 GET / - 80 - 10.0.0.9 UA/1.0 401 2 5 15', 'iis7'],
  ])('is the one chat and the scan both read %j with', (text, name) => {
    expect(readMessage(text, ref).entries[0]?.layout).toBe(name);
    const notes = [...scanText(text).notes.keys()];
    expect(notes).toEqual([`no #Fields: read as the IIS ${name.slice(3)} default layout`]);
  });
});
