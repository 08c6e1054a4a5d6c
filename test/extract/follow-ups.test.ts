import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import { loadReference } from './reference.js';

const reference = loadReference();
const codes = (t: string) =>
  readMessage(t, reference).codes.map((c) => [c.status, c.substatus, c.win32]);
const fact = (t: string, id: string) =>
  readMessage(t, reference)
    .signals.filter((s) => s.fact === id)
    .map((s) => s.value);

describe('a win32 number right after a code', () => {
  it.each([
    ['401.1 with 1326 from every desk', [[401, 1, 1326]]],
    ['getting 401.1 1326 all day', [[401, 1, 1326]]],
    ['401.1 (1909) since this morning', [[401, 1, 1909]]],
    ['401.2 with 5 users online', [[401, 2, null]]],
    [
      '401.1 and 401.2',
      [
        [401, 1, null],
        [401, 2, null],
      ],
    ],
  ])('reads %j', (text, want) => expect(codes(text)).toEqual(want));
});

describe('signals people state in words', () => {
  it.each([
    ['HTTP Error 401.2 - Unauthorized when I open the page', 'users-see-error', ['yes']],
    ['users cannot access the site since Monday', 'users-see-error', ['yes']],
    ['it keeps prompting for a password', 'users-see-error', ['yes']],
    [
      'the site works, but the IIS log is full of 401s and nobody complains',
      'users-see-error',
      ['no'],
    ],
    [
      'each 401 is immediately followed by a valid 200 for the same URL',
      'handshake-completes',
      ['yes'],
    ],
    ['the retry succeeds every time', 'handshake-completes', ['yes']],
    ['a 401.2, followed by a 401.1 and subsequently a 200 ok', 'handshake-completes', ['yes']],
    ['the client never gets a 200 after the 401', 'handshake-completes', ['no']],
    ['it prompts from every machine but the server itself', 'fails-where', ['remote-only']],
    ['works fine except on the web server', 'fails-where', ['on-server-only']],
    ['it fails everywhere except on the web server', 'fails-where', ['remote-only']],
  ])('reads %j', (text, id, want) => expect(fact(text, id)).toEqual(want));

  it('takes the new pool identity, not the one it was switched away from', () => {
    const t =
      'We switched the application pool from ApplicationPoolIdentity to CONTOSO\\svc-web last week.';
    expect(fact(t, 'custom-pool-identity')).toEqual(['yes']);
  });
});
