/** Tokenising for phrase matching: lower case, stop words out, light stemming, synonyms folded. */

const STOP = new Set(
  (
    'a an the and or but if then than so to of in on at by for from with without into onto over under ' +
    'is are was were be been being am do does did done doing have has had having i me my we our us you your ' +
    'he she it its they them their this that these those there here what which who whom whose when where why how ' +
    'all any some each every both either neither no not nor only own same such too very can could would should ' +
    'will shall may might must just also even still again ever about above after before between through during ' +
    'up down out off once while because until as get got getting gets one two like well back now new way ' +
    'thanks thank please hi hello help anyone idea ideas any know think see seem seems seemed really something ' +
    'anything everything thing things lot lots bit go going goes went try tried trying want need ' +
    'dont doesnt didnt cant couldnt wouldnt shouldnt isnt arent wasnt werent wont im ive id thats theres ' +
    'ok okay hey guys dear regards cheers'
  ).split(' '),
);

/** Variants folded onto one token (after lower-casing, before stemming). */
const SYNONYMS: Record<string, string> = {
  login: 'logon',
  logins: 'logon',
  signin: 'logon',
  log_on: 'logon',
  pwd: 'password',
  passwd: 'password',
  pass: 'password',
  creds: 'credential',
  cred: 'credential',
  popup: 'prompt',
  popups: 'prompt',
  dialog: 'prompt',
  dialogs: 'prompt',
  auth: 'authentication',
  authn: 'authentication',
  authentification: 'authentication',
  authenticate: 'authentication',
  authenticated: 'authentication',
  authenticating: 'authentication',
  integrated: 'windows',
  ntlm: 'ntlm',
  spns: 'spn',
  anon: 'anonymous',
  anonymously: 'anonymous',
  apppool: 'pool',
  app_pool: 'pool',
  apppools: 'pool',
  w3wp: 'pool',
  acl: 'permission',
  acls: 'permission',
  ntfs: 'permission',
  permissions: 'permission',
  rights: 'right',
  privileges: 'right',
  privilege: 'right',
  denied: 'deny',
  denies: 'deny',
  refused: 'deny',
  rejected: 'deny',
  vdir: 'virtual',
  vd: 'virtual',
  virtual_directory: 'virtual',
  lb: 'balancer',
  f5: 'balancer',
  netscaler: 'balancer',
  haproxy: 'balancer',
  arr: 'proxy',
  fiddler: 'proxy',
  accelerator: 'proxy',
  isa: 'proxy',
  tmg: 'proxy',
  gpo: 'policy',
  gpos: 'policy',
  ad: 'domain',
  dc: 'domain',
  fqdn: 'hostname',
  host_header: 'hostname',
  hostheader: 'hostname',
  cname: 'alias',
  localhost: 'localhost',
  '127.0.0.1': 'localhost',
  ie: 'browser',
  ie7: 'browser',
  ie6: 'browser',
  ie8: 'browser',
  firefox: 'browser',
  chrome: 'browser',
  edge: 'browser',
  mozilla: 'browser',
  netscape: 'browser',
  isapi: 'isapi',
  dll: 'isapi',
  cert: 'certificate',
  certs: 'certificate',
  ssl: 'tls',
  https: 'tls',
  cors: 'cors',
  preflight: 'cors',
};

const SUFFIXES: ReadonlyArray<readonly [suffix: string, repl: string, min: number]> = [
  ['ations', 'ate', 4],
  ['ation', 'ate', 4],
  ['ings', '', 3],
  ['ing', '', 3],
  ['edly', '', 4],
  ['ies', 'y', 3],
  ['ied', 'y', 3],
  ['ed', '', 3],
  ['es', '', 4],
  ['ly', '', 4],
  ['s', '', 4],
];

/** A conservative suffix stripper: enough to fold plurals and tenses, never below 4 letters. */
export const stem = (word: string): string => {
  let w = word;
  if (w.length <= 4) return w;
  for (const [suffix, repl, min] of SUFFIXES) {
    if (!w.endsWith(suffix) || w.length - suffix.length < min) continue;
    // "anonymous", "access", "basis", "status" keep their final s
    if (suffix === 's' && /(?:ss|us|is)$/.test(w)) break;
    if (suffix === 'es' && !/(?:ch|sh|x|ss|zz)es$/.test(w)) continue;
    w = w.slice(0, w.length - suffix.length) + repl;
    break;
  }
  // prompted -> prompt, logged -> log: undouble a final consonant left by -ed/-ing
  if (w.length > 3 && w.at(-1) === w.at(-2) && !'aeioulsz0123456789'.includes(w.at(-1) ?? ''))
    w = w.slice(0, -1);
  return w;
};

const WORD = /[a-z0-9][a-z0-9_]*/g;

const normaliseLower = (lower: string): string | null => {
  // IUSR, IUSR_MACHINE, IUSER_X, NS1IUSR_X: the anonymous account however it is spelt
  const word = /^(?:[a-z0-9]{0,4}iusr|iuser)(?:_\w*)?$/.test(lower)
    ? 'anonymous'
    : (SYNONYMS[lower] ?? lower);
  if (word.length < 2 || STOP.has(word)) return null;
  if (/^\d+$/.test(word)) return null; // numbers are codes, handled by the reader
  let t = stem(word);
  t = SYNONYMS[t] ?? t;
  // make/making, change/changed, authenticate/authentication all meet without the final e
  return t.length > 3 && t.endsWith('e') ? t.slice(0, -1) : t;
};

/**
 * Word -> token memo: every turn re-reads the conversation so far, and people reuse their words.
 * Bounded (cleared when full); long words are not kept, so pasted noise cannot crowd it.
 */
const MEMO_WORDS = 20_000;
const MEMO_MAX_LENGTH = 40;
const memo = new Map<string, string | null>();

const normaliseCached = (lower: string): string | null => {
  const hit = memo.get(lower);
  if (hit !== undefined) return hit;
  const t = normaliseLower(lower);
  if (lower.length <= MEMO_MAX_LENGTH) {
    if (memo.size >= MEMO_WORDS) memo.clear();
    memo.set(lower, t);
  }
  return t;
};

/** Normalises one raw word to its matching token, or null for stop words and noise. */
export const normaliseWord = (raw: string): string | null => normaliseCached(raw.toLowerCase());

// A product or protocol with its version ("HTTP/2", "TLS 1.3", "IIS 6", "Server 2003") says more
// than either word: the pair also reads as one token ("http2", "tls13"), beside the bare name.
const VERSIONED =
  /\b(https?|tls|ssl|iis|ie|ntlm|ntlmv|kerberos|server|windows|exchange|sharepoint|sql|net|dotnet|asp|tfs)(?:\s?\/\s?|\s|v)?(\d{1,4})(?:\.(\d{1,2}))?\b/g;
const withVersions = (lower: string): string =>
  lower.replace(VERSIONED, (_, name: string, major: string, minor?: string) => {
    const joined = `${name}${major}${minor ?? ''}`;
    return `${name} ${joined}`;
  });

/** Tokens of a text, in order (duplicates kept). Bounded by the caller's text size. */
export const tokenize = (text: string): string[] => {
  const out: string[] = [];
  const lower = withVersions(text.toLowerCase().replace(/['’]/g, ''));
  // exec on the shared regex: matchAll clones it per call, which dominates on short texts
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(lower)) !== null) {
    const t = normaliseCached(m[0]);
    if (t) out.push(t);
  }
  return out;
};

/** Adjacent token pairs, for phrase-ness ("host header", "app pool"). */
export const bigrams = (tokens: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 1; i < tokens.length; i++) out.push(`${tokens[i - 1]}_${tokens[i]}`);
  return out;
};
