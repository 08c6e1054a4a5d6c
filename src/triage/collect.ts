import { CUTOFFS, stepsFor } from '../dialog/index.js';
import type { StepBlock } from '../dialog/types.js';
import { entryById, type Entry, type Knowledge, type VersionedSteps } from '../knowledge/index.js';
import type { CollectItem, NoteCause } from './types.js';

/** What the note knows that shapes the collection steps. */
export interface CollectInput {
  causes: readonly NoteCause[];
  /** iis5 | iis6 | iis7 when the ticket says. */
  version: string | undefined;
  /** A failing 401 (not only legs of the normal challenge) is in the ticket. */
  failing401: boolean;
  /** A 401 whose substatus is unknown, or no status code at all. */
  substatusUnknown: boolean;
  /** Log lines with a #Fields header are already in the ticket. */
  hasHeaderedLogs: boolean;
  /** The host name users type, when the ticket shows it. */
  host: string | null;
  /** The IIS configuration path of the failing URL ("/reportserver"), when known. */
  path: string | null;
  /** The ticket shows only the normal challenge. */
  normal: boolean;
}

/** Each kind of evidence: its title, and why it is worth collecting (in this order). */
const ITEMS = {
  logs: {
    title: 'The failing requests from the IIS log, with the #Fields line',
    why: 'The #Fields line names the columns, and the requests just before and after the failure from the same client show whether a logon handshake completed.',
  },
  substatus: {
    title: 'The exact 401 substatus and win32 code',
    why: 'A 401 without its substatus and win32 code fits almost every cause; the substatus decides where to look.',
  },
  'auth-settings': {
    title: "The site's authentication settings",
    why: 'Which authentication methods are on at the failing path, with which accounts, decides between several of the causes.',
  },
  'security-log': {
    title: 'The Security event log entry for the failed logon',
    why: 'Windows records why it refused the logon: the failure status tells a bad password from a missing logon right, a locked account or an unreachable domain controller.',
  },
  acl: {
    title: 'The file permissions and the account IIS used',
    why: 'Shows whether the account IIS used may read the file.',
  },
  spn: {
    title: 'The SPNs of the name in the URL and of the pool account',
    why: 'Kerberos is among the likely causes: which account holds HTTP/<name> decides whether Kerberos can work.',
  },
  freb: {
    title: 'A Failed Request Tracing log of one failing request',
    why: 'Names the IIS module that set the 401, with its substatus and error code, and the user IIS ended up with.',
  },
  'network-trace': {
    title: 'A network trace of the authentication headers',
    why: 'Shows which schemes the server offers, what the client answers (Kerberos, NTLM or nothing), and whether the logon legs stay on one connection.',
  },
};
type ItemId = keyof typeof ITEMS;

/**
 * Which evidence an entry's own checks call for, read from the entry's words, so a new cause file
 * gets the right collection steps without code.
 */
const MARKERS: [ItemId, RegExp][] = [
  ['spn', /\bsetspn\b|\bklist\b|^kerberos-/im],
  ['security-log', /\b4625\b|\bSecurity (?:event )?log\b|\bauditpol\b/i],
  ['acl', /\bicacls\b|\bProcess Monitor\b|\bEffective Access\b/i],
  [
    'auth-settings',
    /security\/authentication|Directory Security|Authentication (?:page|feature|settings)|AuthFlags/i,
  ],
  ['freb', /Failed Request Tracing|\bFREB\b/i],
  [
    'network-trace',
    /network trace|Fiddler|netsh trace|Wireshark|developer tools|WWW-Authenticate/i,
  ],
];

const checkText = (e: Entry): string => {
  const s: VersionedSteps = e.kind === 'cause' ? e.steps.confirm : e.steps.do;
  return [e.id, ...(s.all ?? []), ...(s.iis6 ?? []), ...(s.iis7 ?? [])].join('\n');
};

const wantedBy = (e: Entry): ItemId[] => {
  const text = checkText(e);
  return MARKERS.filter(([, re]) => re.test(text)).map(([id]) => id);
};

const flatten = (blocks: readonly StepBlock[]): string[] =>
  blocks.flatMap((b) => [
    ...b.all,
    ...b.iis7.map((s) => (b.iis6.length ? `(IIS 7-10) ${s}` : s)),
    ...b.iis6.map((s) => (b.iis7.length ? `(IIS 6) ${s}` : s)),
  ]);

/** A howto's steps for the version, optionally only those matching `keep` (all when none match). */
const howtoSteps = (
  knowledge: Knowledge,
  id: string,
  version: string | undefined,
  keep?: RegExp,
): string[] => {
  const entry = entryById(knowledge, id);
  const blocks = entry ? stepsFor(entry, version, false) : [];
  const only = (steps: string[]) => steps.filter((s) => keep?.test(s) ?? true);
  const kept = flatten(
    blocks.map((b) => ({ ...b, all: only(b.all), iis6: only(b.iis6), iis7: only(b.iis7) })),
  );
  return kept.length ? kept : flatten(blocks);
};

const quote = (s: string): string => `"${s}"`;

const siteRef = (path: string | null): string => quote(`<site name>${path ?? ''}`);

const authSettingsSteps = (input: CollectInput): string[] => {
  const at = siteRef(input.path);
  const cmd = (section: string) =>
    `\`%windir%\\system32\\inetsrv\\appcmd list config ${at} -section:system.webServer/security/${section}\``;
  const iis7 = [
    `${cmd('authentication/anonymousAuthentication')}: whether anonymous access is on at the failing path, and the account it uses (userName; empty means the application pool identity).`,
    `${cmd('authentication/windowsAuthentication')}: enabled, the providers in order (Negotiate, NTLM), useKernelMode and extendedProtection.`,
    `${cmd('authentication/basicAuthentication')}: enabled, defaultLogonDomain and realm.`,
    `${cmd('access')}: sslFlags (HTTPS required, client certificates ignored, accepted or required).`,
    'Run them at the failing folder as well as the site: settings set lower down override the site, and the output is what applies there.',
  ];
  const iis6 = [
    'IIS Manager, the site and the failing folder, Properties, Directory Security, Authentication and access control, Edit: what is ticked, and the anonymous user name.',
    'Or by script: `cscript %SystemDrive%\\Inetpub\\AdminScripts\\adsutil.vbs GET W3SVC/<site id>/ROOT/AuthFlags` (1 anonymous, 2 Basic, 4 Integrated, 16 Digest, added up) and `... GET W3SVC/<site id>/ROOT/NTAuthenticationProviders`.',
  ];
  if (input.version === 'iis6' || input.version === 'iis5') return iis6;
  if (input.version === 'iis7') return iis7;
  return [...iis7.map((s) => `(IIS 7-10) ${s}`), ...iis6.map((s) => `(IIS 6) ${s}`)];
};

const SECURITY_LOG_STEPS = [
  'On the web server: Event Viewer, Windows Logs, Security, filtered on event ID 4625 (Server 2003 and older: 529 to 537) at the time of a failing request. Send the Account Name, Account Domain, Logon Type, Status, Sub Status and Process Name of one such event.',
  'No such events? Logon-failure auditing is probably off: `auditpol /get /subcategory:"Logon"` shows it, `auditpol /set /subcategory:"Logon" /failure:enable` turns it on (Server 2003: Local Security Policy, Audit Policy, Audit logon events, Failure). Reproduce, then restore the policy if required.',
  'In a domain, the domain controller may record the failure too: event 4771 (Kerberos pre-authentication) or 4776 (NTLM credential validation) for the same user and time.',
];

const ACL_STEPS = [
  'The account IIS used: the `cs-username` value on the failing log line (a dash means the anonymous identity - IUSR, the configured anonymous user, or the pool identity).',
  'The permissions of the failing file and its folder: `icacls "<content folder>"` and `icacls "<content folder>\\<failing file>"`, pasted as text.',
  'If the permissions look right: Process Monitor (Sysinternals), filtered on Result is ACCESS DENIED, while reproducing once shows the exact path and the account that was refused.',
];

const spnSteps = (host: string | null): string[] => {
  const name = host ?? '<host name in the URL>';
  return [
    "The account the application pool runs as (IIS 7-10: Application Pools, the Identity column; IIS 6: the pool's Properties, Identity tab). A built-in identity such as ApplicationPoolIdentity or Network Service means the server's computer account.",
    `\`setspn -L <pool account>\` (for example \`setspn -L CONTOSO\\svc-web\`, or \`setspn -L <server name>\` for the computer account): the HTTP/ names registered on it.`,
    `\`setspn -Q HTTP/${name}\`${host?.includes('.') ? '' : ' and the same with the fully qualified name'}: which account holds the name users type. No result means no SPN; two accounts mean a duplicate (\`setspn -X\` lists all duplicates).`,
    `On a failing client: \`klist purge\`, reproduce once, then \`klist\`: a ticket for HTTP/${name} means Kerberos was used; no ticket means the client fell back to NTLM or gave up.`,
  ];
};

const LOG_INTRO =
  'Send the `#Fields:` line from the top of the file and every line from one failing client around the failure (a few seconds before and after), not a single line; say the time of the failure and the time zone.';

const itemSteps = (knowledge: Knowledge, id: ItemId, input: CollectInput): string[] => {
  const v = input.version;
  switch (id) {
    case 'logs':
      return [
        LOG_INTRO,
        ...howtoSteps(
          knowledge,
          'howto-find-logs',
          v,
          /^Default folder|^Find the site id|^The `date`/,
        ),
      ];
    case 'substatus':
      return howtoSteps(knowledge, 'howto-get-substatus', v);
    case 'auth-settings':
      return authSettingsSteps(input);
    case 'security-log':
      return SECURITY_LOG_STEPS;
    case 'acl':
      return ACL_STEPS;
    case 'spn':
      return spnSteps(input.host);
    case 'freb':
      return howtoSteps(knowledge, 'howto-failed-request-tracing', 'iis7');
    case 'network-trace':
      return howtoSteps(
        knowledge,
        'howto-network-trace',
        v,
        /F12|netsh trace|Read the answer|redact/i,
      );
  }
};

/** Causes whose checks choose the items: the top one, and the others that still carry weight. */
const consideredCauses = (causes: readonly NoteCause[]): NoteCause[] => {
  const [top, ...rest] = causes;
  if (!top) return [];
  return [top, ...rest.filter((c) => c.score >= 0.1 && c.kind === 'cause').slice(0, 2)];
};

/**
 * Data to collect, with exact instructions: first the top cause's own checks, then the evidence the
 * likely causes call for (logs, substatus, authentication settings, Security log, ACLs, SPNs,
 * Failed Request Tracing, a network trace), each saying which causes it helps tell apart.
 */
export const collectItems = (knowledge: Knowledge, input: CollectInput): CollectItem[] => {
  const considered = consideredCauses(input.causes);
  const items: CollectItem[] = [];
  const top = considered[0];
  const topEntry = top && entryById(knowledge, top.id);
  if (top && topEntry) {
    const steps = flatten(stepsFor(topEntry, input.version, false));
    if (steps.length) {
      items.push({
        id: `check-${top.id}`,
        title: topEntry.kind === 'howto' ? topEntry.title : `Check first: ${topEntry.title}`,
        why:
          topEntry.kind === 'howto'
            ? 'The ticket asks how to do this.'
            : 'The most likely cause; these checks confirm or rule it out.',
        steps,
        for: [top.id],
      });
    }
  }

  // a how-to question is answered by its own steps; a normal challenge needs only the log lines
  if (top?.kind === 'howto' && top.score >= 0.3) return items;
  const wants = new Map<ItemId, string[]>();
  const want = (id: ItemId, cause: string) => wants.set(id, [...(wants.get(id) ?? []), cause]);
  for (const c of considered) {
    const entry = entryById(knowledge, c.id);
    if (!entry || entry.kind !== 'cause') continue;
    for (const id of wantedBy(entry)) want(id, c.id);
  }
  const causeIds = considered.filter((c) => c.kind === 'cause').map((c) => c.id);
  if (input.substatusUnknown) wants.set('substatus', causeIds);
  if (!input.hasHeaderedLogs || input.normal) wants.set('logs', wants.get('logs') ?? causeIds);
  // Failed Request Tracing exists from IIS 7 on, and a normal challenge needs none
  // a 401 that the likely causes do not explain with their own evidence: let IIS name the module
  const confident = (top?.score ?? 0) >= CUTOFFS.resolveAt && wants.size > 0;
  if (input.failing401 && !input.normal && !confident && !wants.has('freb')) {
    wants.set('freb', causeIds);
  }
  if (input.version === 'iis6' || input.version === 'iis5') wants.delete('freb');

  if (input.normal) for (const id of wants.keys()) if (id !== 'logs') wants.delete(id);

  for (const [id, { title, why }] of Object.entries(ITEMS) as [ItemId, typeof ITEMS.acl][]) {
    const forCauses = wants.get(id);
    if (!forCauses) continue;
    const steps = itemSteps(knowledge, id, input);
    if (!steps.length) continue;
    items.push({ id, title, why, steps, for: [...new Set(forCauses)] });
  }
  return items;
};
