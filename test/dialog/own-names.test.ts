import { describe, expect, it } from 'vitest';
import { initialState, turn } from '../../src/dialog/index.js';
import { findOwnNames, withOwnNames } from '../../src/dialog/own-names.js';
import { readMessage } from '../../src/extract/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

const knowledge = await loadKnowledge();

const ERROR_PAGE =
  'HTTP Error 401.3 - Unauthorized. Physical Path D:\\Sites\\portal\\default.aspx Logon User FABRIKAM\\asmith Requested URL http://portal.fabrikam.local:80/default.aspx';

describe('findOwnNames', () => {
  it('reads the folder, file, account and host from an error page', () => {
    expect(findOwnNames(undefined, ERROR_PAGE)).toEqual({
      host: 'portal.fabrikam.local',
      folder: 'D:\\Sites\\portal',
      file: 'D:\\Sites\\portal\\default.aspx',
      account: 'FABRIKAM\\asmith',
    });
  });

  it('reads the account and host of a failing log entry', () => {
    const line =
      '#Fields: date time s-ip cs-method cs-uri-stem cs-username cs-host sc-status sc-substatus sc-win32-status\n' +
      '2024-05-02 08:14:03 10.0.0.5 GET /hr/ FABRIKAM\\bjones hr.fabrikam.local 401 1 1326';
    const f = readMessage(line, knowledge.reference);
    expect(findOwnNames(undefined, '', f)).toMatchObject({
      account: 'FABRIKAM\\bjones',
      host: 'hr.fabrikam.local',
    });
  });

  it('keeps no loopback host, address or Windows folder, and ignores a damaged stored value', () => {
    const text =
      'works on http://localhost/ and http://10.0.0.5/ ; log in C:\\Windows\\System32\\LogFiles';
    expect(findOwnNames({ host: 42, folder: 'not a path', account: 'a b' }, text)).toEqual({});
    expect(findOwnNames('junk', '')).toEqual({});
  });
});

describe('withOwnNames', () => {
  const names = {
    host: 'portal.fabrikam.local',
    folder: 'D:\\Sites\\portal',
    account: 'FABRIKAM\\asmith',
  };

  it.each([
    [
      '`icacls "D:\\web\\intranet" /grant "IUSR:(OI)(CI)RX"`',
      '`icacls "D:\\Sites\\portal" /grant "IUSR:(OI)(CI)RX"`',
    ],
    ['`icacls "D:\\web\\app\\orders.asp"`', '`icacls "D:\\Sites\\portal\\orders.asp"`'],
    ['`cmdkey /delete:intranet.contoso.com`', '`cmdkey /delete:portal.fabrikam.local`'],
    ['`net user jdoe /domain`', '`net user asmith /domain`'],
    ['runas /user:CONTOSO\\jdoe', 'runas /user:FABRIKAM\\asmith'],
    // an example inside a longer name stays as it is
    [
      '`nltest /dsgetdc:contoso.com` and D:\\web\\intranet2',
      '`nltest /dsgetdc:contoso.com` and D:\\web\\intranet2',
    ],
  ])('turns %s into %s', (step, expected) => expect(withOwnNames(step, names)).toBe(expected));

  it("puts the user's own file where the step names an example file", () => {
    const own = { folder: 'D:\\Sites\\portal', file: 'D:\\Sites\\portal\\default.aspx' };
    expect(withOwnNames('`icacls "D:\\web\\intranet\\page.htm"`', own)).toBe(
      '`icacls "D:\\Sites\\portal\\default.aspx"`',
    );
  });

  it('leaves a step alone when the reader found no names', () => {
    expect(withOwnNames('`icacls "D:\\web\\intranet"`', {})).toBe('`icacls "D:\\web\\intranet"`');
  });
});

describe('steps in a conversation', () => {
  it("use the user's folder from the error page, also after a button", () => {
    const first = turn(initialState(), ERROR_PAGE, knowledge);
    expect(first.state.names?.folder).toBe('D:\\Sites\\portal');
    const picked = turn(first.state, { type: 'pick', cause: 'file-acl-missing' }, knowledge);
    const steps = picked.reply.steps.flatMap((b) => [...b.all, ...b.iis7, ...b.iis6]).join('\n');
    expect(steps).toContain('D:\\Sites\\portal');
    expect(steps).not.toMatch(/D:\\web\\intranet/);
  });
});
