import type { LogEntry, Sequence, Signal } from './types.js';

/** A signal and where in the text it was found (-1: from log lines). */
export interface Hit extends Signal {
  at: number;
  /** Where the words that revealed it end (prose hits). */
  end?: number;
}

/** The words shown as a signal's evidence: whitespace folded, at most 80 characters. */
export const evidenceOf = (m: string): string => m.replace(/\s+/g, ' ').trim().slice(0, 80);

const TOOL_UA =
  /^(?:curl|wget|python|powershell|windowspowershell|java|okhttp|apache-httpclient|go-http-client|postmanruntime|libwww-perl|microsoft-webdav|microsoft\+office|microsoft\+bits|jakarta|axios|node-fetch|restsharp|insomnia)\b|\+(?:windowspowershell|powershell)\//i;
const BROWSER_UA = /^mozilla\/\d.*(?:msie|trident|chrome|firefox|safari|edg)/i;
const OLD_UA = /^mozilla\/[1-4]\.\d+\+?(?:\[|\(x11|\(win|\(mac)/i;
const SCRIPT_EXT = /\.(?:aspx?|php\d?|cgi|asmx|svc|ashx|axd|jsp|cfm|dll|exe|pl)$/i;
const STATIC_EXT = /\.(?:html?|gif|jpe?g|png|css|js|ico|txt|svg|woff2?)$/i;

function clientKindOf(ua: string): string | null {
  if (TOOL_UA.test(ua)) return 'tool-or-library';
  if (BROWSER_UA.test(ua)) return 'browser';
  if (!/compatible/i.test(ua) && OLD_UA.test(ua)) return 'old-browser';
  return null;
}

/** A fact the log lines show. */
const hit = (fact: string, value: string, evidence: string): Hit => ({
  fact,
  value,
  evidence,
  at: -1,
});

/** Facts the log entries show: client kinds, HTTPS, OPTIONS preflights, kind of failing resource, handshakes. */
export function logHits(
  entries: readonly LogEntry[],
  sequences: readonly Sequence[],
  software: { line: number; value: string }[],
): Hit[] {
  const hits: Hit[] = [];
  for (const s of software) {
    const m = /internet information serv(?:ices|er) (\d{1,2})(?:\.\d)?/i.exec(s.value);
    const major = m ? Number(m[1]) : NaN;
    const value =
      major === 5 ? 'iis5' : major === 6 ? 'iis6' : major >= 7 && major <= 10 ? 'iis7' : null;
    if (value) hits.push(hit('iis-version', value, evidenceOf(`#Software: ${s.value}`)));
  }
  const failing = entries.filter(
    (e) => (e.status === 401 || e.status === 403) && e.layout !== 'httperr' && e.layout !== 'ftp',
  );
  const kinds = new Set<string>();
  let https = false;
  let options = false;
  let scripts = 0;
  let statics = 0;
  for (const e of failing.slice(0, 10_000)) {
    const kind = e.userAgent ? clientKindOf(e.userAgent) : null;
    if (kind && !kinds.has(kind)) {
      kinds.add(kind);
      hits.push(hit('client-kind', kind, evidenceOf(e.userAgent!)));
    }
    if (!https && e.fields['s-port'] === '443') {
      https = true;
      hits.push(hit('https', 'yes', 's-port 443 on a failing request'));
    }
    if (!options && e.status === 401 && e.method === 'OPTIONS') {
      options = true;
      hits.push(hit('cross-origin-call', 'yes', 'OPTIONS request answered 401'));
    }
    const uri = e.uriStem ?? '';
    if (SCRIPT_EXT.test(uri)) scripts++;
    else if (STATIC_EXT.test(uri)) statics++;
  }
  if (failing.length) {
    const named = failing.find((e) => e.username);
    hits.push(
      named
        ? hit('log-has-username', 'yes', `cs-username ${named.username} on a failing line`)
        : hit('log-has-username', 'no', 'cs-username is "-" on every failing line'),
    );
  }
  if (scripts + statics > 0) {
    const value = scripts && statics ? 'everything' : scripts ? 'script' : 'static';
    const evidence = `${scripts} script and ${statics} static URLs among the 401/403 lines`;
    hits.push(hit('failing-resource', value, evidence));
  }
  const complete = sequences.find(
    (s) => s.kind === 'handshake-complete' || s.kind === 'kerberos-complete',
  );
  const failed = sequences.find(
    (s) => s.kind === 'handshake-failed' || s.kind === 'repeated-failure',
  );
  if (complete) hits.push(hit('handshake-completes', 'yes', `${complete.kind} in the log lines`));
  else if (failed) {
    const evidence = `${failed.kind} and no completed handshake in the log lines`;
    hits.push(hit('handshake-completes', 'no', evidence));
  }
  return hits;
}
