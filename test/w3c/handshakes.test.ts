import { describe, expect, it } from 'vitest';
import { scanText } from './helpers.js';

const FIELDS =
  '#Fields: date time cs-method cs-uri-stem cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status';
const at = (
  sec: number,
  what: string,
  opts: { ip?: string; url?: string; ua?: string; user?: string } = {},
): string =>
  `2024-03-11 10:00:${String(sec).padStart(2, '0')} GET ${opts.url ?? '/owa/'} ${opts.user ?? '-'} ${opts.ip ?? '10.1.1.1'} ${opts.ua ?? 'Mozilla/5.0'} ${what}`;
const scan = (...lines: string[]) =>
  scanText([FIELDS, ...lines, at(59, '200 0 0', { ip: '10.9.9.9' })].join('\n'));
const legs = (s: ReturnType<typeof scan>) => Object.fromEntries(s.handshakes.legs);

describe('handshake tracking', () => {
  it('treats 401.2, 401.1, 200 from one client as a completed NTLM handshake', () => {
    const s = scan(
      at(1, '401 2 5'),
      at(1, '401 1 2148074254'),
      at(2, '200 0 0', { user: 'CONTOSO\\ann' }),
    );
    expect(s.handshakes).toMatchObject({ completed: 1, ntlm: 1, negotiate: 0, failed: 0 });
    expect(legs(s)).toEqual({ '401 2 5': 1, '401 1 2148074254': 1 });
  });

  it('treats 401.2 then 304 as a Negotiate/Kerberos handshake in one round trip', () => {
    const s = scan(at(1, '401 2 5'), at(1, '304 0 0'));
    expect(s.handshakes).toMatchObject({ completed: 1, ntlm: 0, negotiate: 1 });
  });

  it('does not complete a handshake with a success from another user agent, URL or client', () => {
    const s = scan(
      at(1, '401 2 5'),
      at(2, '200 0 0', { ua: 'curl/8' }),
      at(2, '200 0 0', { url: '/other' }),
      at(2, '200 0 0', { ip: '10.1.1.2' }),
    );
    expect(s.handshakes).toMatchObject({ completed: 0, failed: 1, noAnswer: 1 });
  });

  it('counts a success more than the window after the last leg as a failed handshake', () => {
    const s = scan(at(1, '401 2 5'), at(8, '200 0 0'));
    expect(s.handshakes).toMatchObject({
      completed: 0,
      failed: 1,
      noAnswer: 1,
      noAnswerBrowser: 1,
    });
  });

  it('tells tools from browsers among clients that never answer the challenge', () => {
    const s = scan(
      at(1, '401 2 5', { ua: 'python-requests/2.31' }),
      at(3, '401 2 5', { ua: 'python-requests/2.31' }),
    );
    expect(s.handshakes).toMatchObject({
      failed: 1,
      noAnswer: 1,
      noAnswerTool: 2,
      noAnswerBrowser: 0,
    });
    expect(Object.fromEntries(s.handshakes.noAnswerLegs)).toEqual({ '401 2 5': 2 });
  });

  it('counts repeated 401.2 / 401.1 SEC_E_LOGON_DENIED pairs as rejected attempts', () => {
    const s = scan(
      at(1, '401 2 5'),
      at(1, '401 1 2148074252'),
      at(2, '401 2 5'),
      at(2, '401 1 2148074252'),
    );
    expect(s.handshakes).toMatchObject({ completed: 0, failed: 2, rejected: 2 });
    expect(s.clients.get('10.1.1.1')).toEqual({ completed: 0, failed: 2, failures: 4 });
  });

  it('keeps a SEC_E_INVALID_TOKEN middle leg out of the normal legs when the retried logon succeeds', () => {
    const s = scan(
      at(1, '401 2 5'),
      at(1, '401 1 2148074248'),
      at(2, '401 1 2148074254'),
      at(2, '200 0 0'),
    );
    expect(s.handshakes).toMatchObject({ completed: 1, ntlm: 1 });
    expect(legs(s)).toEqual({ '401 2 5': 1, '401 1 2148074254': 1 });
    expect(Object.fromEntries(s.handshakes.failingLegsCompleted)).toEqual({
      '401 1 2148074248': 1,
    });
  });

  it('fails a sequence whose last 401.1 was refused, even when a success follows it', () => {
    const s = scan(at(1, '401 2 5'), at(1, '401 1 2148074248'), at(2, '200 0 0'));
    expect(s.handshakes).toMatchObject({ completed: 0, failed: 1, rejected: 1 });
    expect(legs(s)).toEqual({});
  });

  it('follows entries without a time by their order (they take the time before them)', () => {
    const untimed =
      '#Fields: cs-method cs-uri-stem cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status';
    const s = scanText(
      [
        untimed,
        'GET /a - 10.1.1.1 curl/8 401 2 5',
        'GET /a - 10.1.1.1 curl/8 401 1 0',
        'GET /a bob 10.1.1.1 curl/8 200 0 0',
      ].join('\n'),
    );
    expect(s.handshakes).toMatchObject({ completed: 1, ntlm: 1 });
  });

  it('leaves one lone challenge at the end of the input undecided, but not two', () => {
    expect(scanText([FIELDS, at(1, '401 2 5')].join('\n')).handshakes).toMatchObject({
      completed: 0,
      failed: 0,
    });
    const two = scanText([FIELDS, at(1, '401 2 5'), at(2, '401 2 5')].join('\n'));
    expect(two.handshakes).toMatchObject({ failed: 1, noAnswer: 1 });
  });

  it('counts lone wrong-password 401.1 entries as failures of their client, with the user names tried', () => {
    const s = scan(
      at(1, '401 1 1326', { user: 'admin' }),
      at(2, '401 1 1326', { user: 'guest' }),
      at(3, '401 1 1326', { user: 'Admin' }),
    );
    expect(s.handshakes.failed).toBe(0);
    expect(s.clients.get('10.1.1.1')?.failures).toBe(3);
    expect([...(s.sprays.get('10.1.1.1')?.users ?? [])].sort()).toEqual(['admin', 'guest']);
  });

  it('closes open handshakes when time jumps back (logs joined together), never completing them', () => {
    const s = scanText(
      [
        FIELDS,
        at(30, '401 2 5'),
        at(31, '401 1 0'),
        at(1, '200 0 0', { ip: '10.9.9.9' }),
        at(2, '200 0 0'),
      ].join('\n'),
    );
    expect(s.handshakes).toMatchObject({ completed: 0, failed: 1, abandoned: 1 });
  });

  it('closes a handshake that is still open at the end of the input as failed', () => {
    const s = scanText([FIELDS, at(1, '401 2 5'), at(1, '401 1 0')].join('\n'));
    expect(s.handshakes).toMatchObject({ failed: 1, abandoned: 1 });
  });
});
