/** A code triple with how often it was seen (contract section 4: `codes`). null = not logged. */
export interface CodeCount {
  status: number | null;
  substatus: number | null;
  win32: number | null;
  count: number;
}

/** One ranked diagnosis of a scan, linked to a knowledge entry id. */
export interface ScanDiagnosis {
  id: string;
  count: number;
  detail: string;
  /** 'normal' = expected traffic (handshake legs); 'failure' = requests that really failed. */
  kind: 'normal' | 'failure';
  /** The code triples the count is made of. */
  codes: { status: number; substatus: number | null; win32: number | null; count: number }[];
}

export interface Ranked {
  value: string;
  count: number;
}

/** For one 401 or 403 code triple: who and what it hit. */
export interface CodeDetail {
  status: number;
  substatus: number | null;
  win32: number | null;
  count: number;
  first: string | null;
  last: string | null;
  /** Entries with cs-username '-'. */
  anonymous: number;
  urls: Ranked[];
  users: Ranked[];
  clients: Ranked[];
  userAgents: Ranked[];
}

export interface HandshakeSummary {
  /** Challenge sequences (401.2 [-> 401.1] -> 2xx/3xx) that ended in success. */
  completed: number;
  /** ... of which had a 401.1 middle leg (NTLM, or Negotiate falling back to NTLM). */
  ntlm: number;
  /** ... of which succeeded in one round trip (Kerberos / Negotiate). */
  negotiate: number;
  /** Sequences that never reached a success from the same client, URL and user agent. */
  failed: number;
  /** Failed sequences made of 401.2 answers only: the client never answered the challenge. */
  noAnswer: number;
  /** Failed sequences that stopped after the 401.1 challenge leg. */
  abandoned: number;
  /** Failed sequences with a failing 401.1 (wrong password, logon denied, invalid token). */
  rejected: number;
  /** 401 entries that were legs of completed sequences. */
  legs: number;
  /** Clients with at least three failed sequences or failing 401 entries. */
  repeatedFailureClients: number;
  clients: { client: string; completed: number; failed: number; failures: number }[];
}

export interface FleetQuery {
  /** The diagnosis id this query reproduces. */
  id: string;
  title: string;
  /** Azure Monitor Logs (table W3CIISLog). */
  kql: string;
  /** Elasticsearch query DSL over Filebeat's IIS module fields (POST filebeat-*\/_search). */
  elasticsearch: Record<string, unknown>;
}

export interface ScanInput {
  name: string;
  lines: number;
  entries: number;
  skipped: number;
  /** Why the input could not be read (file missing, not gzip, ...). */
  error?: string;
}

/** Contract section 4 plus extras: the scan summary. */
export interface ScanSummary {
  files: number;
  lines: number;
  entries: number;
  skipped: number;
  codes: CodeCount[];
  diagnoses: ScanDiagnosis[];
  directives: number;
  inputs: ScanInput[];
  skippedReasons: { reason: string; count: number }[];
  /** Entries that were read with a repair (value count did not match #Fields, and so on). */
  notes: { note: string; count: number }[];
  verdict: { total401: number; handshakeLegs: number; real: number; text: string };
  timeRange: { first: string; last: string } | null;
  busiestMinutes: { minute: string; count: number; count401: number }[];
  details: CodeDetail[];
  handshakes: HandshakeSummary;
  queries: FleetQuery[];
}
