/**
 * Context detectors as data: each pattern, when it matches the prose of a message, says that a
 * fact of knowledge/facts.yaml has a value. Patterns are linear (alternations of words, bounded
 * gaps of one character class) and case-insensitive.
 */
/** A value that depends on what the clause says happens there ("works on the server" vs "fails on the server"). */
export interface ByOutcome {
  fails?: string;
  works?: string;
  /** The clause states neither. */
  unknown?: string;
}

/** A message that a detector must read a certain way: the fact's value after all detectors ran (null: unset). */
export type Example = readonly [text: string, value: string | null];

export interface Detector {
  fact: string;
  value: string | ByOutcome;
  re: RegExp;
  /** Value to emit instead when a negation ("not", "no", "without") governs the match. */
  negated?: string | null;
  /** The detector is not used on a message this matches (a context that changes the words' sense). */
  unless?: RegExp;
  /** It reads questions too ("is this normal?"); other detectors skip what the asker only asks. */
  inQuestions?: boolean;
  /** Messages and what they must give for `fact`: checked by test/extract/detectors.test.ts. */
  examples: readonly Example[];
}

/** How several hits on one fact are reduced: the last statement wins, the first, or keep all values. */
export type Policy = 'last' | 'first' | 'all';

export const POLICIES: Record<string, Policy> = {
  'iis-version': 'last',
  'anonymous-enabled': 'last',
  'windows-auth-enabled': 'last',
  'basic-auth-enabled': 'last',
  'client-kind': 'all',
  'failing-browser': 'first',
  intermediary: 'last',
  'domain-member': 'first',
  'url-name': 'all',
  'self-call': 'first',
  'fails-where': 'first',
  'prompt-behaviour': 'all',
  'custom-pool-identity': 'last',
  'sudden-change': 'first',
  'failing-resource': 'first',
  'users-see-error': 'last',
  'handshake-completes': 'last',
  'browser-dependent': 'first',
};

const W = (words: string): string => String.raw`\b(?:${words})\b`;
const d = (
  fact: string,
  value: string | ByOutcome,
  pattern: string,
  negated?: string | null,
  options: {
    flags?: string;
    unless?: RegExp;
    inQuestions?: boolean;
    examples?: readonly Example[];
  } = {},
): Detector => ({
  fact,
  value,
  re: new RegExp(pattern, options.flags ?? 'gi'),
  ...(negated !== undefined ? { negated } : {}),
  ...(options.unless ? { unless: options.unless } : {}),
  ...(options.inQuestions ? { inQuestions: true } : {}),
  examples: options.examples ?? [],
});

/** A developer's own machine: "works locally" there says nothing about the web server. */
const DEV_CONTEXT =
  /\b(?:visual studio|vs ?20\d\d|iis ?express|debug(?:ger|ging)?|dev(?:elopment)? (?:machine|box|pc|environment|laptop)|my (?:machine|laptop|pc|computer)|kestrel|dotnet run|when i run it locally)\b/i;

// Short gaps inside a clause: up to N characters that are not sentence ends.
const GAP = (n: number): string => `(?:[^.!?;\\n]|\\.(?=\\w)){0,${n}}`;
const ON = String.raw`(?:(?:is|was|are|were|got|been|now) (?:on|enabled|checked|selected|ticked|allowed|turned on)|enabled|checked|selected|ticked|allowed|turned on)`;
const OFF = String.raw`(?:is |was |are |were |got |been |now )?(?:disabled|off|unchecked|deselected|unticked|not enabled|not checked|not selected|turned off|removed)`;
const ANON = String.raw`(?:anonymous|anonomus|anonymus|anon\.?)(?: (?:access|authentication|auth|user|login|logon))?`;
const WIN = String.raw`(?:integrated(?: windows)?(?: (?:authentication|auth|security|user))?|windows (?:authentication|auth)|iwa|ntlm authentication|negotiate authentication)`;
const BASIC = String.raw`basic(?: (?:authentication|auth))`;

export const DETECTORS: Detector[] = [
  // --- IIS version --------------------------------------------------------------------------------
  d(
    'iis-version',
    'iis5',
    String.raw`(?<!from )\biis ?5(?:\.[01])?\b(?! ?(?:isolation|mode|compat))`,
    undefined,
    {
      examples: [
        ['an old IIS 5 box in the corner', 'iis5'],
        ['we moved from IIS 5 to IIS 10', 'iis7'],
      ],
    },
  ),
  d('iis-version', 'iis5', W(String.raw`windows 2000|win2k|w2k(?!3)`), undefined, {
    examples: [
      ['Windows 2000 server with the default site', 'iis5'],
      ['our W2K3 web server', 'iis6'],
    ],
  }),
  d('iis-version', 'iis6', String.raw`(?<!from )\biis ?6(?:\.0)?\b`, undefined, {
    examples: [
      ['The server runs IIS 6.0', 'iis6'],
      ['we upgraded from IIS 6 to IIS 8.5', 'iis7'],
    ],
  }),
  d('iis-version', 'iis6', String.raw`\biis ?5(?:\.0)? isolation mode\b`, undefined, {
    examples: [
      ['IIS6 (running in IIS5 isolation mode)', 'iis6'],
      ['plain IIS 5 on the old box', 'iis5'],
    ],
  }),
  d(
    'iis-version',
    'iis6',
    W(String.raw`(?:windows |win ?|w)(?:server )?2003(?: r2)?|w2k3|win2k3|server 2003`),
    undefined,
    {
      examples: [
        ['Windows Server 2003 SP1 box', 'iis6'],
        ['Server 2012 R2 with IIS', 'iis7'],
      ],
    },
  ),
  d(
    'iis-version',
    'iis7',
    String.raw`(?<!from )\biis ?(?:7(?:\.[05])?|8(?:\.[05])?|10(?:\.0)?)\b`,
    undefined,
    {
      examples: [
        ['on IIS 7.5 it works', 'iis7'],
        ['the site is slow today', null],
      ],
    },
  ),
  d(
    'iis-version',
    'iis7',
    W(
      String.raw`(?:windows |win ?|w)(?:server )?(?:2008|2012|2016|2019|2022|2025)(?: r2)?|server (?:2008|2012|2016|2019|2022|2025)(?: r2)?`,
    ),
    undefined,
    {
      examples: [
        ['Windows Server 2022 core', 'iis7'],
        ['Windows 2000 Advanced Server', 'iis5'],
      ],
    },
  ),

  // --- authentication methods ---------------------------------------------------------------------
  d('anonymous-enabled', 'yes', `${W(ANON)} ${ON}\\b`, 'no', {
    examples: [
      ['anonymous access is enabled on the folder', 'yes'],
      ['anonymous is not enabled', 'no'],
    ],
  }),
  d(
    'anonymous-enabled',
    'yes',
    W(
      String.raw`(?:enabled?|allow(?:ed)?|using|uses|use|with|checked|selected) (?:the )?(?:iis )?${ANON}`,
    ),
    'no',
    {
      examples: [
        ['we use anonymous authentication for the public pages', 'yes'],
        ['we disabled anonymous access', 'no'],
      ],
    },
  ),
  d(
    'anonymous-enabled',
    'yes',
    W(String.raw`${ANON} only|only ${ANON}|configured for "?anonymous"?|anonymous access to all`),
    undefined,
    {
      examples: [
        ['The website is configured for anonymous only', 'yes'],
        ['Windows authentication only', 'no'],
      ],
    },
  ),
  d('anonymous-enabled', 'no', `${W(ANON)} ${OFF}\\b`, undefined, {
    examples: [
      ['anonymous access is turned off', 'no'],
      ['anonymous access is on', 'yes'],
    ],
  }),
  d(
    'anonymous-enabled',
    'no',
    W(String.raw`(?:disabled?|turned off|unchecked|removed|no|without) (?:the )?${ANON}`),
    undefined,
    {
      examples: [
        ['we unchecked anonymous access on the vdir', 'no'],
        ['the anonymous user is IUSR', null],
      ],
    },
  ),
  d(
    'anonymous-enabled',
    'no',
    W(String.raw`(?:${WIN}|${BASIC}) only|only (?:${WIN}|${BASIC})`),
    undefined,
    {
      examples: [
        ['A site is setup with only Integrated Authentication.', 'no'],
        ['integrated authentication is on as well', null],
      ],
    },
  ),

  d('windows-auth-enabled', 'yes', `${W(WIN)} ${ON}\\b`, 'no', {
    examples: [
      ['windows authentication is enabled', 'yes'],
      ['windows authentication is not enabled', 'no'],
    ],
  }),
  d(
    'windows-auth-enabled',
    'yes',
    W(
      String.raw`(?:enabled?|using|uses|use|with|set for|configured (?:for|to use)|checked|selected|favou?r) (?:the )?${WIN}`,
    ),
    'no',
    {
      examples: [
        ['the site uses Windows Authentication', 'yes'],
        ['we switched off windows authentication', 'no'],
      ],
    },
  ),
  d('windows-auth-enabled', 'yes', W(String.raw`(?:only )?${WIN} only|only ${WIN}`), undefined, {
    examples: [
      ['A site is setup with only Integrated Authentication.', 'yes'],
      ['Anonymous only, nothing else', 'no'],
    ],
  }),
  d(
    'windows-auth-enabled',
    'yes',
    W(String.raw`${WIN}(?: is)? (?:used|required)|(?:if|when) we use ${WIN}`),
    undefined,
    {
      examples: [
        ['windows authentication is required for the API', 'yes'],
        ['basic authentication is required', null],
      ],
    },
  ),
  d('windows-auth-enabled', 'no', `${W(WIN)} ${OFF}\\b`, undefined, {
    examples: [
      ['Integrated Windows authentication is disabled', 'no'],
      ['Integrated Windows authentication is enabled', 'yes'],
    ],
  }),
  d(
    'windows-auth-enabled',
    'no',
    W(
      String.raw`(?:disabled?|turned off|switched off|unchecked|removed|switch(?:ed)?) (?:the )?${WIN}(?: off)?`,
    ),
    undefined,
    {
      examples: [
        ['I unchecked integrated windows authentication', 'no'],
        ['I checked integrated windows authentication', 'yes'],
      ],
    },
  ),
  d(
    'windows-auth-enabled',
    'no',
    W(
      String.raw`(?:switch(?:ed)?|turn(?:ed)?) (?:the )?${WIN} off|${ANON} only|only ${ANON}(?: (?:was|is) (?:checked|enabled|selected))?`,
    ),
    undefined,
    {
      examples: [
        ['we turned windows authentication off for the folder', 'no'],
        ['windows authentication stays on', null],
      ],
    },
  ),

  d('basic-auth-enabled', 'yes', `${W(BASIC)} ${ON}\\b`, 'no', {
    examples: [
      ['basic authentication is enabled on the site', 'yes'],
      ['basic authentication is not enabled', 'no'],
    ],
  }),
  d(
    'basic-auth-enabled',
    'yes',
    W(
      String.raw`(?:enabled?|using|uses|use|with|configured for|checked|selected|wants? this to be|switch(?:ed)? to) (?:the )?${BASIC}|${BASIC} only|only ${BASIC}|basic on`,
    ),
    'no',
    {
      examples: [
        ['we switched to basic auth', 'yes'],
        ['without basic auth', 'no'],
      ],
    },
  ),
  d('basic-auth-enabled', 'no', `${W(BASIC)} ${OFF}\\b|\\bbasic off\\b`, undefined, {
    examples: [
      ['basic authentication is disabled', 'no'],
      ['the basic auth module is installed', null],
    ],
  }),
  d(
    'basic-auth-enabled',
    'no',
    W(String.raw`(?:disabled?|turned off|switched off|unchecked|without) (?:the )?${BASIC}`),
    undefined,
    {
      examples: [
        ['I disabled basic authentication yesterday', 'no'],
        ['I enabled basic authentication yesterday', 'yes'],
      ],
    },
  ),

  // --- client -----------------------------------------------------------------------------------
  // The failing client: a tool or browser named where something works ("in Chrome it works") is
  // the comparison, not the client that fails.
  d(
    'client-kind',
    { fails: 'tool-or-library', unknown: 'tool-or-library' },
    W(
      String.raw`curl|wget|invoke-webrequest|invoke-restmethod|iwr|httpclient|webclient|httpwebrequest|webrequest|postman|soapui|insomnia|httpie|python(?:-| )?requests|requests\.(?:get|post|session)|requests library|urllib\d?|aiohttp|httpx|okhttp|apache httpclient|resttemplate|webclient|java (?:client|application|app|program|code)|(?:python|powershell|node|bash|shell|perl|php|vbs) (?:script|app|program|client)|(?:a|my|our|the) script|[\w-]{1,40}\.(?:py|ps1|sh|pl|vbs)|ssms|sql server management studio|wcf client|console app(?:lication)?|windows service|scheduled task|cron job|webjob|axios|node-fetch|node\.js|nodejs|reqwest|rustls|go-http-client|cypress|playwright|selenium|puppeteer|jmeter|k6|gatling|mirth|soap client|wsdl client|monitoring (?:probe|tool|check)|crawler`,
    ),
    null,
    {
      examples: [
        ['curl -v --ntlm http://intranet/app gets 401', 'tool-or-library'],
        ['it is not a browser, it is a python script using requests', 'tool-or-library'],
        ['python import_logs.py --url=http://arf fails with Unauthorized', 'tool-or-library'],
        ['the Cypress run never gets past the login', 'tool-or-library'],
        ['Opening the link in Chrome works fine', null],
        ['with curl it works, only Edge keeps prompting', 'browser'],
      ],
    },
  ),
  d(
    'client-kind',
    { fails: 'browser', unknown: 'browser' },
    W(
      String.raw`internet explorer|ie ?[6-9]|ie ?1[01]|firefox|chrome|(?:microsoft |ms )?edge(?! (?:case|cases|server|servers|router|node|nodes|location|network|computing|gateway|device|of))|safari|(?:the|a|my|any|web|other|their|users'?) browsers?|browsers|browsing`,
    ),
    null,
    {
      examples: [
        ['in Internet Explorer it prompts three times', 'browser'],
        ['Browsers get 401 from the API; our Python script using requests works', 'browser'],
        ['users get a password popup in their browsers', 'browser'],
        ['curl fails; the same URL opened in Chrome works', 'tool-or-library'],
        [
          'You do not have permission because your Web browser is sending a WWW-Authenticate header',
          null,
        ],
        [
          'curl -A "Mozilla/5.0 (Windows NT 10.0) Chrome/62.0" --ntlm -u me https://ews',
          'tool-or-library',
        ],
      ],
    },
  ),
  // Which browser fails: named where something fails (or where nothing is said to work).
  d(
    'failing-browser',
    { fails: 'firefox', unknown: 'firefox' },
    W(String.raw`firefox|ff ?\d{2,3}|gecko`),
    null,
    {
      examples: [
        ['Only Firefox users get a password box on the intranet', 'firefox'],
        ['Firefox works fine, Chrome keeps prompting', 'chromium'],
      ],
    },
  ),
  d(
    'failing-browser',
    { fails: 'chromium', unknown: 'chromium' },
    W(
      String.raw`chrome|chromium|(?:microsoft |ms )?edge(?! (?:case|cases|server|servers|router|node|nodes|location|network|computing|gateway|device|of|mode|ie mode|in ie mode))`,
    ),
    null,
    {
      examples: [
        ['in Chrome the login box never goes away', 'chromium'],
        ['Edge in IE mode prompts every morning', 'ie'],
      ],
    },
  ),
  d(
    'failing-browser',
    { fails: 'ie', unknown: 'ie' },
    W(String.raw`internet explorer|ie ?(?:[6-9]|1[01])|ie mode|trident|msie`),
    null,
    {
      examples: [
        ['IE 11 users get a random password prompt', 'ie'],
        ['it works in Internet Explorer, only Firefox prompts', 'firefox'],
      ],
    },
  ),
  d('failing-browser', { fails: 'ie', unknown: 'ie' }, String.raw`\bIE\b(?! mode)`, null, {
    flags: 'g',
    examples: [
      ['Sometimes IE asks for a password the first time in the day', 'ie'],
      ['i.e. the page fails for everyone', null],
    ],
  }),
  d(
    'client-kind',
    'old-browser',
    W(
      String.raw`netscape|old mozilla|mozilla 1\.\d|ie ?[345](?:\.\d)?|old(?:er)? (?:firefox|browsers?)`,
    ),
    undefined,
    {
      examples: [
        ['Netscape 4 users cannot log in', 'old-browser'],
        ['IE 11 on Windows 10 prompts', 'browser'],
      ],
    },
  ),

  // --- network path -------------------------------------------------------------------------------
  d(
    'intermediary',
    'yes',
    W(
      String.raw`(?:reverse )?proxy(?: server)?|proxies|load[- ]?balanc(?:er|ers|ed|ing)|nlb|f5|big-?ip|netscaler|citrix adc|haproxy|nginx|application request routing|arr|web accelerator|accelerator|fiddler|anonymi[sz]er|cdn|cloudflare|akamai|waf|web application firewall|isa server|forefront tmg|tmg|uag|bluecoat|blue coat|squid|zscaler|application gateway|front door|sniffer`,
    ),
    'no',
    {
      examples: [
        ['traffic goes through an F5 load balancer', 'yes'],
        ['NTLM authentication does not work behind an nginx reverse proxy', 'yes'],
        ["projects with Windows auth aren't supported by iisexpress-proxy", 'yes'],
        ['We are not using a proxy server', 'no'],
        ['not behind any proxy or load balancer', 'no'],
      ],
    },
  ),
  d(
    'intermediary',
    'no',
    W(
      String.raw`direct(?:ly)? connect(?:ed|ion)|connect(?:s|ed|ing)? directly|no (?:proxy|load balancer)|not (?:behind|through|using|via) (?:a |an |any )?(?:proxy|load ?balancer|reverse proxy)(?: (?:or|nor) (?:a |an |any )?(?:proxy|load ?balancer|reverse proxy|firewall|cdn))?`,
    ),
    undefined,
    {
      examples: [
        ['the clients connect directly to the server', 'no'],
        ['behind HAProxy', 'yes'],
      ],
    },
  ),
  d(
    'tls-terminated-before-iis',
    'yes',
    W(
      String.raw`(?:ssl|tls|https) (?:offload(?:ing|ed)?|terminat(?:ion|ed|es|ing))|offload(?:s|ed|ing)? (?:the )?(?:ssl|tls|https)|terminat(?:es|ed|ing) (?:the )?(?:ssl|tls|https)`,
    ),
    null,
    {
      examples: [
        ['the F5 does SSL offloading', 'yes'],
        ['IIS holds the certificate itself', null],
      ],
    },
  ),
  d(
    'https',
    { fails: 'yes', unknown: 'yes' },
    String.raw`\bhttps:\/\/|\b(?:over|via|using|with|on) (?:https|ssl|tls)\b|\bhttps (?:site|binding|url)\b|\bport 443\b|\bssl certificate\b`,
    null,
    {
      examples: [
        ['served over https://portal.contoso.com', 'yes'],
        ['plain http://intranet/app', null],
      ],
    },
  ),

  // --- domain and policy ----------------------------------------------------------------------------
  d(
    'domain-member',
    'yes',
    W(
      String.raw`domain[- ]joined|joined to (?:a|the|our) domain|(?:in|on|part of|member of) (?:a|the|our) (?:windows |ad )?domain|system is on domain|active directory|domain controller|domain (?:account|user|admin(?:istrator)?s?)|gpo`,
    ),
    'no',
    {
      examples: [
        ['the server is joined to the domain', 'yes'],
        ['the server is not joined to a domain', 'no'],
      ],
    },
  ),
  d('domain-member', 'yes', String.raw`\b(?:in|on|from|to|the|our) AD\b`, 'no', {
    flags: 'g',
    examples: [
      ['users are in AD groups', 'yes'],
      ['we add users by hand', null],
    ],
  }),
  d(
    'domain-member',
    'no',
    W(
      String.raw`workgroup|stand-?alone(?: server)?|not (?:joined to|in|on|a member of) (?:a|the) domain|not domain[- ]joined`,
    ),
    undefined,
    {
      examples: [
        ['Standalone Win2003 Server in a workgroup', 'no'],
        ['member of our Windows domain', 'yes'],
      ],
    },
  ),
  d(
    'policy-applied',
    'yes',
    W(
      String.raw`group polic(?:y|ies)|gpo|security template|harden(?:ing|ed)|dcpromo|promoted (?:it )?to (?:a )?domain controller|security baseline|cis benchmark|stig`,
    ),
    null,
    {
      examples: [
        ['a new GPO was applied last night', 'yes'],
        ['nothing changed on the server', null],
      ],
    },
  ),

  // --- names and where it fails ---------------------------------------------------------------------
  d(
    'url-name',
    { fails: 'localhost', unknown: 'localhost' },
    String.raw`\blocalhost\b|\b127\.0\.0\.1\b|(?<![\w:])::1\b`,
    null,
    {
      examples: [
        ['http://localhost/app fails with 401.1', 'localhost'],
        ['http://localhost/app works, the alias fails', 'fqdn-or-alias'],
        ['http://intranet/app works', null],
      ],
    },
  ),
  d(
    'url-name',
    { fails: 'ip-address', unknown: 'ip-address' },
    String.raw`\bhttps?:\/\/\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|\b(?:by|using|via|through|with|its|the) (?:the )?ip(?: address)?\b|\bclass a ?\(`,
    null,
    {
      examples: [
        ['browsing http://10.1.2.3/app fails', 'ip-address'],
        ['browsing http://intranet/app fails', null],
      ],
    },
  ),
  d(
    'url-name',
    { fails: 'fqdn-or-alias', unknown: 'fqdn-or-alias' },
    W(
      String.raw`fqdn|fully qualified(?: domain)? name|host ?headers?|cname|dns (?:name|alias)|alias`,
    ),
    null,
    {
      examples: [
        ['we use a host header for the site', 'fqdn-or-alias'],
        ['we use the default binding', null],
      ],
    },
  ),
  d(
    'url-name',
    { fails: 'machine-name', unknown: 'machine-name' },
    W(String.raw`(?:server|machine|computer|netbios|short) name`),
    null,
    {
      examples: [
        ['opening it by the server name fails', 'machine-name'],
        ['opening it works', null],
      ],
    },
  ),
  // Where it fails, from where a place is named and what its clause says happens there.
  d(
    'fails-where',
    { fails: 'on-server-only', works: 'remote-only' },
    W(
      String.raw`(?:on|from|at) the (?:web ?|iis |actual |same )?(?:server|box|host)(?: itself| locally| console| directly)|locally on the (?:web ?|iis )?(?:server|box|machine)|(?:server|box) itself|(?:the )?server console|console of the (?:web ?|iis )?server|(?:rdp|remote desktop)(?:'?d|ed)? (?:in)?to the (?:web ?|iis )?(?:server|box)|logged (?:on|in)(?: to| on)? (?:to )?the (?:web ?|iis )?(?:server|box)|(?:browse|browsing|open|opening|access|accessing|test|testing|try|trying|load|loading|hit|hitting|view|viewing)(?: it| the (?:site|page|url|app|application))? (?:locally )?(?:on|from) the (?:web ?|iis |local )?(?:server|box)|on the iis (?:server|box|machine)|on the local (?:server|box|machine)|from the server`,
    ),
    null,
    {
      examples: [
        [
          'users on other PCs get a password prompt on our intranet site, on the server itself it works',
          'remote-only',
        ],
        ['it fails only on the server itself', 'on-server-only'],
        ['when I RDP to the web server and browse the site I get three prompts', 'on-server-only'],
        ['It works on the server itself but not from other machines', 'remote-only'],
        ['works fine from other machines', 'on-server-only'],
        ['works from my desk but not when browsing on the server', 'on-server-only'],
        ['we deployed it to the server and now it fails', null],
      ],
    },
  ),
  d(
    'fails-where',
    { fails: 'on-server-only', works: 'remote-only' },
    W(String.raw`(?:on|from) the (?:web ?|iis )?server`),
    null,
    {
      unless: new RegExp(
        `${DEV_CONTEXT.source}|\\b(?:deploy(?:ed|ing)?|publish(?:ed|ing)?|hosted|installed|moved (?:it |the site )?to)\\b`,
        'i',
      ),
      examples: [
        ['It works on the server but not from other machines', 'remote-only'],
        ['works fine except on the web server', 'on-server-only'],
        ['it fails everywhere except on the web server', 'remote-only'],
        ['after we deployed it on the server users get 401', null],
      ],
    },
  ),
  d(
    'fails-where',
    { fails: 'remote-only', works: 'on-server-only' },
    W(
      String.raw`(?:from|on|at) (?:any |every |all |each )?(?:other|another|remote|client|different|external|users'?|their) (?:machines?|computers?|pcs?|workstations?|clients?|desktops?|laptops?|boxes|hosts|devices)|(?:from|at) my (?:desk|desktop|workstation)|remotely|from outside(?: the server)?|externally|from the (?:internet|outside|lan)|(?:other|remote|external) (?:users|clients|machines|computers|pcs|workstations)|everyone else|(?:every|any|all) (?:other )?(?:machines?|computers?|pcs?|clients?|workstations?)|client machines|users'? (?:pcs|machines|computers|laptops)`,
    ),
    null,
    {
      examples: [
        [
          'our intranet prompts for a password from every machine but the server itself',
          'remote-only',
        ],
        ['from other computers it works', 'on-server-only'],
        [
          'accessing the same site externally works just fine, it only fails on the local machine',
          'on-server-only',
        ],
        ['remote users get 401.1 while on the console it is fine', 'remote-only'],
        ['it works on my machine in Visual Studio but not on the server', null],
      ],
    },
  ),
  d(
    'fails-where',
    { fails: 'on-server-only', works: 'remote-only' },
    W(String.raw`locally|on localhost|from localhost|with localhost`),
    null,
    {
      unless: DEV_CONTEXT,
      examples: [
        ['It works locally but remote users get a login box', 'remote-only'],
        ['works locally in Visual Studio, fails after deploying to IIS', null],
        ['only when I browse locally do I get 401.1', 'on-server-only'],
      ],
    },
  ),
  d(
    'fails-where',
    { fails: 'everywhere', unknown: 'everywhere' },
    W(
      String.raw`even (?:on|from) the (?:web ?|iis )?server(?: itself)?|(?:both )?(?:on|from) the server and (?:from )?(?:other|remote|client) (?:machines|computers|pcs)|(?:everywhere|every machine|all machines),? including the server`,
    ),
    null,
    {
      examples: [
        ['it fails even on the server itself', 'everywhere'],
        ['the server is fine', null],
      ],
    },
  ),
  // A process on the web server calling a site on the same server (directly, or out through a
  // load balancer that sends it back): Windows refuses its NTLM logon as a loopback.
  d(
    'self-call',
    'yes',
    String.raw`\b(?:sites?|apps?|applications?|services?|apis?|web ?services?|websites?|webapps?|hubs?|servers?|both|they)\b${GAP(120)}\b(?:on|in|to|at) the same (?:server|machine|box|host|iis(?: instance| server| box)?|node|instance|application ?server|web ?server)\b`,
    null,
    {
      examples: [
        ['website A sends requests to website B; both run on the SAME IIS instance', 'yes'],
        [
          'service A calls service B, and when the load balancer picks the node on the same application server we get 401',
          'yes',
        ],
        ['two sites on different servers', null],
      ],
    },
  ),
  d(
    'self-call',
    'yes',
    W(
      String.raw`calls? (?:back )?(?:into )?itself|calling (?:back )?(?:into )?itself|(?:from|on) the (?:web ?)?server to itself|(?:load ?balancer|lb|vip)${GAP(60)}\b(?:same|its own|the local) (?:server|node|instance|machine|box)|(?:same|own) (?:server|node|machine|box) (?:through|via|behind) the (?:load ?balancer|lb|vip)`,
    ),
    null,
    {
      examples: [
        ['the API calls itself through the public URL and that call gets 401', 'yes'],
        ['the load balancer sends it back to the same node', 'yes'],
        ['the load balancer spreads users over two nodes', null],
      ],
    },
  ),
  d(
    'self-call',
    'no',
    W(
      String.raw`(?:calls?|calling|requests?|sends?|posts?|reach(?:es)?)${GAP(60)}\b(?:on|to|at|from) (?:another|a different|a second|a separate|other|separate) (?:server|machine|box|host|vm)|(?:on|from) (?:another|a different|a separate) (?:server|machine|box|host|vm)${GAP(60)}\b(?:calls?|calling|requests?|sends?)`,
    ),
    null,
    {
      examples: [
        ['Site A on one server calls site B on another server with default credentials', 'no'],
        ['site A calls site B on the same IIS server', 'yes'],
      ],
    },
  ),
  d(
    'name-dependent',
    'yes',
    W(
      String.raw`depends on the name|works? (?:fine |ok )?(?:with|using|via|through|by) (?:localhost|the (?:server|machine|netbios|short) name|the ip(?: address)?|127\.0\.0\.1)${GAP(60)}but`,
    ),
    null,
    {
      examples: [
        ['it works with localhost but not with the FQDN', 'yes'],
        ['it fails with every name', null],
      ],
    },
  ),

  // --- identities -----------------------------------------------------------------------------------
  d(
    'custom-pool-identity',
    'yes',
    String.raw`\b(?:app(?:lication)? ?pool|pool identity|identity)${GAP(60)}\b(?:domain (?:service )?account|service account|domain user|custom (?:account|identity)|[a-z]{2,15}\\\w{1,30})\b`,
    undefined,
    {
      examples: [
        ['The app pool identity is a domain account', 'yes'],
        ['the pool identity is the built-in one', null],
      ],
    },
  ),
  d(
    'custom-pool-identity',
    'yes',
    String.raw`\b(?:domain (?:service )?account|service account)${GAP(40)}\b(?:app(?:lication)? ?pool|pool identity)\b`,
    undefined,
    {
      examples: [
        ['a domain service account runs the application pool', 'yes'],
        ['a domain account logs on to the site', null],
      ],
    },
  ),
  d(
    'custom-pool-identity',
    'yes',
    String.raw`\b(?:user|account|identity|anything)\b${GAP(20)}\b(?:besides|other than|except|instead of|rather than|apart from) (?:the )?"?(?:applicationpoolidentity|network ?service|local ?system|localsystem|the default)\b`,
    undefined,
    {
      examples: [
        [
          'if your application pool is running under any other user besides "Network Service", it prompts',
          'yes',
        ],
        ['the app pool runs as Network Service', 'no'],
      ],
    },
  ),
  d(
    'custom-pool-identity',
    'no',
    String.raw`\b(?:app(?:lication)? ?pool|identity)${GAP(60)}\b(?<!(?:besides|than|except|of|from) (?:the )?"?)(?:applicationpoolidentity|network ?service|local system|localsystem)\b(?! to\b)`,
    undefined,
    {
      examples: [
        ['the pool identity is ApplicationPoolIdentity', 'no'],
        ['we moved the app pool from NetworkService to a domain account', 'yes'],
      ],
    },
  ),
  d(
    'custom-pool-identity',
    'yes',
    String.raw`\b(?:(?:set(?:ting)?|use|using|put|chang(?:e|ed|ing)|switch(?:ed|ing)?|configur(?:e|ed|ing))\b${GAP(20)}\b(?:domain |dedicated )?(?:service account|gmsa|managed service account)s? (?:on|for) (?:the |our |my |this )?(?:windows )?(?:service|site|web ?site|web app|app(?:lication)?|server|pool)|(?:service|site|web ?site|web app|app(?:lication)?|pool) (?:runs?|running|ran|is running) (?:as|under) (?:a |our |the )?(?:domain |dedicated )?(?:service account|gmsa|managed service account|domain account))\b`,
    undefined,
    {
      examples: [
        ['after we put a gMSA on the Windows service, Negotiate stopped working', 'yes'],
        ['the site runs under a dedicated service account now', 'yes'],
        ['the scheduled task logs on with a service account to call the site', null],
      ],
    },
  ),
  d('anonymous-account', 'builtin', W(String.raw`iusr_\w{0,40}|iusr|iuser_\w{0,40}`), null, {
    examples: [
      ['the anonymous user is IUSR_WEB01', 'builtin'],
      ['the anonymous user is a domain account', null],
    ],
  }),
  d(
    'anonymous-account',
    'personal-account',
    W(
      String.raw`my (?:own )?(?:user |personal )?account as (?:the )?anonymous|anonymous (?:user|account|identity)${GAP(30)}\bmy (?:own )?(?:user |personal )?account`,
    ),
    null,
    {
      examples: [
        ['I had put my own account as the anonymous user', 'personal-account'],
        ['I log on with my own account', null],
      ],
    },
  ),

  // --- history --------------------------------------------------------------------------------------
  d(
    'after-upgrade',
    'yes',
    W(
      String.raw`upgrad(?:e|ed|ing)|migrat(?:e|ed|ing|ion)|moved (?:the site |it )?to a new server|in-place upgrade`,
    ),
    null,
    {
      examples: [
        ['since we upgraded to 2012 it fails', 'yes'],
        ['nothing was upgraded', null],
      ],
    },
  ),
  d(
    'password-changed',
    'yes',
    W(
      String.raw`password (?:was |has been |had been |got )?(?:changed|expired|reset)|changed (?:the|my|his|her|its|their|our) password|password (?:change|expir(?:y|ation|ed))|reset the password`,
    ),
    null,
    {
      examples: [
        ['the service account password was changed on Monday', 'yes'],
        ['the password is correct', null],
      ],
    },
  ),
  d(
    'sudden-change',
    'yes',
    W(
      String.raw`worked (?:fine |perfectly |well )?for (?:months|years|weeks|ages|a long time)|(?:had |has )?(?:previously |always )?been working (?:fine |perfectly )?for (?:months|years|weeks)|previously (?:been )?working|used to work|suddenly|all of a sudden|overnight|out of nowhere|stopped working`,
    ),
    null,
    {
      examples: [
        ['it worked for months and suddenly stopped', 'yes'],
        ['this is a fresh install', 'no'],
      ],
    },
  ),
  d(
    'sudden-change',
    'no',
    W(
      String.raw`new site|fresh install(?:ation)?|new install(?:ation)?|brand new|never worked|new server|newly installed|clean install`,
    ),
    null,
    {
      examples: [
        ['this is a brand new server', 'no'],
        ['it used to work', 'yes'],
      ],
    },
  ),

  // --- behaviour ------------------------------------------------------------------------------------
  d(
    'prompt-behaviour',
    { fails: 'no-prompt', unknown: 'no-prompt' },
    W(
      String.raw`no prompt|not prompted|never prompt(?:s|ed)?|no chance to enter|without (?:a|any) (?:prompt|login box|password prompt)|(?:doesn't|does not|didn't) (?:even )?(?:prompt|ask)`,
    ),
    null,
    {
      examples: [
        ['401.2 with no chance to enter my username', 'no-prompt'],
        ['it keeps prompting for my password', 'prompt-repeats'],
      ],
    },
  ),
  d(
    'prompt-behaviour',
    { fails: 'prompt-repeats', unknown: 'prompt-repeats' },
    W(
      String.raw`prompted (?:three|3|several|multiple|many) times|keeps? (?:on )?(?:prompting|asking)|repeated (?:password |login |logon |credentials? )?(?:prompts|popups|pop-ups|dialogs|boxes)|prompted${GAP(40)}\b(?:over and over|again and again|repeatedly|endlessly)|prompts? (?:me )?(?:repeatedly|again and again|over and over)|(?:login|logon|password) (?:box|dialog|prompt|window) (?:keeps|again)|never accepts?|asks? (?:me )?(?:again|repeatedly)`,
    ),
    null,
    {
      examples: [
        ['IE prompted three times then gave up', 'prompt-repeats'],
        ['no prompt at all, just the error', 'no-prompt'],
      ],
    },
  ),
  d(
    'prompt-behaviour',
    'prompt-then-works',
    String.raw`\bprompted for (?:my )?(?:credentials|password|user ?name)${GAP(40)}\b(?:able to log ?in|works|login successfully|logged in)\b`,
    null,
    {
      examples: [
        ['I am prompted for my credentials and then I am able to log in', 'prompt-then-works'],
        ['I am prompted for my credentials over and over', 'prompt-repeats'],
      ],
    },
  ),
  d(
    'concurrent-users',
    'yes',
    W(
      String.raw`multiple users|several users|many users|more than one user|under (?:heavy )?load|at the same time|concurrent(?:ly)?|simultaneous(?:ly)?`,
    ),
    'no',
    {
      examples: [
        ['only when multiple users are on the site at the same time', 'yes'],
        ['one user at a time', null],
      ],
    },
  ),
  d(
    'cross-origin-call',
    'yes',
    W(
      String.raw`cors|preflight|pre-flight|options request|cross-origin|cross origin|cross-domain|access-control-allow-\w{1,20}`,
    ),
    'no',
    {
      examples: [
        ['the CORS preflight gets 401', 'yes'],
        ['a plain GET from the same origin', null],
      ],
    },
  ),
  d(
    'client-certificates',
    'required',
    W(
      String.raw`requires? (?:ssl |tls )?client certificates?|client certificates? (?:is |are )?required|require client cert(?:ificate)?s?`,
    ),
    null,
    {
      examples: [
        ['the site requires client certificates', 'required'],
        ['the site accepts client certificates', 'accepted'],
      ],
    },
  ),
  d(
    'client-certificates',
    'accepted',
    W(String.raw`accepts? client certificates?|client certificates? (?:is |are )?accepted`),
    null,
    {
      examples: [
        ['SSL settings: accept client certificates', 'accepted'],
        ['client certificates are ignored', null],
      ],
    },
  ),
  d(
    'calls-other-server',
    'yes',
    W(
      String.raw`double[- ]hop|sql server as the user|another server as the user|(?:pass(?:es|ing)?|forward(?:s|ing)?) (?:the )?(?:user'?s? )?credentials (?:on|through) to|constrained delegation|kerberos delegation`,
    ),
    null,
    {
      examples: [
        ['it is a double hop to SQL', 'yes'],
        ['the database is on the same box', null],
      ],
    },
  ),
  d(
    'content-on-unc',
    'yes',
    String.raw`\\\\[\w.$-]{1,60}\\[\w.$-]{1,80}|\bunc(?: path| share)?\b|\b(?:network|file) share\b`,
    null,
    {
      examples: [
        ['content is on \\\\fileserver\\share', 'yes'],
        ['content is on D:\\sites', null],
      ],
    },
  ),
  d(
    'security-log-full',
    'yes',
    W(
      String.raw`security (?:event )?log${GAP(30)}\b(?:is|was|got|being|gets|became) full|(?:security|event) log (?:is |was )?full|full security log`,
    ),
    null,
    {
      examples: [
        ['the security log on the server was full', 'yes'],
        ['the security log shows event 4625', null],
      ],
    },
  ),
  d(
    'account-state',
    'locked-or-disabled',
    W(
      String.raw`locked out|lock(?:ed)?-?out|account (?:is |was |got |gets |has been )?(?:locked|disabled|expired)|disabled account|expired account`,
    ),
    null,
    {
      examples: [
        ['the account is locked out every morning', 'locked-or-disabled'],
        ['the account is fine', null],
      ],
    },
  ),
  d(
    'failing-resource',
    { fails: 'script', unknown: 'script' },
    String.raw`\b(?:errors?|fails?|failing|denied|unauthori[sz]ed|cannot|can't|40[13])\b${GAP(80)}(?:\.(?:aspx?|php|cgi|asmx|svc|ashx|jsp|cfm)\b|\b(?:php|asp|aspx)\b)|\bonly (?:\.?aspx?|\.?php|scripts?|script pages)\b|(?:\.(?:aspx?|php\d?|cgi|asmx|svc|ashx|jsp|cfm)|\b(?:php|asp|aspx))\b${GAP(40)}\b(?:returns?|gives?|gets?|throws?|fails?|errors?|denied|unauthori[sz]ed|40[13])\b`,
    null,
    {
      examples: [
        ['I get 401.2 errors accessing anything.asp', 'script'],
        ['I get 401.5 errors on logo.gif', 'static'],
      ],
    },
  ),
  d(
    'failing-resource',
    { fails: 'static', unknown: 'static' },
    String.raw`\b(?:errors?|fails?|failing|denied|unauthori[sz]ed|cannot|can't|40[13])\b${GAP(80)}(?:\.(?:html?|gif|jpe?g|png|css|js)\b|\b(?:gif|jpe?g|png|static) files?\b)|(?:\.(?:html?|gif|jpe?g|png|css|js)|\b(?:html|static) (?:page|file)s?)\b${GAP(40)}\b(?:returns?|gives?|gets?|throws?|fails?|errors?|denied|unauthori[sz]ed|40[13])\b`,
    null,
    {
      examples: [
        ['401.5 errors on the GIF files', 'static'],
        ['A plain .html page returns 401.5 on IIS 6', 'static'],
        ['the site is slow', null],
      ],
    },
  ),
  d(
    'wildcard-mapping',
    'yes',
    W(String.raw`wildcard (?:application |script |extension )?map(?:ping|pings|s)?`),
    'no',
    {
      examples: [
        ['we use a wildcard application map for the CMS', 'yes'],
        ['there is no wildcard mapping', 'no'],
      ],
    },
  ),
  d(
    'filter-or-module-installed',
    'yes',
    W(
      String.raw`isapi filters?|plesk|helm|control panel|siteminder|sso agent|adfs agent|websitepanel|dotnetpanel|ensim|cpanel|webseal|securid agent|rsa agent|oracle access manager`,
    ),
    'no',
    {
      examples: [
        ['there is an ISAPI filter from the vendor', 'yes'],
        ['no ISAPI filters are installed', 'no'],
      ],
    },
  ),
  d(
    'extended-protection',
    'yes',
    W(String.raw`extended protection|channel binding|tokenchecking`),
    'no',
    {
      examples: [
        ['Extended Protection is set to Required', 'yes'],
        ['without extended protection', 'no'],
      ],
    },
  ),
  d(
    'ip-restrictions',
    'yes',
    W(
      String.raw`ip (?:address )?(?:and domain )?restrictions?|dynamic ip|ipsecurity|dynamicipsecurity`,
    ),
    'no',
    {
      examples: [
        ['we added IP address restrictions last week', 'yes'],
        ['no IP restrictions are configured', 'no'],
      ],
    },
  ),
  d(
    'authorization-rules',
    'yes',
    String.raw`\b(?:authorization rules?|(?:deny|allow) (?:users|roles|verbs)|allows?\/denies?|allow(?:s|ed)? (?:or|and) den(?:y|ies)|url authorization|\[authorize(?:\(roles)?|isinrole|roles ?=)|<authorization>|<(?:allow|deny) (?:users|roles)`,
    'no',
    {
      examples: [
        ['web.config has <authorization> with allow roles', 'yes'],
        ['no authorization rules at all', 'no'],
      ],
    },
  ),
  d(
    'only-some-clients',
    'yes',
    W(
      String.raw`only (?:for |on )?some (?:users|machines|computers|laptops|clients|pcs)|works for some|some users can|(?:for|on) some (?:laptops|machines|computers|pcs|users)`,
    ),
    null,
    {
      examples: [
        ['it only fails on some laptops', 'yes'],
        ['it fails everywhere', null],
      ],
    },
  ),
  d(
    'works-for-admins-only',
    'yes',
    W(
      String.raw`only (?:for )?admin(?:istrator)?s|(?:works|only works) (?:for|as) (?:an? )?admin(?:istrator)?s?|make (?:the )?\w{1,30} (?:a )?(?:local )?admin(?:istrator)?`,
    ),
    null,
    {
      examples: [
        ['it only works for administrators', 'yes'],
        ['administrators fail too', null],
      ],
    },
  ),
  // --- does anybody see the failure, or only the log? ------------------------------------------------
  d(
    'users-see-error',
    'yes',
    W(
      String.raw`http error 40[13]|(?:can ?not|can't|unable to|couldn't|could not) (?:access|open|browse|reach|get (?:in|into|to)|log ?in|log ?on|sign ?in|connect|view|load|see)|(?:get|gets|getting|got|see|seeing|receive|receives|receiving|shows?|showing|throws?|throwing|display(?:s|ing)?) (?:an? |the |this |that )?(?:(?:401|403)(?:\.\d{1,3})? )?(?:error|errors|http error|access denied|(?:password|login|logon|credentials?) (?:prompt|box|popup|pop-up|dialog|window)|prompt|popup|pop-up)|error (?:page|message)|(?:keeps?|kept) (?:asking|prompting|popping)|(?:asks?|asked|prompts?|prompted) (?:me |users? |us )?for (?:a |the |my |our |their )?(?:password|credentials|user ?name|login|id)|(?:stopped|stops) working|(?:is not|isn't|doesn't|does not|don't|not) work(?:ing|s)?`,
    ),
    null,
    {
      examples: [
        ['users cannot access the site since Monday', 'yes'],
        ['the site works but the IIS log is full of 401s', 'no'],
      ],
    },
  ),
  d(
    'users-see-error',
    'no',
    W(
      String.raw`no (?:user |customer )?complaints?|nobody (?:complains|has complained|notices|has noticed)|(?:users|everyone|clients) (?:are|seem|seems) (?:fine|happy|unaffected)|users? (?:don't|do not|never) (?:notice|see|get) (?:any(?:thing)?|an?) ?(?:error|problem)?|(?:only|just) (?:shows? up |appears? )?in the (?:iis |web )?logs?|the (?:site|application|app|service) (?:still )?works?(?: fine| normally)?,? (?:but|yet) (?:the )?(?:iis )?logs?`,
    ),
    null,
    {
      examples: [
        ['no user complaints, only the log', 'no'],
        ['users get an error page', 'yes'],
      ],
    },
  ),

  d(
    'users-see-error',
    'yes',
    W(
      String.raw`you are not authori[sz]ed to view this page|you do not have permission to view this directory or page|access is denied due to (?:invalid credentials|server configuration|an acl)|(?:401|403) - (?:unauthori[sz]ed|forbidden)`,
    ),
    null,
    {
      examples: [
        [
          'I get a "401.2 Unauthorized" error: You are not authorized to view this page due to invalid authentication headers',
          'yes',
        ],
        ['the IIS log is full of 401 2 5 and nobody complains', 'no'],
      ],
    },
  ),

  // --- the protocol: HTTP/2 and TLS 1.3 (Windows logons and renegotiation do not work over them)
  d(
    'tls13-or-http2',
    { fails: 'yes', unknown: 'yes' },
    W(
      String.raw`http\/2(?:\.0)?|http2|h2c?|http_1_1_required|err_spdy_protocol_error|err_http2_[a-z_]{1,40}|tls ?1\.3|tlsv1\.3|--http2(?:-prior-knowledge)?|httpversion\.version20|version ?= ?2\.0`,
    ),
    null,
    {
      examples: [
        ["the stream is reset with 'HTTP_1_1_REQUIRED' and the call fails", 'yes'],
        ['Chrome shows ERR_SPDY_PROTOCOL_ERROR on the login page', 'yes'],
        ['it works over HTTP/2 for the anonymous pages', null],
      ],
    },
  ),
  d(
    'tls13-or-http2',
    { fails: 'no', unknown: 'no', works: 'yes' },
    String.raw`(?:--http1\.[01]|http\/1\.1 only|forc(?:e|ed|ing) http\/?1\.1|(?:over|on|with|using) http\/1\.1|httpversion\.version11)\b`,
    null,
    {
      examples: [
        [
          'curl.exe https://mail.contoso.com/EWS/Exchange.asmx -v --http1.1 --ntlm -u me gets 401',
          'no',
        ],
        ['with --http1.1 it works, the default build fails', 'yes'],
        ['the call fails', null],
      ],
    },
  ),
  d(
    'tls13-or-http2',
    'no',
    W(
      String.raw`(?:http\/2|http2|h2) (?:is |was )?(?:off|disabled|turned off|switched off|not enabled)|(?:disabled|turned off|switched off|without|no) (?:the )?(?:http\/2|http2|h2)`,
    ),
    null,
    {
      examples: [
        ['the calls get 401 over HTTP/1.1; HTTP/2 is off on the server', 'no'],
        ['we already disabled HTTP/2 on the binding and it still fails', 'no'],
        ['since HTTP/2 was turned on the calls fail', 'yes'],
      ],
    },
  ),
  d('tls13-or-http2', 'no', String.raw`(?:^|\n)\s{0,8}(?:< )?http\/1\.[01] 40[13]\b`, null, {
    examples: [
      ['< HTTP/1.1 401 Unauthorized\n< WWW-Authenticate: Negotiate', 'no'],
      ['HTTP/2 401 with no second round', 'yes'],
    ],
  }),

  // --- Kerberos, the domain, the accounts ----------------------------------------------------------
  d(
    'kernel-mode-auth',
    'yes',
    W(
      String.raw`kernel[- ]mode (?:authentication|auth)(?: (?:is |was )?(?:on|enabled|checked|ticked))?|usekernelmode(?:="true"| ?= ?true)?`,
    ),
    'no',
    {
      examples: [
        ['kernel-mode authentication is enabled (the default)', 'yes'],
        ['we unchecked kernel-mode authentication and it works', 'yes'],
        ['kernel mode is something I never looked at', null],
        ['the app pool runs as a domain account', null],
      ],
    },
  ),
  d(
    'kernel-mode-auth',
    { fails: 'no', unknown: 'no', works: 'yes' },
    W(
      String.raw`(?:disabl(?:e|ed|ing)|uncheck(?:ed|ing)?|turn(?:ed|ing)? off|clear(?:ed|ing)?) (?:the )?(?:enable )?kernel[- ]mode(?: authentication| auth)?|usekernelmode(?:="false"| ?= ?false)`,
    ),
    null,
    {
      examples: [
        ['after disabling kernel mode authentication it works', 'yes'],
        ['we had disabled kernel-mode authentication long ago and it still fails', 'no'],
        ['the kernel is patched', null],
        ['kernel mode authentication is on', 'yes'],
      ],
    },
  ),
  d(
    'clock-skew',
    'yes',
    W(
      String.raw`krb_ap_err_skew|clock skew|time skew|(?:clock|time)s? (?:is |was |are |were )?(?:(?:about |around )?\d{1,3} (?:minutes?|mins?|hours?|seconds?) )?(?:off|out of sync|drift(?:ed|ing)?|wrong|behind|ahead)|time (?:difference|drift)|(?:clock|time) (?:sync|synchroni[sz]ation) (?:is )?(?:broken|failed|off)|w32tm`,
    ),
    'no',
    {
      examples: [
        ['the server clock was 7 minutes behind the DC', 'yes'],
        ['there is no clock skew, I checked', 'no'],
        ['the site is slow', null],
      ],
    },
  ),
  d(
    'domain-prefix-works',
    { works: 'yes', fails: 'no' },
    W(
      String.raw`(?:with|using|typing|type|entering|enter) (?:the )?(?:domain\\user|domain\\username|domain prefix|user@domain|upn|the domain name in front)|domain\\(?:user|username)`,
    ),
    null,
    {
      examples: [
        ['typing DOMAIN\\user works, the bare user name is rejected', 'yes'],
        ['even with domain\\username it fails', 'no'],
        ['I type my user name', null],
      ],
    },
  ),
  d(
    'dc-reachable',
    'no',
    W(
      String.raw`(?:can ?not|can't|unable to|could not|couldn't) (?:reach|contact|find|locate|talk to) (?:a |the |any )?(?:domain controller|dc)s?|no (?:logon servers?|domain controllers?) (?:available|reachable|found)|netlogon (?:event )?5719|there are currently no logon servers|(?:domain controller|dc) (?:is |was )?(?:down|unreachable|offline)`,
    ),
    null,
    {
      examples: [
        ['Netlogon 5719: the server cannot reach a domain controller', 'no'],
        ['the domain controller answers pings', null],
      ],
    },
  ),
  d(
    'files-copied-in',
    'yes',
    W(
      String.raw`(?:copied|moved|xcopied|robocopied|extracted|unzipped|restored|deployed|published|dragged) (?:the |our |my |all )?(?:files?|folders?|content|site|build|output|zip|release)|(?:xcopy|robocopy|web deploy|msdeploy)\b`,
    ),
    null,
    {
      examples: [
        ['after I copied the files from my desktop into wwwroot the images give 401.3', 'yes'],
        ['nothing new was put on the server', null],
      ],
    },
  ),

  // moving sites to another server copies their files (and ACLs naming the old machine's accounts)
  d(
    'files-copied-in',
    'yes',
    W(
      String.raw`(?:migrated|moved|transferred|consolidated|ported) (?:the |our |my |all |several |some |a few )?(?:web ?sites?|sites?|web ?apps?|web applications?|applications?|apps?|content)(?: \w{1,20})? (?:from|to|onto|over to)`,
    ),
    null,
    {
      examples: [
        ['we consolidated our sites onto one IIS 10 box last month', 'yes'],
        ['we moved the site to a new Windows 2019 box last week', 'yes'],
        ['we migrated the database to a new SQL server', null],
      ],
    },
  ),

  // "is this normal?": the asker wonders whether the 401s are a problem at all
  d(
    'users-see-error',
    'no',
    W(
      String.raw`(?:is|are) (?:this|these|that|those|it|they) (?:\w+ ){0,2}(?:normal|expected)|(?:normal|expected) behaviou?r`,
    ),
    null,
    {
      inQuestions: true,
      examples: [
        ['I see two 401 errors for each GET in the network tab. Is this somehow normal?', 'no'],
        ['users get a password popup; that is not normal', 'yes'],
      ],
    },
  ),

  // --- a success right after the 401, told in words -----------------------------------------------
  d(
    'handshake-completes',
    'yes',
    W(
      String.raw`(?:immediately |then |always |each time |is )?followed by (?:an? |the )?(?:valid |successful |normal )?(?:200|304|success)|(?:then|subsequently|finally|afterwards) (?:an? |the )?(?:200|304)|(?:immediate|next|following|second|subsequent) (?:request|call|attempt|try)${GAP(80)}\b(?:200|304|succeeds|works)|(?:the )?retry (?:succeeds|works|gets (?:a )?200)`,
    ),
    'no',
    {
      examples: [
        ['each 401 is immediately followed by a valid 200', 'yes'],
        ['the 401 is not followed by a 200', 'no'],
      ],
    },
  ),
  d(
    'handshake-completes',
    'no',
    W(
      String.raw`never (?:gets?|reach(?:es)?|returns?|see) (?:a |the )?(?:200|304|success)|no (?:200|304|success) (?:after|follows)`,
    ),
    null,
    {
      examples: [
        ['the client never gets a 200 after the 401', 'no'],
        ['then a 200 comes back', 'yes'],
      ],
    },
  ),
];
