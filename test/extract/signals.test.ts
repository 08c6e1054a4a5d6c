import { describe, expect, it } from 'vitest';
import { proseOf, readMessage } from '../../src/extract/index.js';
import { LAYOUTS } from '../../src/w3c/fields.js';
import { loadFacts, loadReference } from './reference.js';

const ref = loadReference();
const signals = (text: string) => readMessage(text, ref).signals.map((s) => `${s.fact}=${s.value}`);

describe('context signals', () => {
  it.each([
    ['The server runs IIS 6.0', 'iis-version=iis6'],
    ['on IIS 7.5 it works', 'iis-version=iis7'],
    ['IIS 8.5 on the new box', 'iis-version=iis7'],
    ['IIS10 with Windows auth', 'iis-version=iis7'],
    ['an old IIS 5 box', 'iis-version=iis5'],
    ['Windows Server 2003 SP1', 'iis-version=iis6'],
    ['Server 2012 R2', 'iis-version=iis7'],
    ['Windows Server 2022 core', 'iis-version=iis7'],
    ['IIS6 (running in IIS5 isolation mode)', 'iis-version=iis6'],
    ['#Software: Microsoft Internet Information Services 8.5\n', 'iis-version=iis7'],
    ['The website is configured for anonymous only', 'anonymous-enabled=yes'],
    ['anonymous access is turned off', 'anonymous-enabled=no'],
    ['A site is setup with only Integrated Authentication.', 'windows-auth-enabled=yes'],
    ['A site is setup with only Integrated Authentication.', 'anonymous-enabled=no'],
    ['windows authentication is enabled', 'windows-auth-enabled=yes'],
    ['Anonymous User is selected and Integrated User is deselected.', 'windows-auth-enabled=no'],
    ['we switched to basic auth', 'basic-auth-enabled=yes'],
    ['configured for Basic Authentication only', 'basic-auth-enabled=yes'],
    ['curl -v --ntlm http://x gets it', 'client-kind=tool-or-library'],
    ['PowerShell Invoke-WebRequest fails', 'client-kind=tool-or-library'],
    ['our .NET HttpClient gets 401', 'client-kind=tool-or-library'],
    ['Postman and wget both fail', 'client-kind=tool-or-library'],
    ['Python requests library', 'client-kind=tool-or-library'],
    ['Netscape 4 users cannot log in', 'client-kind=old-browser'],
    ['in Internet Explorer it prompts', 'client-kind=browser'],
    ['we sit behind a reverse proxy', 'intermediary=yes'],
    ['traffic goes through an F5 load balancer', 'intermediary=yes'],
    ['NetScaler in front', 'intermediary=yes'],
    ['published with ARR', 'intermediary=yes'],
    ['HAProxy does round robin', 'intermediary=yes'],
    ['a web accelerator was caching', 'intermediary=yes'],
    ['while Fiddler was running', 'intermediary=yes'],
    ['We are not using a proxy server', 'intermediary=no'],
    ['no proxy at all', 'intermediary=no'],
    ['the F5 does SSL offloading', 'tls-terminated-before-iis=yes'],
    ['the server is joined to the domain', 'domain-member=yes'],
    ['users are in AD groups', 'domain-member=yes'],
    ['Standalone Win2003 Server', 'domain-member=no'],
    ['a new GPO was applied', 'policy-applied=yes'],
    ['after the hardening baseline', 'policy-applied=yes'],
    ['we ran dcpromo last week', 'policy-applied=yes'],
    ['http://localhost/app fails', 'url-name=localhost'],
    ['browsing http://10.1.2.3/app fails', 'url-name=ip-address'],
    ['we use a host header for the site', 'url-name=fqdn-or-alias'],
    ['It works on the server but not from other machines', 'fails-where=remote-only'],
    ['it fails only on the server itself', 'fails-where=on-server-only'],
    ['works fine from other machines', 'fails-where=on-server-only'],
    ['it works with localhost but not with the FQDN', 'name-dependent=yes'],
    ['The app pool identity is a domain account', 'custom-pool-identity=yes'],
    ['the app pool runs as Network Service', 'custom-pool-identity=no'],
    ['served over https://portal.contoso.com', 'https=yes'],
    ['content is on \\\\fileserver\\share and a UNC path', 'content-on-unc=yes'],
    ['since we upgraded to 2012', 'after-upgrade=yes'],
    ['the service account password was changed', 'password-changed=yes'],
    ['it worked for months and suddenly stopped', 'sudden-change=yes'],
    ['this is a fresh install', 'sudden-change=no'],
    ['IE prompted three times then gave up', 'prompt-behaviour=prompt-repeats'],
    ['it keeps prompting for my password', 'prompt-behaviour=prompt-repeats'],
    ['401.2 with no chance to enter my username', 'prompt-behaviour=no-prompt'],
    ['only when multiple users are on the site at the same time', 'concurrent-users=yes'],
    ['the CORS preflight gets 401', 'cross-origin-call=yes'],
    ['the site requires client certificates', 'client-certificates=required'],
    ['it is a double hop to SQL', 'calls-other-server=yes'],
    ['the security log on the server was full', 'security-log-full=yes'],
    ['the account is locked out every morning', 'account-state=locked-or-disabled'],
    ['I get 401.2 errors accessing anything.asp', 'failing-resource=script'],
    ['401.5 errors on the GIF file', 'failing-resource=static'],
    ['we use a wildcard application map', 'wildcard-mapping=yes'],
    ['there is an ISAPI filter from the vendor', 'filter-or-module-installed=yes'],
    ['Plesk is installed', 'filter-or-module-installed=yes'],
    ['SiteMinder agent on the box', 'filter-or-module-installed=yes'],
  ])('reads %j as %s', (text, signal) => expect(signals(text)).toContain(signal));

  it.each([
    ['IIS 6.0 and 7.5 are versions', 'windows-auth-enabled'],
    ['upgraded from IIS5 to II6', 'iis-version'],
    ['Would a proxy cause this?', 'intermediary'],
    ['I disabled integrated and enabled anonymous', 'intermediary'],
    ['we use integrated security on the database connection string', 'calls-other-server'],
    ['The site is slow', 'client-kind'],
  ])('does not read %j as %s', (text, fact) => {
    expect(signals(text).filter((s) => s.startsWith(`${fact}=`))).toEqual([]);
  });

  it('lets the later statement win for a state that changed', () => {
    const s = signals(
      'Initially Integrated and anonymous were enabled. I disabled Integrated so only anonymous was checked.',
    );
    expect(s).toContain('windows-auth-enabled=no');
    expect(s).not.toContain('windows-auth-enabled=yes');
  });

  it('reads "not" before an intermediary as no', () => {
    expect(
      signals('we confirmed we are not using a proxy server and tested without an accelerator'),
    ).toEqual(['intermediary=no']);
  });

  it('carries the words that revealed each signal', () => {
    const f = readMessage('We sit behind an F5 and IIS 8.5.', ref);
    expect(f.signals).toEqual(
      expect.arrayContaining([
        { fact: 'intermediary', value: 'yes', evidence: 'F5' },
        { fact: 'iis-version', value: 'iis7', evidence: 'IIS 8.5' },
      ]),
    );
  });

  it('reads user agents, HTTPS and failing resources from log lines', () => {
    const header = `#Fields: ${LAYOUTS.iis85}`;
    const line = (ua: string, uri: string) =>
      `2024-01-01 10:00:00 10.0.0.1 GET ${uri} - 443 - 10.0.0.9 ${ua} - 401 2 5 1`;
    const f = readMessage(
      `${header}\n${line('curl/8.4.0', '/api/a.aspx')}\n${line('Mozilla/5.0+(Windows+NT+10.0)+Chrome/120', '/b.aspx')}`,
      ref,
    );
    const s = f.signals.map((x) => `${x.fact}=${x.value}`);
    expect(s).toEqual(
      expect.arrayContaining([
        'client-kind=tool-or-library',
        'client-kind=browser',
        'https=yes',
        'failing-resource=script',
      ]),
    );
  });

  it('uses only facts and answers of knowledge/facts.yaml', () => {
    const answers = new Map(loadFacts().map((f) => [f.id, new Set(f.answers.map((a) => a.value))]));
    const used = [
      ...ref.detectors.detectors.flatMap((d) => [
        ...(typeof d.value === 'string' ? [d.value] : Object.values(d.value)).map(
          (v) => [d.fact, v] as const,
        ),
        ...(d.negated ? [[d.fact, d.negated] as const] : []),
      ]),
      ['name-dependent', 'yes'] as const,
      ['handshake-completes', 'yes'] as const,
      ['handshake-completes', 'no'] as const,
      ['failing-resource', 'everything'] as const,
    ];
    for (const [fact, value] of used)
      expect(answers.get(fact), `${fact}=${value}`).toContain(value);
  });
});

describe('negated words are kept out of the prose the ranking reads', () => {
  const prose = (text: string) => proseOf(readMessage(text, ref));
  it.each([
    [
      'The login box keeps coming back; there is no proxy, clients connect directly.',
      'intermediary=no',
      'no proxy',
    ],
    ['We do not use a load balancer and the site prompts.', 'intermediary=no', 'balancer'],
  ])('%s', (text, fact, gone) => {
    expect(signals(text)).toContain(fact);
    expect(prose(text)).not.toContain(gone);
    // the rest of the message stays, at its place
    expect(prose(text)).toHaveLength(text.length);
  });

  it('keeps words that are not negated ("does not work behind our nginx proxy")', () => {
    const text = 'Windows authentication does not work behind our nginx reverse proxy.';
    expect(signals(text)).toContain('intermediary=yes');
    expect(prose(text)).toBe(text);
  });
});
