import type { Redaction } from './types.js';

export const REDACTED = '[redacted]';

type Kind = Redaction['kind'];

interface Rule {
  kind: Kind | ((match: string, line: string) => Kind);
  /** Global regex; the capture group named `secret` is what gets replaced. */
  re: RegExp;
}

// A quoted value, or a run without spaces and separators. Every pattern is linear: each
// repetition is a single character class and no two adjacent ones can match the same text.
const VALUE = String.raw`(?<secret>"[^"\n]{1,500}"|'[^'\n]{1,500}'|[^\s"',;&<>]{1,500})`;

// Credentials inside key=value;key=value strings belong to a connection string.
const CONN_HINT = /\b(?:server|data source|initial catalog|database|user id|uid|provider)\s*=/i;

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
  {
    kind: 'secret',
    re: new RegExp(
      String.raw`\b(?:client_secret|clientsecret|api[_-]?key|access[_-]?token|secret)\s{0,3}[=:]\s{0,3}` +
        VALUE,
      'gi',
    ),
  },
  // password=x, pwd=x, Password: x, appcmd /password:x, processModel.password:x, /p:x
  {
    kind: (_m, line) => (CONN_HINT.test(line) ? 'connection-string' : 'password'),
    re: new RegExp(
      String.raw`(?:\b(?:password|passwd|pwd)\s{0,3}[=:]|(?:^|\s)\/p:(?![A-Za-z_][\w.]{0,100}=))\s{0,3}` +
        VALUE,
      'gim',
    ),
  },
  // PowerShell -Password 'x', -AccountPassword x, ConvertTo-SecureString 'x'
  {
    kind: 'password',
    re: /(?:\s-(?:password|accountpassword|plainpassword|pwd)|convertto-securestring(?:\s{1,5}-string)?)\s{1,5}(?<secret>"[^"\n]{1,500}"|'[^'\n]{1,500}'|[^\s"'$(][^\s"']{0,499})/gi,
  },
  // net user name password  /  net use \\server\share password
  {
    kind: 'password',
    re: /\bnet\s{1,5}(?:user\s{1,5}[^\s/]{1,200}|use\s{1,5}(?:[a-z]:\s{1,5})?\\\\[^\s]{1,500})\s{1,5}(?<secret>[^\s/*][^\s]{0,499})/gi,
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
