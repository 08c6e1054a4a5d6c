import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ECS, KQL, fleetQueries } from '../../src/w3c/queries.js';
import type { ScanDiagnosis } from '../../src/w3c/types.js';
import { itShared, PEERS } from '../shared.js';
import { PEERS_DIR } from './helpers.js';

/**
 * Columns of the Azure Monitor Logs table W3CIISLog, as the Azure Monitor table reference lists
 * them (learn.microsoft.com/azure/azure-monitor/reference/tables/w3ciislog; the same columns
 * appear in the "Collect IIS logs" article). scStatus, scSubStatus and scWin32Status are strings.
 */
const W3CIISLOG_COLUMNS = new Set([
  'AzureDeploymentID', '_BilledSize', 'cIP', 'Computer', 'Confidence', 'csBytes', 'csCookie', 'csHost',
  'csMethod', 'csReferer', 'csUriQuery', 'csUriStem', 'csUserAgent', 'csUserName', 'csVersion',
  'Description', 'FirstReportedDateTime', 'IndicatorThreatType', 'IsActive', '_IsBillable',
  'LastReportedDateTime', 'MaliciousIP', 'ManagementGroupName', 'RemoteIPCountry', 'RemoteIPLatitude',
  'RemoteIPLongitude', '_ResourceId', 'Role', 'RoleInstance', 'scBytes', 'scStatus', 'scSubStatus',
  'scWin32Status', 'Severity', 'sIP', 'SourceSystem', 'sPort', 'sSiteName', 'StorageAccount',
  '_SubscriptionId', 'TimeGenerated', 'TimeTaken', 'TLPLevel', 'Type',
]); // prettier-ignore

const d = (id: string, codes: [number, number | null, number | null][]): ScanDiagnosis => ({
  id,
  count: 1,
  detail: '',
  kind: id === 'ntlm-handshake-normal' ? 'normal' : 'failure',
  codes: codes.map(([status, substatus, win32]) => ({ status, substatus, win32, count: 1 })),
});

const DIAGNOSES = [
  d('ntlm-handshake-normal', [[401, 2, 5]]),
  d('wrong-credentials', [
    [401, 1, 1326],
    [401, 1, 2148074252],
  ]),
  d('proxy-breaks-ntlm', [
    [401, 1, 2148074248],
    [401, 1, 0],
  ]),
  d('client-lacks-auth-protocol', [[401, 2, 5]]),
  d('browser-autologon-zone', [[401, 2, 5]]),
  d('dynamic-ip-restriction', [
    [401, 502, 0],
    [403, 6, 5],
  ]),
  d('file-acl-missing', [[401, 3, 5]]),
  d('no-handler-directory-listing', [[403, 14, null]]),
];
const queries = fleetQueries(DIAGNOSES);

/** Every field name an Elasticsearch query refers to: "field" values and term/range keys. */
function esFields(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => esFields(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      if (k === 'field' && typeof v === 'string') out.add(v);
      if (
        (k === 'term' || k === 'terms' || k === 'range' || k === 'exists') &&
        v &&
        typeof v === 'object'
      )
        for (const f of Object.keys(v)) if (f !== 'field' && f !== 'size') out.add(f);
      esFields(v, out);
    }
  }
  return out;
}

function expectedFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return expectedFiles(p);
    return name.endsWith('-expected.min.json') ? [p] : [];
  });
}

describe('fleetQueries', () => {
  it('writes one KQL and one Elasticsearch query per diagnosis', () => {
    expect(queries.map((q) => q.id)).toEqual(DIAGNOSES.map((x) => x.id));
    for (const q of queries) {
      expect(q.kql.startsWith('W3CIISLog\n')).toBe(true);
      expect(q.elasticsearch).toHaveProperty('query');
    }
  });

  it('uses only columns of the W3CIISLog table, comparing the string status columns to strings', () => {
    for (const col of Object.values(KQL))
      if (col !== 'W3CIISLog') expect(W3CIISLOG_COLUMNS).toContain(col);
    for (const q of queries) {
      const columns =
        q.kql.match(/\b(?:cs|sc|s|c)[A-Z][A-Za-z0-9]*\b|\bTimeGenerated\b|\bComputer\b/g) ?? [];
      for (const c of columns) expect(W3CIISLOG_COLUMNS).toContain(c);
      expect(q.kql).not.toMatch(/(scStatus|scSubStatus|scWin32Status) == \d/);
    }
    const creds = queries.find((q) => q.id === 'wrong-credentials')!.kql;
    expect(creds).toContain(
      '(scStatus == "401" and scSubStatus == "1" and scWin32Status == "1326")',
    );
  });

  it('queries SEC_E_INVALID_TOKEN only for proxy-breaks-ntlm, not the normal 401.1 legs', () => {
    const q = queries.find((x) => x.id === 'proxy-breaks-ntlm')!;
    expect(q.kql).toContain('2148074248');
    expect(q.kql).not.toContain('scWin32Status == "0"');
  });

  itShared(PEERS, "uses only Filebeat IIS field names found in the peers' expected files", () => {
    const known = new Set<string>(['@timestamp']); // ECS base field; the derived files leave timestamps out
    for (const f of [
      ...expectedFiles(join(PEERS_DIR, 'elastic-beats')),
      ...expectedFiles(join(PEERS_DIR, 'elastic-integrations')),
    ]) {
      const events = (JSON.parse(readFileSync(f, 'utf8')) as { events: Record<string, unknown>[] })
        .events;
      for (const e of events) for (const k of Object.keys(e)) known.add(k);
    }
    for (const field of Object.values(ECS)) expect(known).toContain(field);
    for (const q of queries)
      for (const field of esFields(q.elasticsearch)) expect(known).toContain(field);
  });
});
