import { codeText, countText } from './count-text.js';
import { HANDSHAKE_WINDOW_SEC } from './rules.js';
import { codeKey, codeOfKey, type ScanState } from './state.js';
import { topEntries } from './top-list.js';
import type { ScanDiagnosis } from './types.js';

type Triple = ScanDiagnosis['codes'][number];

/** Knowledge ids (cause-ids.md) for codes that mean one thing on their own. */
export function causeOf(status: number, sub: number | null, win32: number | null): string | null {
  if (status === 401) {
    if (sub === 1) return WIN32_CAUSES[win32 ?? -1] ?? null;
    if (sub === 0 || sub === 7) return 'url-authorization-denied';
    if (sub === 3) return 'file-acl-missing';
    if (sub === 4) return 'isapi-filter-denied';
    if (sub === 5) return 'isapi-cgi-denied';
  }
  if (status === 403) {
    if (sub === 7) return 'client-cert-required';
    if (sub === 13 || sub === 16 || sub === 17) return 'client-cert-untrusted';
    if (sub === 14) return 'no-handler-directory-listing';
    if (sub === 6) return 'dynamic-ip-restriction';
  }
  if (
    (status === 401 || status === 403 || status === 404) &&
    sub !== null &&
    sub >= 501 &&
    sub <= 504
  )
    return 'dynamic-ip-restriction';
  return null;
}

/** win32 values on a 401.1 (iis-facts section 2). 0 and SEC_E_NO_CREDENTIALS are handshake legs. */
const WIN32_CAUSES: Record<number, string> = {
  1326: 'wrong-credentials',
  2148074252: 'wrong-credentials', // SEC_E_LOGON_DENIED
  2148074248: 'proxy-breaks-ntlm', // SEC_E_INVALID_TOKEN
  1909: 'account-locked-or-disabled',
  1331: 'account-locked-or-disabled',
  1793: 'account-locked-or-disabled',
  1330: 'account-locked-or-disabled',
  1907: 'account-locked-or-disabled',
  1385: 'logon-right-denied',
  1380: 'logon-right-denied',
  1327: 'logon-right-denied',
  1328: 'logon-right-denied',
  1329: 'logon-right-denied',
  1935: 'logon-right-denied',
  1311: 'dc-unreachable',
  2148074257: 'dc-unreachable', // SEC_E_NO_AUTHENTICATING_AUTHORITY
  2148074320: 'dc-unreachable', // SEC_E_DOWNGRADE_DETECTED
  2148074274: 'kerberos-spn-missing', // SEC_E_WRONG_PRINCIPAL
  2148074245: 'kerberos-spn-missing', // SEC_E_SECPKG_NOT_FOUND
  2148074310: 'extended-protection-cbt', // SEC_E_BAD_BINDINGS
  2148074244: 'security-log-full', // SEC_E_INTERNAL_ERROR: the LSA cannot be contacted
};

const MEANING: Record<string, string> = {
  'file-acl-missing': 'NTFS permissions deny the identity the request runs as',
  'isapi-cgi-denied': 'an ISAPI extension or CGI application refused the request',
  'isapi-filter-denied': 'an ISAPI filter refused the request',
  'no-handler-directory-listing': 'no default document, and directory browsing is off',
  'client-cert-required': 'the resource requires a client certificate and none was sent',
  'client-cert-untrusted':
    'the client certificate was not accepted (untrusted, revoked or expired)',
  'account-locked-or-disabled':
    'the account is locked out, disabled or expired, or its password expired',
  'logon-right-denied':
    'the account lacks the logon right it needs, or is outside its allowed hours or workstations',
  'dc-unreachable': 'no domain controller could be reached for the logon',
  'kerberos-spn-missing':
    'Kerberos could not use the service principal name (missing, duplicated or on the wrong account)',
  'extended-protection-cbt': 'the channel binding token did not match (Extended Protection)',
  'security-log-full':
    'the local security authority could not be contacted (a full Security log is one cause)',
};

const n = countText;
const label = (t: Triple): string => `${codeText(t)} (win32 ${t.win32 ?? '-'})`;
/** A client that failed with this many different user names looks like a password spray. */
const SPRAY_USERS = 10;

function tripleCounts(
  map: Map<string, number>,
  filter: (t: Triple) => boolean = () => true,
): Triple[] {
  return [...map]
    .map(([k, count]) => ({ ...codeOfKey(k), count }))
    .filter(filter)
    .sort((a, b) => b.count - a.count);
}

const sum = (codes: readonly Triple[]): number => codes.reduce((a, c) => a + c.count, 0);

/** The ranked diagnoses of a scan, each tied to a knowledge id, with a sentence a person reads. */
export function diagnose(state: ScanState): ScanDiagnosis[] {
  const out = new Map<string, ScanDiagnosis>();
  const hs = state.handshakes;
  const codes = [...state.codes.values()];
  const total = (pred: (s: number, ss: number | null) => boolean): number =>
    codes
      .filter((c) => c.status !== null && pred(c.status, c.substatus))
      .reduce((a, c) => a + c.count, 0);

  // the normal challenge: 401.2 legs of sequences that then succeeded
  const legs2 = tripleCounts(hs.legs, (t) => t.substatus === 2);
  const legs1 = sum(tripleCounts(hs.legs, (t) => t.substatus === 1));
  if (sum(legs2) > 0) {
    const all401x2 = total((s, ss) => s === 401 && ss === 2);
    out.set('ntlm-handshake-normal', {
      id: 'ntlm-handshake-normal',
      kind: 'normal',
      count: sum(legs2),
      codes: legs2,
      detail:
        `${n(sum(legs2))} of the ${n(all401x2)} 401.2 entries are the first leg of handshakes that then succeeded ` +
        `(${n(hs.ntlm)} NTLM with a 401.1 challenge leg, ${n(hs.negotiate)} Negotiate/Kerberos in one round trip)` +
        (legs1 > 0 ? `; ${n(legs1)} 401.1 entries are their middle legs.` : '.'),
    });
  }

  // challenges nobody answered: tools that cannot, browsers that will not (zone settings)
  const unanswered = tripleCounts(hs.noAnswerLegs);
  if (sum(unanswered) > 0) {
    const both = `${n(sum(unanswered))} 401.2 entries in ${n(hs.noAnswer)} sequences got no credentials from the client within ${HANDSHAKE_WINDOW_SEC} s`;
    if (hs.noAnswerTool > 0)
      out.set('client-lacks-auth-protocol', {
        id: 'client-lacks-auth-protocol',
        kind: 'failure',
        count: hs.noAnswerTool,
        codes: unanswered,
        detail: `${both}; ${n(hs.noAnswerTool)} of them came from tools or libraries (not a browser user agent), which often cannot do NTLM/Negotiate.`,
      });
    if (hs.noAnswerBrowser > 0)
      out.set('browser-autologon-zone', {
        id: 'browser-autologon-zone',
        kind: 'failure',
        count: hs.noAnswerBrowser,
        codes: unanswered.map((c) => ({ ...c })),
        detail: `${both}; ${n(hs.noAnswerBrowser)} of them came from browsers, which log on silently only in zones that allow it (otherwise they prompt, or give up).`,
      });
  }

  // codes that name their cause
  for (const c of codes) {
    if (c.status === null) continue;
    const id = causeOf(c.status, c.substatus, c.win32);
    if (!id) continue;
    const d = out.get(id) ?? { id, kind: 'failure' as const, count: 0, codes: [], detail: '' };
    d.count += c.count;
    d.codes.push({ status: c.status, substatus: c.substatus, win32: c.win32, count: c.count });
    out.set(id, d);
  }
  const abandoned = tripleCounts(hs.abandonedLegs, (t) => t.substatus === 1);
  if (sum(abandoned) > 0) {
    const d = out.get('proxy-breaks-ntlm') ?? {
      id: 'proxy-breaks-ntlm',
      kind: 'failure' as const,
      count: 0,
      codes: [],
      detail: '',
    };
    d.count += sum(abandoned);
    d.codes.push(...abandoned);
    out.set('proxy-breaks-ntlm', d);
  }
  for (const d of out.values()) {
    d.codes.sort((a, b) => b.count - a.count);
    if (!d.detail) d.detail = describe(d, state, sum(abandoned));
  }
  return [...out.values()].sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
}

function describe(d: ScanDiagnosis, state: ScanState, abandoned: number): string {
  const parts = d.codes.map((c) => `${n(c.count)} × ${label(c)}`).join(', ');
  const top = (what: 'urls' | 'clients' | 'users'): string => {
    const best = d.codes
      .map((c) => state.details.get(codeKey(c.status, c.substatus, c.win32)))
      .flatMap((x) => (x ? topEntries(x[what], 1) : []))
      .sort((a, b) => b.count - a.count)[0];
    return best ? `${best.value} (${n(best.count)})` : '';
  };
  const url = top('urls');
  const where = url ? `; most on ${url}` : '';
  switch (d.id) {
    case 'wrong-credentials': {
      const sprays = [...state.sprays]
        .filter(([, s]) => s.users.size >= SPRAY_USERS)
        .sort((a, b) => b[1].users.size - a[1].users.size || b[1].count - a[1].count);
      const badPw = d.codes.filter((c) => c.win32 === 1326).reduce((a, c) => a + c.count, 0);
      const denied = d.count - badPw;
      const user = top('users');
      const bits = [
        badPw > 0 ? `${n(badPw)} 401.1 with win32 1326 (unknown user name or bad password)` : '',
        denied > 0
          ? `${n(denied)} 401.1 with SEC_E_LOGON_DENIED (2148074252: credentials refused at the end of the handshake)`
          : '',
      ].filter(Boolean);
      const spray =
        sprays.length > 0
          ? `; ${n(sprays.length)} client${sprays.length > 1 ? 's' : ''} tried ${SPRAY_USERS} or more user names (${sprays[0]![0]}: ${n(sprays[0]![1].users.size)} names), the pattern of a password spray`
          : '';
      return `${bits.join(' and ')}${user ? `; most for ${user}` : ''}${spray}.`;
    }
    case 'proxy-breaks-ntlm': {
      const invalid = d.count - abandoned;
      const done = [...state.handshakes.failingLegsCompleted].reduce((a, [, c]) => a + c, 0);
      const bits = [
        invalid > 0
          ? `${n(invalid)} 401.1 with SEC_E_INVALID_TOKEN (2148074248): NTLM messages of one handshake reached different connections or servers` +
            (done > 0 ? ` (${n(done)} of them were retried and then succeeded)` : '')
          : '',
        abandoned > 0
          ? `${n(abandoned)} handshake${abandoned === 1 ? '' : 's'} stopped after the server's 401.1 challenge`
          : '',
      ].filter(Boolean);
      return `${bits.join('; ')}${where}.`;
    }
    case 'dynamic-ip-restriction':
      return `${parts}: IP restrictions refused the client, not authentication${top('clients') ? `; most from ${top('clients')}` : ''}.`;
    case 'url-authorization-denied':
      return `${parts}: set by URL Authorization or by the application itself, not by Windows logon${where}.`;
    default:
      return `${parts}${MEANING[d.id] ? `: ${MEANING[d.id]}` : ''}${where}.`;
  }
}
