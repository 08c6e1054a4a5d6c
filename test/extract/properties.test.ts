import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isHttpStatus, readMessage } from '../../src/extract/index.js';
import type { Findings } from '../../src/extract/index.js';
import { LAYOUTS } from '../../src/w3c/fields.js';
import { devCases, DEV_CASES, itShared } from '../shared.js';
import { loadReference } from './reference.js';

const ref = loadReference();

/** Invariants every Findings keeps, whatever the input. */
function checkFindings(f: Findings, input: string): void {
  const lines = f.text.split('\n').length;
  expect(f.text.length).toBeLessThanOrEqual(input.length * 3 + 10);
  const keys = f.codes.map((c) => `${c.status}.${c.substatus}.${c.win32}`);
  expect(new Set(keys).size).toBe(keys.length);
  for (const c of f.codes) {
    expect(c.status === null || (c.status >= 100 && c.status <= 999)).toBe(true);
    expect(c.win32 === null || (c.win32 >= 0 && c.win32 <= 0xffffffff)).toBe(true);
    expect(c.evidence.length).toBeLessThanOrEqual(120);
  }
  for (const e of f.entries) expect(e.line >= 1 && e.line <= lines).toBe(true);
  for (const s of f.sequences) for (const i of s.entries) expect(f.entries[i]).toBeDefined();
}

const FRAGMENTS = [
  '401',
  '401.2',
  '.',
  ' ',
  '  ',
  '\n',
  '\r\n',
  '\t',
  '-',
  '\u2013',
  '"',
  '""',
  '#Fields: ',
  '#Software: ',
  LAYOUTS.iis85,
  LAYOUTS['all-fields'],
  '2024-01-01 ',
  '10:00:00 ',
  'GET ',
  '/x ',
  '10.0.0.1 ',
  '0 ',
  '5 ',
  '2148074254',
  '-1073741715',
  '0x8009030E',
  'SEC_E_NO_CREDENTIALS',
  '<p>',
  '</p>',
  '<br>',
  '<',
  '>',
  '&nbsp;',
  '&#8211;',
  '<at>',
  '</at>',
  '```',
  'Authorization: Negotiate ',
  'TlRMTVNTUAAB',
  'password=',
  'HTTP Error ',
  'Logon failed',
  ' due to server configuration',
  'proxy',
  'not ',
  'IIS 6',
  'Timer_AppPool',
  '503 1 ',
  '\u00a0',
  'sc-substatus ',
  'win32 status as ',
  '[x](http://y)',
  '\\\\srv\\share',
  'https://',
  'localhost',
];

describe('readMessage on any input', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (s) => {
        checkFindings(readMessage(s, ref), s);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on messages built from the fragments the reader looks for', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 300 }), (parts) => {
        const s = parts.join('');
        checkFindings(readMessage(s, ref), s);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws with odd options and a broken reference', () => {
    for (const maxChars of [0, 1, -5, Number.NaN, Infinity, 2.5]) {
      expect(
        readMessage('401.2 and 401 1 5', ref, { maxChars }).codes.length,
      ).toBeGreaterThanOrEqual(0);
    }
    const broken = { statusCodes: null, win32: undefined, errorPages: 'x' } as never;
    expect(readMessage('HTTP Error 401.2 and 0x8009030E', broken).codes[0]).toMatchObject({
      status: 401,
      substatus: 2,
    });
  });

  itShared(DEV_CASES, 'never throws on real messages with characters inserted and deleted', () => {
    const messages = devCases().map((c) => c.message);
    const edit = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 20 }),
      ins: fc.string({ unit: 'binary', maxLength: 20 }),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...messages),
        fc.array(edit, { maxLength: 8 }),
        (message, edits) => {
          let s = message;
          for (const e of edits) {
            const at = e.at % (s.length + 1);
            s = s.slice(0, at) + e.ins + s.slice(at + e.del);
          }
          checkFindings(readMessage(s, ref), s);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('readMessage on 1 MB adversarial messages', () => {
  const MB = 1_000_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  it.each([
    ['digit runs', fill('4014014014014014014 ')],
    ['dot runs', fill('401.401.401.401.')],
    ['digits and dots without spaces', fill('401.2')],
    ['space-separated triples', fill('401 2 5 ')],
    ['#Fields: repeated', fill(`#Fields: ${LAYOUTS.iis85}\n`)],
    ['#Fields: with data lines', fill(`#Fields: date time sc-status\n2024-01-01 10:00:00 401\n`)],
    ['unclosed "<" runs', fill('<')],
    ['unclosed tags', fill('<p class="x ')],
    ['unclosed mentions', fill('<at>bot ')],
    ['whitespace runs', fill(' \t')],
    ['one long line of values', `2024-01-01 ${fill('a ')}`.slice(0, MB)],
    ['dated lines', fill('2024-01-01 10:00:00 GET / - 80 - 10.0.0.1 UA 401 2 5 0\n')],
    ['mangled dated lines', fill('2024-01-01 GET /x 80 401 1 2148074248 \n')],
    ['unclosed quotes', fill('2024-01-01 "a ')],
    ['long tokens after a scheme', `Authorization: Negotiate ${fill('A')}`.slice(0, MB)],
    ['password runs', fill('password=')],
    ['entity runs', fill('&#')],
    ['newlines', fill('\n')],
    ['error-page phrases', fill('logon failed due to ')],
    ['signal words', fill('not behind a proxy but anonymous is enabled on IIS 6 ')],
  ])(
    'reads %s',
    (_name, text) => {
      const f = readMessage(text, ref);
      expect(f.truncated).toBe(false);
      checkFindings(f, text);
    },
    20_000,
  );

  it('cuts a message above the limit and says so', () => {
    const f = readMessage('401.2 '.repeat(200_000), ref);
    expect(f.truncated).toBe(true);
    expect(f.text.length).toBeLessThanOrEqual(1_000_000);
    expect(f.codes.map((c) => [c.status, c.substatus])).toEqual([[401, 2]]);
  });
});

describe('isHttpStatus', () => {
  it.each([
    [401, true],
    [503, true],
    [200, true],
    [443, false],
    [999, false],
    [0, false],
  ])('%d -> %s', (n, ok) => expect(isHttpStatus(n)).toBe(ok));
});
