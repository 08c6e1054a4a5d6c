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
  options: { flags?: string; unless?: RegExp; examples?: readonly Example[] } = {},
): Detector => ({
  fact,
  value,
  re: new RegExp(pattern, options.flags ?? 'gi'),
  ...(negated !== undefined ? { negated } : {}),
  ...(options.unless ? { unless: options.unless } : {}),
  examples: options.examples ?? [],
});

/** A developer's own machine: "works locally" there says nothing about the web server. */
const DEV_CONTEXT =
  /\b(?:visual studio|vs ?20\d\d|iis ?express|debug(?:ger|ging)?|dev(?:elopment)? (?:machine|box|pc|environment|laptop)|my (?:machine|laptop|pc|computer)|kestrel|dotnet run|when i run it locally)\b/i;

// Short gaps inside a clause: up to N characters that are not sentence ends.
const GAP = (n: number): string => `[^.!?;\\n]{0,${n}}`;
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
  ),
  d('iis-version', 'iis5', W(String.raw`windows 2000|win2k|w2k(?!3)`)),
  d('iis-version', 'iis6', String.raw`(?<!from )\biis ?6(?:\.0)?\b`),
  d('iis-version', 'iis6', String.raw`\biis ?5(?:\.0)? isolation mode\b`),
  d(
    'iis-version',
    'iis6',
    W(String.raw`(?:windows |win ?|w)(?:server )?2003(?: r2)?|w2k3|win2k3|server 2003`),
  ),
  d('iis-version', 'iis7', String.raw`(?<!from )\biis ?(?:7(?:\.[05])?|8(?:\.[05])?|10(?:\.0)?)\b`),
  d(
    'iis-version',
    'iis7',
    W(
      String.raw`(?:windows |win ?|w)(?:server )?(?:2008|2012|2016|2019|2022|2025)(?: r2)?|server (?:2008|2012|2016|2019|2022|2025)(?: r2)?`,
    ),
  ),

  // --- authentication methods ---------------------------------------------------------------------
  d('anonymous-enabled', 'yes', `${W(ANON)} ${ON}\\b`, 'no'),
  d(
    'anonymous-enabled',
    'yes',
    W(
      String.raw`(?:enabled?|allow(?:ed)?|using|uses|use|with|checked|selected) (?:the )?(?:iis )?${ANON}`,
    ),
    'no',
  ),
  d(
    'anonymous-enabled',
    'yes',
    W(String.raw`${ANON} only|only ${ANON}|configured for "?anonymous"?|anonymous access to all`),
  ),
  d('anonymous-enabled', 'no', `${W(ANON)} ${OFF}\\b`),
  d(
    'anonymous-enabled',
    'no',
    W(String.raw`(?:disabled?|turned off|unchecked|removed|no|without) (?:the )?${ANON}`),
  ),
  d('anonymous-enabled', 'no', W(String.raw`(?:${WIN}|${BASIC}) only|only (?:${WIN}|${BASIC})`)),

  d('windows-auth-enabled', 'yes', `${W(WIN)} ${ON}\\b`, 'no'),
  d(
    'windows-auth-enabled',
    'yes',
    W(
      String.raw`(?:enabled?|using|uses|use|with|set for|configured (?:for|to use)|checked|selected|favou?r) (?:the )?${WIN}`,
    ),
    'no',
  ),
  d('windows-auth-enabled', 'yes', W(String.raw`(?:only )?${WIN} only|only ${WIN}`)),
  d(
    'windows-auth-enabled',
    'yes',
    W(String.raw`${WIN}(?: is)? (?:used|required)|(?:if|when) we use ${WIN}`),
  ),
  d('windows-auth-enabled', 'no', `${W(WIN)} ${OFF}\\b`),
  d(
    'windows-auth-enabled',
    'no',
    W(
      String.raw`(?:disabled?|turned off|unchecked|removed|switch(?:ed)?) (?:the )?${WIN}(?: off)?`,
    ),
  ),
  d(
    'windows-auth-enabled',
    'no',
    W(
      String.raw`(?:switch(?:ed)?|turn(?:ed)?) (?:the )?${WIN} off|${ANON} only|only ${ANON}(?: (?:was|is) (?:checked|enabled|selected))?`,
    ),
  ),

  d('basic-auth-enabled', 'yes', `${W(BASIC)} ${ON}\\b`, 'no'),
  d(
    'basic-auth-enabled',
    'yes',
    W(
      String.raw`(?:enabled?|using|uses|use|with|configured for|checked|selected|wants? this to be|switch(?:ed)? to) (?:the )?${BASIC}|${BASIC} only|only ${BASIC}|basic on`,
    ),
    'no',
  ),
  d('basic-auth-enabled', 'no', `${W(BASIC)} ${OFF}\\b|\\bbasic off\\b`),
  d(
    'basic-auth-enabled',
    'no',
    W(String.raw`(?:disabled?|turned off|unchecked) (?:the )?${BASIC}`),
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
      String.raw`internet explorer|ie ?[6-9]|ie ?1[01]|firefox|chrome|(?:microsoft |ms )?edge(?! (?:case|cases|server|servers|router|node|nodes|location|network|computing|gateway|device|of))|safari|(?:the|a|my|any|web|other|their|users'?) browsers?|browsing`,
    ),
    null,
    {
      examples: [
        ['in Internet Explorer it prompts three times', 'browser'],
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
  ),
  d(
    'intermediary',
    'no',
    W(
      String.raw`direct(?:ly)? connect(?:ed|ion)|no (?:proxy|load balancer)|not (?:behind|through|using) (?:a |any )?(?:proxy|load balancer)`,
    ),
  ),
  d(
    'tls-terminated-before-iis',
    'yes',
    W(
      String.raw`(?:ssl|tls|https) (?:offload(?:ing|ed)?|terminat(?:ion|ed|es|ing))|offload(?:s|ed|ing)? (?:the )?(?:ssl|tls|https)|terminat(?:es|ed|ing) (?:the )?(?:ssl|tls|https)`,
    ),
    null,
  ),
  d(
    'https',
    'yes',
    String.raw`\bhttps:\/\/|\b(?:over|via|using|with|on) (?:https|ssl|tls)\b|\bhttps (?:site|binding|url)\b|\bport 443\b|\bssl certificate\b`,
    null,
  ),

  // --- domain and policy ----------------------------------------------------------------------------
  d(
    'domain-member',
    'yes',
    W(
      String.raw`domain[- ]joined|joined to (?:a|the|our) domain|(?:in|on|part of|member of) (?:a|the|our) (?:windows |ad )?domain|system is on domain|active directory|domain controller|domain (?:account|user|admin(?:istrator)?s?)|gpo`,
    ),
    'no',
  ),
  d('domain-member', 'yes', String.raw`\b(?:in|on|from|to|the|our) AD\b`, 'no', { flags: 'g' }),
  d(
    'domain-member',
    'no',
    W(
      String.raw`workgroup|stand-?alone(?: server)?|not (?:joined to|in|on|a member of) (?:a|the) domain|not domain[- ]joined`,
    ),
  ),
  d(
    'policy-applied',
    'yes',
    W(
      String.raw`group polic(?:y|ies)|gpo|security template|harden(?:ing|ed)|dcpromo|promoted (?:it )?to (?:a )?domain controller|security baseline|cis benchmark|stig`,
    ),
    null,
  ),

  // --- names and where it fails ---------------------------------------------------------------------
  d('url-name', 'localhost', String.raw`\blocalhost\b|\b127\.0\.0\.1\b|(?<![\w:])::1\b`, null),
  d(
    'url-name',
    'ip-address',
    String.raw`\bhttps?:\/\/\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b|\b(?:by|using|via|through|with|its|the) (?:the )?ip(?: address)?\b|\bclass a ?\(`,
    null,
  ),
  d(
    'url-name',
    'fqdn-or-alias',
    W(
      String.raw`fqdn|fully qualified(?: domain)? name|host ?headers?|cname|dns (?:name|alias)|alias`,
    ),
    null,
  ),
  d(
    'url-name',
    'machine-name',
    W(String.raw`(?:server|machine|computer|netbios|short) name`),
    null,
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
    'name-dependent',
    'yes',
    W(
      String.raw`depends on the name|works? (?:fine |ok )?(?:with|using|via|through|by) (?:localhost|the (?:server|machine|netbios|short) name|the ip(?: address)?|127\.0\.0\.1)${GAP(60)}but`,
    ),
    null,
  ),

  // --- identities -----------------------------------------------------------------------------------
  d(
    'custom-pool-identity',
    'yes',
    String.raw`\b(?:app(?:lication)? ?pool|pool identity|identity)${GAP(60)}\b(?:domain (?:service )?account|service account|domain user|custom (?:account|identity)|[a-z]{2,15}\\\w{1,30})\b`,
  ),
  d(
    'custom-pool-identity',
    'yes',
    String.raw`\b(?:domain (?:service )?account|service account)${GAP(40)}\b(?:app(?:lication)? ?pool|pool identity)\b`,
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
  d('anonymous-account', 'builtin', W(String.raw`iusr_\w{0,40}|iusr|iuser_\w{0,40}`), null),
  d(
    'anonymous-account',
    'personal-account',
    W(String.raw`my own account|my (?:own )?(?:user )?account as (?:the )?anonymous`),
    null,
  ),

  // --- history --------------------------------------------------------------------------------------
  d(
    'after-upgrade',
    'yes',
    W(
      String.raw`upgrad(?:e|ed|ing)|migrat(?:e|ed|ing|ion)|moved (?:the site |it )?to a new server|in-place upgrade`,
    ),
    null,
  ),
  d(
    'password-changed',
    'yes',
    W(
      String.raw`password (?:was |has been |had been |got )?(?:changed|expired|reset)|changed (?:the|my|his|her|its|their|our) password|password (?:change|expir(?:y|ation|ed))|reset the password`,
    ),
    null,
  ),
  d(
    'sudden-change',
    'yes',
    W(
      String.raw`worked (?:fine |perfectly |well )?for (?:months|years|weeks|ages|a long time)|(?:had |has )?(?:previously |always )?been working (?:fine |perfectly )?for (?:months|years|weeks)|previously (?:been )?working|used to work|suddenly|all of a sudden|overnight|out of nowhere|stopped working`,
    ),
    null,
  ),
  d(
    'sudden-change',
    'no',
    W(
      String.raw`new site|fresh install(?:ation)?|new install(?:ation)?|brand new|never worked|new server|newly installed|clean install`,
    ),
    null,
  ),

  // --- behaviour ------------------------------------------------------------------------------------
  d(
    'prompt-behaviour',
    'no-prompt',
    W(
      String.raw`no prompt|not prompted|never prompt(?:s|ed)?|no chance to enter|without (?:a|any) (?:prompt|login box|password prompt)|(?:doesn't|does not|didn't) (?:even )?(?:prompt|ask)`,
    ),
    null,
  ),
  d(
    'prompt-behaviour',
    'prompt-repeats',
    W(
      String.raw`prompted (?:three|3|several|multiple|many) times|keeps? (?:on )?(?:prompting|asking)|prompts? (?:me )?(?:repeatedly|again and again|over and over)|(?:login|logon|password) (?:box|dialog|prompt|window) (?:keeps|again)|never accepts?|asks? (?:me )?(?:again|repeatedly)`,
    ),
    null,
  ),
  d(
    'prompt-behaviour',
    'prompt-then-works',
    String.raw`\bprompted for (?:my )?(?:credentials|password|user ?name)${GAP(40)}\b(?:able to log ?in|works|login successfully|logged in)\b`,
    null,
  ),
  d(
    'concurrent-users',
    'yes',
    W(
      String.raw`multiple users|several users|many users|more than one user|under (?:heavy )?load|at the same time|concurrent(?:ly)?|simultaneous(?:ly)?`,
    ),
    'no',
  ),
  d(
    'cross-origin-call',
    'yes',
    W(
      String.raw`cors|preflight|pre-flight|options request|cross-origin|cross origin|cross-domain|access-control-allow-\w{1,20}`,
    ),
    'no',
  ),
  d(
    'client-certificates',
    'required',
    W(
      String.raw`requires? (?:ssl |tls )?client certificates?|client certificates? (?:is |are )?required|require client cert(?:ificate)?s?`,
    ),
    null,
  ),
  d(
    'client-certificates',
    'accepted',
    W(String.raw`accepts? client certificates?|client certificates? (?:is |are )?accepted`),
    null,
  ),
  d(
    'calls-other-server',
    'yes',
    W(
      String.raw`double[- ]hop|sql server as the user|another server as the user|(?:pass(?:es|ing)?|forward(?:s|ing)?) (?:the )?(?:user'?s? )?credentials (?:on|through) to|constrained delegation|kerberos delegation`,
    ),
    null,
  ),
  d(
    'content-on-unc',
    'yes',
    String.raw`\\\\[\w.$-]{1,60}\\[\w.$-]{1,80}|\bunc(?: path| share)?\b|\b(?:network|file) share\b`,
    null,
  ),
  d(
    'security-log-full',
    'yes',
    W(
      String.raw`security (?:event )?log${GAP(30)}\b(?:is|was|got|being|gets|became) full|(?:security|event) log (?:is |was )?full|full security log`,
    ),
    null,
  ),
  d(
    'account-state',
    'locked-or-disabled',
    W(
      String.raw`locked out|lock(?:ed)?-?out|account (?:is |was |got |gets |has been )?(?:locked|disabled|expired)|disabled account|expired account`,
    ),
    null,
  ),
  d(
    'failing-resource',
    'script',
    String.raw`\b(?:errors?|fails?|failing|denied|unauthori[sz]ed|cannot|can't|40[13])\b${GAP(80)}(?:\.(?:aspx?|php|cgi|asmx|svc|ashx|jsp|cfm)\b|\b(?:php|asp|aspx)\b)|\bonly (?:\.?aspx?|\.?php|scripts?|script pages)\b`,
    null,
  ),
  d(
    'failing-resource',
    'static',
    String.raw`\b(?:errors?|fails?|failing|denied|unauthori[sz]ed|cannot|can't|40[13])\b${GAP(80)}(?:\.(?:html?|gif|jpe?g|png|css|js)\b|\b(?:gif|jpe?g|png|static) files?\b)`,
    null,
  ),
  d(
    'wildcard-mapping',
    'yes',
    W(String.raw`wildcard (?:application |script |extension )?map(?:ping|pings|s)?`),
    'no',
  ),
  d(
    'filter-or-module-installed',
    'yes',
    W(
      String.raw`isapi filters?|plesk|helm|control panel|siteminder|sso agent|adfs agent|websitepanel|dotnetpanel|ensim|cpanel|webseal|securid agent|rsa agent|oracle access manager`,
    ),
    'no',
  ),
  d(
    'extended-protection',
    'yes',
    W(String.raw`extended protection|channel binding|tokenchecking`),
    'no',
  ),
  d(
    'ip-restrictions',
    'yes',
    W(
      String.raw`ip (?:address )?(?:and domain )?restrictions?|dynamic ip|ipsecurity|dynamicipsecurity`,
    ),
    'no',
  ),
  d(
    'authorization-rules',
    'yes',
    String.raw`\b(?:authorization rules?|deny users|allow roles|allow users|url authorization)\b|<authorization>`,
    'no',
  ),
  d(
    'only-some-clients',
    'yes',
    W(
      String.raw`only (?:for |on )?some (?:users|machines|computers|laptops|clients|pcs)|works for some|some users can|(?:for|on) some (?:laptops|machines|computers|pcs|users)`,
    ),
    null,
  ),
  d(
    'works-for-admins-only',
    'yes',
    W(
      String.raw`only (?:for )?admin(?:istrator)?s|(?:works|only works) (?:for|as) (?:an? )?admin(?:istrator)?|make (?:the )?\w{1,30} (?:a )?(?:local )?admin(?:istrator)?`,
    ),
    null,
  ),
  // --- does anybody see the failure, or only the log? ------------------------------------------------
  d(
    'users-see-error',
    'yes',
    W(
      String.raw`http error 40[13]|(?:can ?not|can't|unable to|couldn't|could not) (?:access|open|browse|reach|get (?:in|into|to)|log ?in|log ?on|sign ?in|connect|view|load|see)|(?:get|gets|getting|got|see|seeing|receive|receives|receiving|shows?|showing|throws?|throwing|display(?:s|ing)?) (?:an? |the |this |that )?(?:(?:401|403)(?:\.\d{1,3})? )?(?:error|errors|http error|access denied|password prompt|login prompt|logon prompt|prompt)|error (?:page|message)|(?:keeps?|kept) (?:asking|prompting|popping)|(?:asks?|asked|prompts?|prompted) (?:me |users? |us )?for (?:a |the |my |our |their )?(?:password|credentials|user ?name|login|id)|(?:stopped|stops) working|(?:is not|isn't|doesn't|does not|don't|not) work(?:ing|s)?`,
    ),
    null,
  ),
  d(
    'users-see-error',
    'no',
    W(
      String.raw`no (?:user |customer )?complaints?|nobody (?:complains|has complained|notices|has noticed)|(?:users|everyone|clients) (?:are|seem|seems) (?:fine|happy|unaffected)|users? (?:don't|do not|never) (?:notice|see|get) (?:any(?:thing)?|an?) ?(?:error|problem)?|(?:only|just) (?:shows? up |appears? )?in the (?:iis |web )?logs?|the (?:site|application|app|service) (?:still )?works?(?: fine| normally)?,? (?:but|yet) (?:the )?(?:iis )?logs?`,
    ),
    null,
  ),

  // --- a success right after the 401, told in words -----------------------------------------------
  d(
    'handshake-completes',
    'yes',
    W(
      String.raw`(?:immediately |then |always |each time |is )?followed by (?:an? |the )?(?:valid |successful |normal )?(?:200|304|success)|(?:then|subsequently|finally|afterwards) (?:an? |the )?(?:200|304)|(?:immediate|next|following|second|subsequent) (?:request|call|attempt|try)${GAP(80)}\b(?:200|304|succeeds|works)|(?:the )?retry (?:succeeds|works|gets (?:a )?200)`,
    ),
    'no',
  ),
  d(
    'handshake-completes',
    'no',
    W(
      String.raw`never (?:gets?|reach(?:es)?|returns?|see) (?:a |the )?(?:200|304|success)|no (?:200|304|success) (?:after|follows)`,
    ),
    null,
  ),
];
