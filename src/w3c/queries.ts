import { codeText } from './count-text.js';
import { HANDSHAKE_WINDOW_SEC } from './rules.js';
import type { FleetQuery, ScanDiagnosis } from './types.js';

/**
 * Columns of the Azure Monitor table W3CIISLog (Azure Monitor Logs reference, "W3CIISLog").
 * scStatus, scSubStatus and scWin32Status are strings there, so codes are compared as strings.
 */
export const KQL = {
  table: 'W3CIISLog',
  status: 'scStatus',
  substatus: 'scSubStatus',
  win32: 'scWin32Status',
  url: 'csUriStem',
  client: 'cIP',
  user: 'csUserName',
  userAgent: 'csUserAgent',
  time: 'TimeGenerated',
  computer: 'Computer',
  site: 'sSiteName',
} as const;

/** Fields of Filebeat's IIS module (ECS names) in Elasticsearch. */
export const ECS = {
  status: 'http.response.status_code',
  substatus: 'iis.access.sub_status',
  win32: 'iis.access.win32_status',
  url: 'url.path',
  client: 'source.ip',
  user: 'user.name',
  userAgent: 'user_agent.original',
  time: '@timestamp',
} as const;

type Triple = ScanDiagnosis['codes'][number];

const TITLES: Record<string, string> = {
  'ntlm-handshake-normal': 'Handshakes that completed vs challenges left unanswered, per server',
  'client-lacks-auth-protocol': 'Clients that never answer the challenge, by user agent',
  'browser-autologon-zone': 'Clients that never answer the challenge, by user agent',
  'wrong-credentials': 'Failed logons per client, with how many user names each tried',
  'dynamic-ip-restriction': 'Clients refused by IP restrictions',
};

const q = (s: string): string => JSON.stringify(s);

function kqlCodes(codes: readonly Triple[]): string {
  const one = (c: Triple): string =>
    [
      `${KQL.status} == ${q(String(c.status))}`,
      c.substatus === null ? '' : `${KQL.substatus} == ${q(String(c.substatus))}`,
      c.win32 === null ? '' : `${KQL.win32} == ${q(String(c.win32))}`,
    ]
      .filter(Boolean)
      .join(' and ');
  return codes.map((c) => `(${one(c)})`).join(' or ');
}

function esCodes(codes: readonly Triple[]): Record<string, unknown> {
  const one = (c: Triple): Record<string, unknown> => ({
    bool: {
      filter: [
        { term: { [ECS.status]: c.status } },
        ...(c.substatus === null ? [] : [{ term: { [ECS.substatus]: c.substatus } }]),
        ...(c.win32 === null ? [] : [{ term: { [ECS.win32]: c.win32 } }]),
      ],
    },
  });
  return { bool: { should: codes.map(one), minimum_should_match: 1 } };
}

const terms = (
  field: string,
  size = 20,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  terms: { field, size },
  ...extra,
});

/** A challenge window per client, URL and user agent: the log's handshake rule in KQL. */
function kqlHandshakes(lastStep: string): string {
  return [
    KQL.table,
    `| where ${KQL.time} > ago(1d)`,
    `| where (${KQL.status} == "401" and ${KQL.substatus} == "2") or toint(${KQL.status}) between (200 .. 399)`,
    `| summarize challenges = countif(${KQL.status} == "401"), successes = countif(${KQL.status} != "401")` +
      ` by ${KQL.computer}, ${KQL.client}, ${KQL.url}, ${KQL.userAgent}, bin(${KQL.time}, ${HANDSHAKE_WINDOW_SEC}s)`,
    lastStep,
  ].join('\n');
}

/** The codes a fleet query filters on: for proxy-breaks-ntlm only the telling SEC_E_INVALID_TOKEN. */
function queryCodes(d: ScanDiagnosis): Triple[] {
  const invalid = d.codes.filter((c) => c.win32 === 2148074248);
  return d.id === 'proxy-breaks-ntlm' && invalid.length > 0 ? invalid : d.codes;
}

function kqlFor(d: ScanDiagnosis): string {
  const head = [KQL.table, `| where ${KQL.time} > ago(1d)`, `| where ${kqlCodes(queryCodes(d))}`];
  switch (d.id) {
    case 'ntlm-handshake-normal':
      return kqlHandshakes(
        `| summarize completed = countif(challenges > 0 and successes > 0), unanswered = countif(challenges > 0 and successes == 0) by ${KQL.computer}`,
      );
    case 'client-lacks-auth-protocol':
    case 'browser-autologon-zone':
      return kqlHandshakes(
        `| where challenges > 0 and successes == 0\n| summarize windows = count(), clients = dcount(${KQL.client}) by ${KQL.userAgent}\n| top 20 by windows`,
      );
    case 'wrong-credentials':
      return [
        ...head,
        `| summarize attempts = count(), users = dcount(${KQL.user}), sample = make_set(${KQL.user}, 5), first = min(${KQL.time}), last = max(${KQL.time}) by ${KQL.client}`,
        '| extend spray = users >= 10',
        '| top 20 by attempts',
      ].join('\n');
    case 'dynamic-ip-restriction':
      return [
        ...head,
        `| summarize refused = count(), first = min(${KQL.time}), last = max(${KQL.time}) by ${KQL.client}, ${KQL.computer}`,
        '| top 20 by refused',
      ].join('\n');
    default:
      return [
        ...head,
        `| summarize entries = count(), clients = dcount(${KQL.client}), users = dcount(${KQL.user}), first = min(${KQL.time}), last = max(${KQL.time}) by ${KQL.computer}, ${KQL.site}, ${KQL.url}`,
        '| top 20 by entries',
      ].join('\n');
  }
}

function esFor(d: ScanDiagnosis): Record<string, unknown> {
  const since = { range: { [ECS.time]: { gte: 'now-1d' } } };
  if (
    d.id === 'ntlm-handshake-normal' ||
    d.id === 'client-lacks-auth-protocol' ||
    d.id === 'browser-autologon-zone'
  ) {
    const challenge = {
      bool: { filter: [{ term: { [ECS.status]: 401 } }, { term: { [ECS.substatus]: 2 } }] },
    };
    const success = { range: { [ECS.status]: { gte: 200, lt: 400 } } };
    return {
      size: 0,
      query: {
        bool: {
          filter: [since, { bool: { should: [challenge, success], minimum_should_match: 1 } }],
        },
      },
      aggs: {
        by_client: terms(ECS.client, 100, {
          aggs: {
            by_url: terms(ECS.url, 20, {
              aggs: {
                windows: {
                  date_histogram: {
                    field: ECS.time,
                    fixed_interval: `${HANDSHAKE_WINDOW_SEC}s`,
                    min_doc_count: 1,
                  },
                  aggs: {
                    legs: { filters: { filters: { challenges: challenge, successes: success } } },
                  },
                },
              },
            }),
          },
        }),
      },
    };
  }
  const aggs: Record<string, unknown> =
    d.id === 'wrong-credentials'
      ? {
          by_client: terms(ECS.client, 20, {
            aggs: { users: { cardinality: { field: ECS.user } }, sample: terms(ECS.user, 5) },
          }),
        }
      : {
          by_url: terms(ECS.url),
          by_client: terms(ECS.client),
          by_user: terms(ECS.user),
          by_user_agent: terms(ECS.userAgent, 10),
        };
  return {
    size: 0,
    query: { bool: { filter: [since, esCodes(queryCodes(d))] } },
    aggs: {
      ...aggs,
      per_minute: { date_histogram: { field: ECS.time, fixed_interval: '1m', min_doc_count: 1 } },
    },
  };
}

/** For each diagnosis, the same question asked of a fleet's logs in Azure Monitor and Elasticsearch. */
export function fleetQueries(diagnoses: readonly ScanDiagnosis[]): FleetQuery[] {
  return diagnoses.map((d) => ({
    id: d.id,
    title:
      TITLES[d.id] ??
      `Where the ${d.codes
        .map(codeText)
        .filter((v, i, a) => a.indexOf(v) === i)
        .join('/')} entries come from`,
    kql: kqlFor(d),
    elasticsearch: esFor(d),
  }));
}
