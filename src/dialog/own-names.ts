import type { Findings } from '../extract/types.js';
import type { StepBlock } from './types.js';

/** The user's own names the reader found: what the steps' example names stand for. */
export interface OwnNames {
  /** The host name in the failing URL (intranet.fabrikam.local). */
  host?: string;
  /** The site's content folder on disk (D:\Sites\portal). */
  folder?: string;
  /** The failing file itself, where the error page named it (D:\Sites\portal\default.aspx). */
  file?: string;
  /** The account that failed, as IIS logged it (FABRIKAM\asmith or asmith). */
  account?: string;
}

// the example names the knowledge's steps use for each kind, longest first
const EXAMPLE_HOSTS = ['intranet.contoso.com', 'www.contoso.com'];
const EXAMPLE_FOLDERS = [
  'D:\\web\\intranet',
  'D:\\web\\reports',
  'D:\\web\\app',
  'D:\\sites\\shop',
  'C:\\inetpub\\site',
  'E:\\webcontent',
];
const EXAMPLE_ACCOUNTS = ['CONTOSO\\jdoe', 'jdoe'];

// bounded, linear patterns over the user's (already redacted) text
const URL_HOST = /\bhttps?:\/\/([a-z0-9][a-z0-9.-]{0,200}[a-z0-9])(?=[:/\s]|$)/i;
const PHYSICAL_PATH = /\bPhysical Path\s*:?\s*([A-Za-z]:\\[^\s"'<>|*?]{1,200})/i;
const ANY_PATH = /(?<![\w\\])([A-Za-z]:\\[^\s"'<>|*?`]{1,200})/;
const LOGON_USER = /\bLogon User\s*:?\s*([A-Za-z0-9._-]{1,64}(?:\\[A-Za-z0-9._$-]{1,64})?)/i;
const ACCOUNT = /^[A-Za-z0-9._-]{1,64}(?:\\[A-Za-z0-9._$-]{1,64})?$/;
const HOST = /^[a-z0-9][a-z0-9.-]{0,200}[a-z0-9]$/i;
const PATH = /^[A-Za-z]:\\[^\s"'<>|*?`]{1,200}$/;

const SYSTEM_FOLDER = /^[A-Za-z]:\\(windows|program files|inetpub\\logs|users\\[^\\]+\\appdata)/i;

/** A file's folder (a name with an extension at the end is a file), without a trailing slash. */
const folderOf = (path: string): string => {
  const trimmed = path.replace(/[.,;:)\]]+$/, '').replace(/\\+$/, '');
  return /\\[^\\]+\.[a-z0-9]{1,5}$/i.test(trimmed) ? trimmed.replace(/\\[^\\]+$/, '') : trimmed;
};

/** Names kept in a stored state, read defensively: a record from a store may be old or damaged. */
const storedNames = (value: unknown): OwnNames => {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const ok = (x: unknown, re: RegExp): x is string => typeof x === 'string' && re.test(x);
  return {
    ...(ok(v.host, HOST) ? { host: v.host } : {}),
    ...(ok(v.folder, PATH) ? { folder: v.folder } : {}),
    ...(ok(v.file, PATH) ? { file: v.file } : {}),
    ...(ok(v.account, ACCOUNT) ? { account: v.account } : {}),
  };
};

/** The names in the conversation's text and this turn's log entries; earlier names stay. */
export const findOwnNames = (before: unknown, text: string, findings?: Findings): OwnNames => {
  const names = storedNames(before);
  const entries = findings?.entries ?? [];
  const failing = entries.filter((e) => e.status !== null && e.status >= 400);
  const logged = (field: string): string | undefined =>
    failing.map((e) => e.fields[field] ?? null).find((v): v is string => !!v);
  const host = logged('cs-host')?.replace(/:\d+$/, '') ?? URL_HOST.exec(text)?.[1];
  if (host && HOST.test(host) && !/^(localhost|\d+\.\d+\.\d+\.\d+)$/i.test(host)) names.host = host;
  const path = PHYSICAL_PATH.exec(text)?.[1] ?? ANY_PATH.exec(text)?.[1];
  if (path && !SYSTEM_FOLDER.test(path)) {
    const clean = path.replace(/[.,;:)\]]+$/, '');
    names.folder = folderOf(clean);
    if (clean !== names.folder) names.file = clean;
    else delete names.file;
  }
  const account =
    failing.map((e) => e.username).find((u): u is string => !!u) ?? LOGON_USER.exec(text)?.[1];
  if (account && ACCOUNT.test(account) && !/^anonymous$/i.test(account)) names.account = account;
  return names;
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each example name, where it stands alone (not inside a longer name), then `after`. */
const examplePattern = (examples: readonly string[], after = ''): RegExp =>
  new RegExp(`(?<![\\w.\\\\-])(?:${examples.map(escape).join('|')})${after}(?![\\w-])`, 'gi');

const PATTERNS: [keyof OwnNames, RegExp][] = [
  ['host', examplePattern(EXAMPLE_HOSTS)],
  // an example folder, and the example file in it if the step names one
  ['folder', examplePattern(EXAMPLE_FOLDERS, '(\\\\[\\w-]+\\.[a-z0-9]{1,5})?')],
  ['account', examplePattern(EXAMPLE_ACCOUNTS)],
];

/** A step with the example names replaced by the user's own, where the reader found them. */
export const withOwnNames = (step: string, names: OwnNames): string =>
  PATTERNS.reduce((s, [kind, pattern]) => {
    const own = names[kind];
    if (!own) return s;
    // a bare example account (jdoe) takes the bare user name, DOMAIN\user the whole
    const bare = own.slice(own.lastIndexOf('\\') + 1);
    return s.replace(pattern, (m, file?: string) => {
      if (kind === 'account') return m.includes('\\') ? own : bare;
      // the example's file: the user's own file where we know it, else the same name in their folder
      if (kind === 'folder' && file) return names.file ?? `${own}${file}`;
      return own;
    });
  }, step);

export const stepsWithOwnNames = (blocks: StepBlock[], names: OwnNames): StepBlock[] =>
  Object.keys(names).length === 0
    ? blocks
    : blocks.map((b) => ({
        ...b,
        all: b.all.map((s) => withOwnNames(s, names)),
        iis6: b.iis6.map((s) => withOwnNames(s, names)),
        iis7: b.iis7.map((s) => withOwnNames(s, names)),
      }));
