/** A status code as IIS logs it: status.substatus with its sc-win32-status. null = the text does not tell. */
export interface CodeTriple {
  status: number | null;
  substatus: number | null;
  win32: number | null;
}

/** Where a code was read from. */
export type CodeSource =
  | 'log' // a W3C access-log entry
  | 'httperr' // an HTTP.sys error-log entry
  | 'ftp' // an IIS FTP log entry
  | 'prose' // "401.2", "401 2 5", "sc-substatus 2", "HTTP Error 401.1 - Unauthorized"
  | 'error-page' // error-page wording without a number ("Logon failed due to server configuration")
  | 'win32'; // a win32 value on its own ("0x8009030E", "SEC_E_NO_CREDENTIALS")

export interface FoundCode extends CodeTriple {
  source: CodeSource;
  /** The bit of text the code was read from (redacted, at most ~120 characters). */
  evidence: string;
}

/** One parsed W3C (or httperr / FTP) log entry from a message. Field values: '-' becomes null. */
export interface LogEntry {
  /** 1-based line number in the (normalised) message. */
  line: number;
  /** How the columns were assigned. */
  layout: 'fields' | 'iis6' | 'iis7' | 'iis85' | 'all-fields' | 'httperr' | 'ftp' | 'anchored';
  status: number | null;
  substatus: number | null;
  win32: number | null;
  /** Its date column, or the #Date in force for a layout without one. */
  date: string | null;
  time: string | null;
  clientIp: string | null;
  method: string | null;
  uriStem: string | null;
  username: string | null;
  userAgent: string | null;
  /** Every field by its W3C name (cs-uri-query, s-port, cs(Referer), x-custom, ...). */
  fields: Record<string, string | null>;
  /** Present when the line did not match its header and was read by anchoring, or had other repairs. */
  note?: string;
  /** Set when no #Fields line was in force: the columns come from a default layout or anchoring. */
  noFields?: true;
}

export type SequenceKind =
  | 'handshake-complete' // 401.2 (-> 401.1) -> 2xx/3xx: normal NTLM/Negotiate challenge
  | 'kerberos-complete' // 401.2 -> 2xx/3xx in one round trip
  | 'handshake-failed' // challenge legs that never end in success, or end in a failing win32
  | 'repeated-failure'; // REPEAT_MIN or more failing 401s from one client (as the scan counts)

export interface Sequence {
  kind: SequenceKind;
  client: string | null;
  uri: string | null;
  userAgent: string | null;
  /** Indices into Findings.entries, in order. */
  entries: number[];
  /** The user name on the successful leg, when there is one. */
  user: string | null;
}

/** A context fact the text reveals (fact ids and values are those of knowledge/facts.yaml). */
export interface Signal {
  fact: string;
  value: string;
  /** The words that revealed it. */
  evidence: string;
  /**
   * The negations and the words they bear on ("no proxy"), when the fact was read as their
   * negation: kept out of the words the ranking reads, which would otherwise count "proxy" for
   * the proxy causes.
   */
  negated?: string[];
}

export interface Redaction {
  kind: 'authorization' | 'password' | 'connection-string' | 'secret';
  count: number;
}

export interface Findings {
  /** The normalised, redacted text (HTML stripped, entities decoded, mentions removed). */
  text: string;
  /** Distinct triples in order of first appearance (a triple found twice appears once). */
  codes: FoundCode[];
  entries: LogEntry[];
  /** Lines that looked like log lines but could not be read, with why. */
  skipped: { line: number; reason: string }[];
  sequences: Sequence[];
  signals: Signal[];
  redactions: Redaction[];
  /** True when the input was longer than the reader's limit and only its start was read. */
  truncated: boolean;
}
