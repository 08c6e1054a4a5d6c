import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import { loadReference } from './reference.js';

const ref = loadReference();
const codes = (text: string) =>
  readMessage(text, ref).codes.map(({ status, substatus, win32 }) => [status, substatus, win32]);

describe('codes in prose', () => {
  it.each([
    ['I get a 401.2 on the intranet', [[401, 2, null]]],
    ['The log file indicates "401 2 5".', [[401, 2, 5]]],
    ['HTTP Error 401.1 - Unauthorized: Access is denied', [[401, 1, null]]],
    ['the log has sc-substatus 2 for the 401', [[401, 2, null]]],
    ['sc-status 401 sc-substatus 1 sc-win32-status 5', [[401, 1, 5]]],
    ['status 401 substatus 1 win32 1326', [[401, 1, 1326]]],
    [
      'All I got was 401.1 and 401.2.',
      [
        [401, 1, null],
        [401, 2, null],
      ],
    ],
    [
      'I get a 401.2 with win32 status as 2148074254; followed by a 401.1 and subsequently a 200 ok',
      [
        [401, 2, 2148074254],
        [401, 1, null],
        [200, null, null],
      ],
    ],
    ['browsing gives 403.14 now', [[403, 14, null]]],
    ['after the move it is a 500.19', [[500, 19, null]]],
    ['the client gets 401.501 under load', [[401, 501, null]]],
    ['it says HTTP 401.3', [[401, 3, null]]],
    ['error 401.2 again', [[401, 2, null]]],
    ['unauthorized access error 401', [[401, null, null]]],
    ['The request failed with HTTP status 401: Unauthorized.', [[401, null, null]]],
    ['the IIS logs show 401 1 0 ????', [[401, 1, 0]]],
    ['we see 401 1 -1073741715 for each user', [[401, 1, 3221225581]]],
    ['a 401.2 error, and the logs say 401 2 5', [[401, 2, 5]]],
    ['403.7 - what does 403 7 5 mean?', [[403, 7, 5]]],
    ['You are not authorized to view this page php 401.3', [[401, 3, null]]],
    ['401 Unauthorized every time', [[401, null, null]]],
    // the auth family as askers write it, without "error" or "status" beside it
    ['we keep getting `401` from the API', [[401, null, null]]],
    ['the call fails with a 401 every time', [[401, null, null]]],
    ['it returns a 401 and then nothing', [[401, null, null]]],
    ['the sequence ends in 401', [[401, null, null]]],
    ["my OPTIONS requests get 401'ed by IIS", [[401, null, null]]],
    ['preflight gets 401ed', [[401, null, null]]],
    ['the server answers 403s for the images', [[403, null, null]]],
    ['the proxy gives a 407 first', [[407, null, null]]],
    ['the log has sc-substatus 2 for the 401', [[401, 2, null]]],
    // one failure told in two sentences: the code on the page, its win32 value from the trace
    [
      'I pick the cert and get the 403.16 error. The failed requests log gives the error code 2148204809.',
      [[403, 16, 2148204809]],
    ],
    [
      'HTTP Error 403.16 - Forbidden. Failed request tracing shows 0x800B0109.',
      [[403, 16, 2148204809]],
    ],
    // a triple written with dots, as some askers shorten the log's three columns
    [
      'IIS logs show 401.2.5 then 401.1.0 and then nothing',
      [
        [401, 2, 5],
        [401, 1, 0],
      ],
    ],
    ['every call ends in 401.1.2148074254', [[401, 1, 2148074254]]],
    ['status code 401 sub code 1 win32 code 1909', [[401, 1, 1909]]],
    ['the 401 has subcode 2', [[401, 2, null]]],
    // Failed Request Tracing's attributes
    [
      'the trace shows MODULE_SET_RESPONSE_ERROR_STATUS with HttpStatus="401" HttpSubStatus="2"',
      [[401, 2, null]],
    ],
    // what client libraries print
    ['Response status code does not indicate success: 401 (Unauthorized).', [[401, null, null]]],
    [
      "The HTTP request is unauthorized with client authentication scheme 'Anonymous'. The authentication header received from the server was 'NTLM'.",
      [[401, null, null]],
    ],
    // a win32 number in brackets after the failure it names
    ['users get a logon failure (1326) on the intranet', [[null, null, 1326]]],
    ['the account is locked out (error 1909)', [[null, null, 1909]]],
    // the IIS 6 page for 401.2 starts with 401.1's sentence
    [
      'You do not have permission to view this directory or page using the credentials that you supplied because your Web browser is sending a WWW-Authenticate header field that the Web server is not c',
      [[401, 2, null]],
    ],
  ])('reads %j', (text, expected) => expect(codes(text)).toEqual(expected));

  it.each([
    'We run IIS 6.0 on Windows 2003 with .NET 4.0 and 1.1.4322',
    'IIS 7.5 and 8.5 behave the same',
    'server 10.100.220.70 and 192.168.401.2.3',
    'on 2007-10-23 at 22:37:38 it broke',
    'it costs $401.20 or 450.00 EUR',
    'Chrome/120.0.0.0 and Firefox/102.0',
    'version 1.0.3705 build 4322',
    'we have 300 errors and 200 responses per hour',
    'port 443 and port 8080',
    'The site is slow',
    'we have 401 users on the intranet',
    'Server 2012 and 401 pages of docs',
    'room 403 on the fourth floor',
    'the upgrade to 2.401.1.0 failed (2019)',
    'Firefox/115.0.2 and node 18.401.2',
    'we failed twice (2021) on the same page',
  ])('finds no code in %j', (text) => expect(codes(text)).toEqual([]));

  it('keeps a known status with an unknown substatus', () => {
    expect(codes('the log shows 401 77 0')).toEqual([[401, 77, 0]]);
  });

  it('refuses numbers that are not HTTP statuses', () => {
    expect(codes('we see 499.1 and 443 1 0 and 600.2')).toEqual([]);
  });

  it('accepts a status that status-codes.yaml explains even when HTTP does not register it', () => {
    const row = {
      status: 499,
      label: 'x',
      meaning: 'x',
      first_steps: ['x'],
      versions: ['arr' as const],
      entries: [],
      sources: ['x'],
    };
    const withRow = { ...ref, statusCodes: [...ref.statusCodes, row] };
    expect(
      readMessage('we see 499.1 at the proxy', withRow).codes.map((c) => [c.status, c.substatus]),
    ).toEqual([[499, 1]]);
    expect(codes('we see 499.1 at the proxy')).toEqual([]);
  });

  it('lists codes in order of first appearance, each triple once', () => {
    expect(codes('401.1 then 403.14 then 401.1 again')).toEqual([
      [401, 1, null],
      [403, 14, null],
    ]);
  });

  it('names where each code came from', () => {
    const f = readMessage('HTTP Error 401.2 - Unauthorized', ref);
    expect(f.codes[0]).toMatchObject({
      source: 'prose',
      evidence: 'HTTP Error 401.2 - Unauthorized',
    });
  });
});

describe('error-page wording', () => {
  it.each([
    ['Access is denied due to server configuration.', [401, 2]],
    ['Logon failed due to server configuration', [401, 2]],
    ['HTTP 401.1 - Unauthorized: Logon Failed', [401, 1]],
    ['it just says Logon failed', [401, 1]],
    ['Access is denied due to an ACL set on the requested resource.', [401, 3]],
    [
      'You do not have permission to view this directory or page because of the access control list (ACL) configuration or encryption settings',
      [401, 3],
    ],
    ['Authorization failed by filter installed on the Web server', [401, 4]],
    ['Authorization failed by ISAPI/CGI application.', [401, 5]],
    ['You are not authorized to view this page', [401, null]],
    [
      'You do not have permission to view this directory or page using the credentials that you supplied.',
      [401, 1],
    ],
    ['You are not authorized to view this page due to invalid authentication headers.', [401, 2]],
    ['The Web server is configured to not list the contents of this directory.', [403, 14]],
    ['HTTP Error 403.7 - Forbidden: SSL client certificate is required.', [403, 7]],
    ['Client certificate required', [403, 7]],
    ['Server Error 401 - Unauthorized: Access is denied due to invalid credentials.', [401, null]],
    ['HTTP Error 401.1 - Unauthorized: Access is denied due to invalid credentials.', [401, 1]],
  ])('maps %j to its code', (text, [status, substatus]) => {
    const f = readMessage(text, ref);
    expect(f.codes.map((c) => [c.status, c.substatus])).toEqual([[status, substatus]]);
  });

  it('lets the longer phrase win over one it contains', () => {
    const f = readMessage('The page said: Logon failed due to server configuration.', ref);
    expect(f.codes).toEqual([
      expect.objectContaining({ status: 401, substatus: 2, source: 'error-page' }),
    ]);
  });

  it('finds the same wording across Teams line breaks and typographic dashes', () => {
    const f = readMessage(
      '<p>HTTP Error 401.2 \u2013 Unauthorized:&nbsp;Access is denied due to server configuration.</p>',
      ref,
    );
    expect(f.codes.map((c) => [c.status, c.substatus])).toEqual([[401, 2]]);
  });
});
