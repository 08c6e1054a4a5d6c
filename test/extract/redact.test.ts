import { describe, expect, it } from 'vitest';
import { readMessage, redact } from '../../src/extract/index.js';
import { leakedKinds, SECRET_KINDS } from '../security/secret-kinds.js';
import { loadReference } from './reference.js';

const NTLM = 'TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==';

describe('redact', () => {
  it.each([
    [`Authorization: Negotiate ${NTLM}`, 'Authorization: Negotiate [redacted]', 'authorization'],
    [`Authorization: NTLM ${NTLM}`, 'Authorization: NTLM [redacted]', 'authorization'],
    [
      'Authorization: Basic dXNlcjpwYXNzd29yZA==',
      'Authorization: Basic [redacted]',
      'authorization',
    ],
    [
      'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
      'authorization: Bearer [redacted]',
      'authorization',
    ],
    [
      `curl -H "Authorization: Negotiate ${NTLM}" https://x`,
      'curl -H "Authorization: Negotiate [redacted]" https://x',
      'authorization',
    ],
    [
      `{"Authorization": "Bearer abcdefgh1234"}`,
      '{"Authorization": "Bearer [redacted]"}',
      'authorization',
    ],
    [
      `WWW-Authenticate: Negotiate ${NTLM}`,
      'WWW-Authenticate: Negotiate [redacted]',
      'authorization',
    ],
    [
      `the trace shows Negotiate ${NTLM} then 401`,
      'the trace shows Negotiate [redacted] then 401',
      'authorization',
    ],
    ['password=hunter2&user=bob', 'password=[redacted]&user=bob', 'password'],
    ['pwd: "s3cret pass"', 'pwd: [redacted]', 'password'],
    ['Password: hunter2', 'Password: [redacted]', 'password'],
    [
      'Server=db1;User ID=sa;Password=P@ss;Database=x',
      'Server=db1;User ID=sa;Password=[redacted];Database=x',
      'connection-string',
    ],
    [
      'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc123==;',
      'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=[redacted];',
      'connection-string',
    ],
    [
      'Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=zzz=',
      'Endpoint=sb://x/;SharedAccessKeyName=k;SharedAccessKey=[redacted]',
      'connection-string',
    ],
    ['msdeploy /p:Sup3rSecret', 'msdeploy /p:[redacted]', 'password'],
    ["Set-Thing -Password 'x y z' -Force", 'Set-Thing -Password [redacted] -Force', 'password'],
    [
      "ConvertTo-SecureString 'Pa55' -AsPlainText",
      'ConvertTo-SecureString [redacted] -AsPlainText',
      'password',
    ],
    ['net user IUSR_WEB1 N3wPass /domain', 'net user IUSR_WEB1 [redacted] /domain', 'password'],
    [
      'net use \\\\srv\\share S3cret /user:dom\\u',
      'net use \\\\srv\\share [redacted] /user:dom\\u',
      'password',
    ],
    [
      'appcmd set config /section:anonymousAuthentication /userName:IUSR_X /password:abc123',
      'appcmd set config /section:anonymousAuthentication /userName:IUSR_X /password:[redacted]',
      'password',
    ],
    [
      'appcmd set apppool /processModel.password:Xy1',
      'appcmd set apppool /processModel.password:[redacted]',
      'password',
    ],
    ['curl -u bob:hunter2 http://x', 'curl -u bob:[redacted] http://x', 'password'],
    ['open https://bob:hunter2@intranet/', 'open https://bob:[redacted]@intranet/', 'password'],
    ['client_secret=abcdef', 'client_secret=[redacted]', 'secret'],
  ])('redacts %j', (input, output, kind) => {
    const r = redact(input);
    expect(r.text).toBe(output);
    expect(r.redactions.map((x) => x.kind)).toContain(kind);
  });

  it.each([
    'WWW-Authenticate: Negotiate',
    'WWW-Authenticate: NTLM',
    'we use Basic authentication only and Negotiate Kerberos',
    'msbuild /p:Configuration=Release',
    'net user IUSR_WEB1 /active:yes',
    'the password was changed last week',
    '401 2 5 in the log',
  ])('leaves %j alone', (input) => {
    expect(redact(input)).toEqual({ text: input, redactions: [] });
  });

  it.each(SECRET_KINDS.map((k) => [k.name, k] as const))(
    'redacts %s whole, and finds nothing more the second time',
    (_name, kind) => {
      const once = redact(kind.line);
      expect(leakedKinds(once.text)).toEqual([]);
      expect(once.redactions.length).toBeGreaterThan(0);
      expect(redact(once.text)).toEqual({ text: once.text, redactions: [] });
    },
  );

  it.each([
    'ConvertTo-SecureString -AsPlainText -Force -String $plain',
    'the token was refreshed at 10:00 and the secret rotated',
    'thumbprint 3f2a9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b, 401 1 2148074254',
    'fe80::1c2d:3e4f:5a6b:7c8d and 2001:db8::1 both get 401.2',
    'Set-Cookie: theme=dark; path=/',
    'certutil -store my',
    'Get-AzStorageAccountKey -ResourceGroupName rg -Name contosologs',
  ])('leaves %j alone', (input) => {
    expect(redact(input)).toEqual({ text: input, redactions: [] });
  });

  it('counts each kind', () => {
    const r = redact('password=a pwd=b Authorization: Basic Zm9vOmJhcg==');
    expect(r.redactions).toEqual([
      { kind: 'authorization', count: 1 },
      { kind: 'password', count: 2 },
    ]);
  });

  it('redacts the text and every evidence string of the findings', () => {
    const f = readMessage(
      `HTTP Error 401.1 after I set password=hunter2 and sent Authorization: Negotiate ${NTLM}`,
      loadReference(),
    );
    expect(f.text).not.toContain('hunter2');
    expect(f.text).not.toContain(NTLM);
    expect(JSON.stringify(f)).not.toContain('hunter2');
    expect(f.redactions.length).toBe(2);
    expect(f.codes[0]).toMatchObject({ status: 401, substatus: 1 });
  });
});
