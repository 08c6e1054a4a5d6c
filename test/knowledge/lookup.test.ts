import { describe, expect, it } from 'vitest';
import {
  entryById,
  findStatusCode,
  findWin32,
  parseStatusCodes,
  parseWin32,
  type Knowledge,
  type ReferenceData,
} from '../../src/knowledge/index.js';
import { STATUS_CODES, WIN32 } from './helpers.js';

function reference(): ReferenceData {
  const codes = parseStatusCodes(
    's',
    `${STATUS_CODES}
- status: 405
  substatus: 0
  label: Method not allowed
  meaning: The verb is not allowed here.
  first_steps: [Check the handler mapping]
  versions: [iis7]
  sources: [S1]
`,
  );
  const win32 = parseWin32(
    'w',
    `${WIN32}
- value: 3221225581
  name: STATUS_LOGON_FAILURE
  kind: ntstatus
  meaning: Logon failure.
  in_iis: Seen as a negative number in some logs.
  sources: [ntstatus.h]
`,
  );
  if (!codes.ok || !win32.ok) throw new Error('fixture does not parse');
  return {
    statusCodes: codes.value,
    win32: win32.value,
    errorPages: [],
    detectors: { detectors: [], policies: {} },
  };
}

describe('findStatusCode', () => {
  const ref = reference();

  it('finds the exact substatus', () => {
    expect(findStatusCode(ref, 401, 1)).toMatchObject({
      exact: true,
      code: { label: 'Logon failed' },
    });
  });

  it('falls back from an unknown substatus to the bare status and says so', () => {
    const match = findStatusCode(ref, 401, 7);
    expect(match).toMatchObject({ exact: false, code: { status: 401, label: 'Unauthorized' } });
    expect(match?.note).toContain('401.7 is not a known substatus');
  });

  it.each([undefined, null, 0])('takes substatus %s as the bare status', (sub) => {
    expect(findStatusCode(ref, 401, sub)).toMatchObject({
      exact: true,
      code: { label: 'Unauthorized' },
    });
  });

  it('uses the .0 row where a status has no bare row', () => {
    expect(findStatusCode(ref, 405)?.code.label).toBe('Method not allowed');
    expect(findStatusCode(ref, 405, 3)).toMatchObject({ exact: false, code: { substatus: 0 } });
  });

  it('knows nothing of a status without rows', () => {
    expect(findStatusCode(ref, 418, 1)).toBeUndefined();
  });
});

describe('findWin32', () => {
  const ref = reference();

  it('finds a value as IIS logs it, and a negative NTSTATUS as its unsigned value', () => {
    expect(findWin32(ref, 1326)?.name).toBe('ERROR_LOGON_FAILURE');
    expect(findWin32(ref, -1073741715)?.name).toBe('STATUS_LOGON_FAILURE');
    expect(findWin32(ref, 5)).toBeUndefined();
  });
});

describe('entryById', () => {
  it('finds an entry or nothing', () => {
    const k = {
      entries: [{ id: 'a' }, { id: 'b' }],
      facts: [],
      reference: reference(),
    } as unknown as Knowledge;
    expect(entryById(k, 'b')?.id).toBe('b');
    expect(entryById(k, 'c')).toBeUndefined();
  });
});
