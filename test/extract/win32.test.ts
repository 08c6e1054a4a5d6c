import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeWin32, parseWin32Token, readMessage } from '../../src/extract/index.js';
import { causeIds, CAUSE_IDS, itShared, sharedPath } from '../shared.js';
import { loadReference } from './reference.js';

const ref = loadReference();

describe('parseWin32Token', () => {
  it.each([
    ['1326', 1326],
    ['0', 0],
    ['2148074254', 2148074254],
    ['0x8009030E', 2148074254],
    ['0x8009030e', 2148074254],
    ['8009030E', 2148074254],
    ['0x52E', 1326],
    ['-1073741715', 3221225581],
    ['SEC_E_NO_CREDENTIALS', 2148074254],
    ['ERROR_LOGON_FAILURE', 1326],
    ['STATUS_LOGON_FAILURE', 3221225581],
    ['sec_e_invalid_token', 2148074248],
    ['E_ACCESSDENIED', 2147942405],
    ['0x80070005.', 2147942405],
  ])('reads %j', (token, value) => expect(parseWin32Token(token, ref)).toBe(value));

  it.each([
    '',
    'abc',
    'ERROR_NOT_A_REAL_NAME',
    '4294967296',
    '0x1FFFFFFFF',
    '-4294967297',
    '1.5',
    '12a',
  ])('refuses %j', (token) => expect(parseWin32Token(token, ref)).toBeNull());
});

describe('decodeWin32', () => {
  it('decodes table values with name, kind and hex', () => {
    expect(decodeWin32(2148074254, ref)).toMatchObject({
      hex: '0x8009030E',
      name: 'SEC_E_NO_CREDENTIALS',
      kind: 'sspi',
    });
    expect(decodeWin32(1326, ref)?.info?.entries).toContain('wrong-credentials');
  });

  it('turns a negative NTSTATUS into its unsigned value', () => {
    expect(decodeWin32(-1073741715, ref)).toMatchObject({
      value: 3221225581,
      name: 'STATUS_LOGON_FAILURE',
    });
  });

  it('explains an HRESULT-wrapped Win32 error that is not in the table', () => {
    const d = decodeWin32(0x8007052e, ref);
    expect(d).toMatchObject({
      kind: 'hresult',
      name: 'HRESULT_FROM_WIN32(ERROR_LOGON_FAILURE)',
      info: null,
    });
    expect(d?.meaning).toBe(decodeWin32(1326, ref)?.meaning);
  });

  it('says nothing it does not know', () => {
    expect(decodeWin32(123456, ref)).toMatchObject({
      info: null,
      name: null,
      meaning: null,
      kind: 'win32',
    });
    expect(decodeWin32(2 ** 32, ref)).toBeNull();
    expect(decodeWin32(1.5, ref)).toBeNull();
  });
});

describe('knowledge/reference/win32.yaml', () => {
  itShared('research/iis-facts.md', 'lists every value of iis-facts section 2', () => {
    const text = readFileSync(sharedPath('research/iis-facts.md'), 'utf8');
    const section = text.slice(text.indexOf('## 2.'), text.indexOf('## 3.'));
    const decimals = [...section.matchAll(/^\| (\d{1,10}) \|/gm)].map((m) => Number(m[1]));
    const hexes = [...section.matchAll(/0x(?:8007|C000)[0-9A-F]{4}/g)].map((m) =>
      Number.parseInt(m[0], 16),
    );
    const values = new Set(ref.win32.map((w) => w.value));
    expect(decimals.length).toBeGreaterThan(30);
    for (const v of [...decimals, ...hexes, 3221226036]) expect(values, String(v)).toContain(v);
  });

  itShared(CAUSE_IDS, 'links only knowledge ids listed in cause-ids.md', () => {
    const known = new Set(causeIds());
    for (const w of ref.win32)
      for (const id of w.entries) expect(known, `${w.name} -> ${id}`).toContain(id);
  });

  it('marks exactly the challenge-leg partners benign', () => {
    expect(
      ref.win32
        .filter((w) => w.benign)
        .map((w) => w.value)
        .sort((a, b) => a - b),
    ).toEqual([0, 5, 2148074254]);
  });

  it.each([
    [1326, ['wrong-credentials', 'anon-credentials-mismatch']],
    [2148074248, ['proxy-breaks-ntlm']],
    [1909, ['account-locked-or-disabled', 'anon-account-lockout']],
    [2148074254, ['ntlm-handshake-normal']],
    [1311, ['dc-unreachable']],
    [2148074257, ['dc-unreachable']],
    [2148074310, ['extended-protection-cbt']],
    [2148074274, ['kerberos-spn-missing']],
    [1385, ['logon-right-denied']],
    [2148074244, ['security-log-full']],
  ])('links %d to its causes', (value, entries) => {
    expect(ref.win32.find((w) => w.value === value)?.entries).toEqual(
      expect.arrayContaining(entries),
    );
  });
});

describe('win32 values in prose', () => {
  const codes = (text: string) =>
    readMessage(text, ref).codes.map(({ status, substatus, win32, source }) => ({
      status,
      substatus,
      win32,
      source,
    }));

  it.each([
    ['the log shows 0x8009030E', 2148074254],
    ['we get SEC_E_NO_CREDENTIALS', 2148074254],
    ['ERROR_LOGON_FAILURE every time', 1326],
    ['sc-win32-status is -1073741715', 3221225581],
    ['win32 status 2148074248', 2148074248],
    ['net helpmsg 1326 says bad password', 1326],
    ['value 2148074252 in the log', 2148074252],
  ])('reads a lone win32 value from %j', (text, win32) => {
    expect(codes(text)).toEqual([{ status: null, substatus: null, win32, source: 'win32' }]);
  });

  it('gives the win32 to the code of the same sentence', () => {
    expect(codes('We get a 401.1 with 0x8009030C on every request.')).toEqual([
      { status: 401, substatus: 1, win32: 2148074252, source: 'prose' },
    ]);
  });

  it('keeps a win32 of another sentence apart', () => {
    expect(codes('We get 401.1 errors. Elsewhere I saw 0x8009030C.')).toEqual([
      { status: 401, substatus: 1, win32: null, source: 'prose' },
      { status: null, substatus: null, win32: 2148074252, source: 'win32' },
    ]);
  });

  it.each(['error 5 times', 'about 1326 users', 'ticket 2148074254x', 'phone 2125551234'])(
    'does not take %j for a win32 value',
    (text) => expect(codes(text)).toEqual([]),
  );
});
