import type { Redaction } from './types.js';

export const REDACTED = '[redacted]';

type Kind = Redaction['kind'];

interface Rule {
  kind: Kind | ((match: string, line: string) => Kind);
  /** Global regex; the capture group named `secret` is what gets replaced. */
  re: RegExp;
  /** Only where the line around the match passes this test (the match is left to later rules). */
  when?: RegExp;
}

// A quoted value, or a run without spaces and separators. Every pattern is linear: each
// repetition is a single character class and no two adjacent ones can match the same text; where
// a pattern may start inside a run it could also start earlier in, a lookbehind stops it.
const QUOTED = String.raw`"[^"\n]{1,500}"|'[^'\n]{1,500}'`;
const VALUE = String.raw`(?<secret>${QUOTED}|[^\s"',;&<>]{1,500})`;
/** A password: as VALUE, but a comma is part of it (`Summer,2024`). */
const PASSWORD = String.raw`(?<secret>${QUOTED}|[^\s"';&<>]{1,500})`;
/** After a command-line flag: quoted, or a word that is not the next flag or a variable. */
const ARGUMENT = String.raw`(?<secret>${QUOTED}|[^\s"'$(-][^\s"']{0,499})`;
/** A key written bare, quoted (JSON) or as a property (`processModel.password`), then = or :. */
const KEY_END = String.raw`["']?\s{0,3}[=:]\s{0,3}`;

// Credentials inside key=value;key=value strings belong to a connection string.
const CONN_HINT = /\b(?:server|data source|initial catalog|database|user id|uid|provider)\s*=/i;

/** Command-line flags (PowerShell -X, az/azcopy --x) whose argument is a credential. */
const SECRET_FLAGS = [
  'password',
  'accountpassword',
  'plainpassword',
  'pwd',
  'storageaccountkey',
  'accountkey',
  'account-key',
  'clientsecret',
  'client-secret',
  'sastoken',
  'sas-token',
  'certificatepassword',
  'pfxpassword',
].join('|');

/** Cookies that carry a logged-on session (Forms auth, ASP.NET sessions, ADFS, SharePoint). */
const SESSION_COOKIES = String.raw`\.aspxauth|aspxauth|asp\.net_sessionid|aspsessionid[a-z]{1,12}|\.aspnetcore\.[a-z0-9._-]{1,60}|\.aspnet\.[a-z0-9._-]{1,60}|fedauth\d{0,3}|msisauth[a-z0-9]{0,20}|__requestverificationtoken[a-z0-9_]{0,40}`;

const RULES: Rule[] = [
  // Authorization / Proxy-Authorization / WWW-Authenticate headers, with or without a scheme word.
  {
    kind: 'authorization',
    re: /\b(?:proxy-)?(?:authorization|www-authenticate|proxy-authenticate)["']?[ \t]{0,5}[:=][ \t]{0,5}["']?(?:(?:negotiate|ntlm|basic|bearer|digest|kerberos)[ \t]{1,5})?(?!(?:negotiate|ntlm|basic|bearer|digest|kerberos)\b)(?<secret>[A-Za-z0-9+/=._~-]{4,10000})/gi,
  },
  // A bare scheme followed by a long token with a digit or base64 sign (header dumps, traces).
  {
    kind: 'authorization',
    re: /\b(?:negotiate|ntlm|basic|bearer)[ \t]{1,5}(?=[A-Za-z_-]{0,200}[0-9+/])(?<secret>[A-Za-z0-9+/_-]{20,10000}={0,2})/gi,
  },
  // A JSON Web Token anywhere (id_token, access_token, a pasted bearer token on its own).
  {
    kind: 'secret',
    re: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{5,5000}\.eyJ[A-Za-z0-9_-]{2,10000}\.[A-Za-z0-9_-]{0,10000})/g,
  },
  // Session cookies: Cookie / Set-Cookie headers, cs(Cookie) in W3C logs.
  {
    kind: 'authorization',
    re: new RegExp(String.raw`(?:${SESSION_COOKIES})=(?<secret>[^\s;,"'<>&]{1,4000})`, 'gi'),
  },
  // NTLM hashes and challenge responses: long hex fields joined by colons (LM:NT, pwdump lines,
  // user::domain:challenge:NTProofStr:blob), and a hash named as one.
  {
    kind: 'password',
    re: /(?<![0-9A-Fa-f])(?<secret>[0-9A-Fa-f]{16,4000}(?::[0-9A-Fa-f]{16,4000}){1,8})(?![0-9A-Fa-f])/g,
  },
  {
    kind: 'password',
    re: /\b(?:nt|ntlm|lm)[ -]?hash(?:es)?\s{0,3}[=:]?\s{0,3}(?<secret>[0-9A-Fa-f]{32})(?![0-9A-Fa-f])/gi,
  },
  // curl -u user:password / --user user:password
  {
    kind: 'password',
    re: /(?:^|\s)(?:-u|--user)\s{1,5}["']?[^\s:"']{1,200}:(?<secret>[^\s"']{1,500})/g,
  },
  // https://user:password@host
  {
    kind: 'password',
    re: /:\/\/[^\s:/@]{1,200}:(?<secret>[^\s@/]{1,500})@/g,
  },
  // Storage keys and SAS tokens.
  {
    kind: 'connection-string',
    re: new RegExp(
      String.raw`\b(?:accountkey|sharedaccesskey|sharedaccesssignature|sig)\s{0,3}=\s{0,3}` + VALUE,
      'gi',
    ),
  },
  // client secrets, API keys and tokens (ClientSecret, MicrosoftAppSecret, id_token, "token": ...)
  {
    kind: 'secret',
    re: new RegExp(
      String.raw`(?:client[_-]?secret|secret|api[_-]?key|(?:access|refresh|id|sas)[_-]?token)${KEY_END}` +
        VALUE,
      'gi',
    ),
  },
  {
    kind: 'secret',
    re: new RegExp(String.raw`(?:\btoken\s{0,3}=|"token"\s{0,3}:)\s{0,3}` + VALUE, 'gi'),
  },
  // In a connection string a password runs to the next ';' or quote, spaces and all.
  {
    kind: 'connection-string',
    re: /(?:password|pwd)\s{0,3}=\s{0,3}(?<secret>[^;\n"'<>]{1,500})(?=[;"'<]|$)/gim,
    when: CONN_HINT,
  },
  // password=x, pwd=x, Password: x, "password": "x", MicrosoftAppPassword=x, appcmd /password:x,
  // processModel.password:x, /p:x
  {
    kind: (_m, line) => (CONN_HINT.test(line) ? 'connection-string' : 'password'),
    re: new RegExp(
      String.raw`(?:(?:password|passwd|pwd)${KEY_END}|(?:^|\s)\/p:(?![A-Za-z_][\w.]{0,100}=)\s{0,3})` +
        PASSWORD,
      'gim',
    ),
  },
  // PowerShell -Password 'x', -StorageAccountKey x; az --account-key x; ConvertTo-SecureString
  // 'x', also after -AsPlainText -Force -String
  {
    kind: 'password',
    re: new RegExp(
      String.raw`(?:\s--?(?:${SECRET_FLAGS})|convertto-securestring(?:\s{1,5}-(?:asplaintext|force|string)\b)*)\s{1,5}` +
        ARGUMENT,
      'gi',
    ),
  },
  // "x" | ConvertTo-SecureString -AsPlainText -Force
  {
    kind: 'password',
    re: new RegExp(String.raw`(?<secret>${QUOTED})\s{0,5}\|\s{0,5}convertto-securestring`, 'gi'),
  },
  // certutil -p x -importpfx; openssl pkcs12 -passin pass:x
  {
    kind: 'password',
    re: new RegExp(
      String.raw`\bcertutil(?:\s{1,5}[^\s]{1,200}){0,8}?\s{1,5}-p\s{1,5}` + ARGUMENT,
      'gi',
    ),
  },
  {
    kind: 'password',
    re: /-pass(?:in|out|word)?\s{1,5}pass:(?<secret>[^\s"']{1,500})/gi,
  },
  // net user name password  /  net use \\server\share password
  {
    kind: 'password',
    re: new RegExp(
      String.raw`\bnet\s{1,5}(?:user\s{1,5}[^\s/]{1,200}|use\s{1,5}(?:[a-z]:\s{1,5})?\\\\[^\s]{1,500})\s{1,5}(?<secret>${QUOTED}|[^\s/*"'][^\s]{0,499})`,
      'gi',
    ),
  },
];

/** The part of the line around `index`, at most 500 characters each way (for the connection-string hint). */
function lineAround(text: string, index: number): string {
  const window = text.slice(Math.max(0, index - 500), index + 500);
  const at = Math.min(index, 500);
  const start = window.lastIndexOf('\n', at) + 1;
  const end = window.indexOf('\n', at);
  return window.slice(start, end < 0 ? window.length : end);
}

/**
 * Replaces credentials in the text with `[redacted]`: Authorization header values, passwords
 * (key=value, command-line flags, URLs, net user), connection-string keys and tokens.
 */
export function redact(input: string): { text: string; redactions: Redaction[] } {
  const counts = new Map<Kind, number>();
  let text = typeof input === 'string' ? input : '';
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    text = text.replace(rule.re, (match: string, ...args: unknown[]) => {
      const groups = args[args.length - 1] as { secret?: string } | undefined;
      const offset = args[args.length - 3] as number;
      const whole = args[args.length - 2] as string;
      const secret = groups?.secret;
      if (!secret || secret === REDACTED || secret.startsWith('[redacted')) return match;
      if (rule.when && !rule.when.test(lineAround(whole, offset))) return match;
      const at = match.lastIndexOf(secret);
      const kind =
        typeof rule.kind === 'function' ? rule.kind(match, lineAround(whole, offset)) : rule.kind;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      return match.slice(0, at) + REDACTED + match.slice(at + secret.length);
    });
  }
  const order: Kind[] = ['authorization', 'password', 'connection-string', 'secret'];
  const redactions = order
    .filter((k) => counts.has(k))
    .map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
  return { text, redactions };
}
