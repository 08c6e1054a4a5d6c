import { explainCode, firstSentence, isChallengeLeg } from '../dialog/index.js';
import { count } from '../render/index.js';
import { decodeWin32 } from '../extract/index.js';
import type { FoundCode, LogEntry, Sequence, Signal } from '../extract/types.js';
import type { Fact, ReferenceData } from '../knowledge/schema.js';
import type { NoteCode, NoteFact, NoteFacts, NoteLogs, NoteSequence } from './types.js';

/** Codes listed in a note at most (a paste of many logs can carry dozens of triples). */
export const MAX_NOTE_CODES = 12;
/** Sequences described one by one at most. */
const MAX_SEQUENCES = 5;
/** Legs shown in one sequence's chain before "…". */
const MAX_CHAIN = 6;

const AUTH_FACTS = new Set(['anonymous-enabled', 'windows-auth-enabled', 'basic-auth-enabled']);
const LOG_EVIDENCE = /^(?:#Software|s-port |\d+ script and |OPTIONS request|handshake-|kerberos-)/;

/** Each code with its meaning and its win32 value decoded. */
export const noteCodes = (codes: readonly FoundCode[], reference: ReferenceData): NoteCode[] =>
  codes.slice(0, MAX_NOTE_CODES).map((c) => {
    const x = explainCode(reference, c);
    const decoded = c.win32 === null ? null : decodeWin32(c.win32, reference);
    return {
      status: c.status,
      substatus: c.substatus,
      win32: c.win32,
      label: x.label,
      meaning: firstSentence(x.meaning),
      win32Decoded: decoded
        ? {
            hex: decoded.hex,
            name: decoded.name,
            meaning:
              x.win32Meaning ??
              decoded.meaning ??
              (decoded.value === 0
                ? 'No Windows error: IIS itself (not a Windows call) decided.'
                : `Not in our table; \`certutil -error ${decoded.hex}\` on Windows decodes it.`),
          }
        : null,
      // the middle leg (401.1 with 0 or SEC_E_NO_CREDENTIALS) is as normal as the first
      benign: (x.benign ?? false) || isChallengeLeg(c),
      source: c.source,
      evidence: c.evidence,
    };
  });

const answerLabel = (facts: ReadonlyMap<string, Fact>, fact: string, value: string): string =>
  facts.get(fact)?.answers.find((a) => a.value === value)?.label ?? value;

const toNoteFact = (facts: ReadonlyMap<string, Fact>, s: Signal): NoteFact => ({
  fact: s.fact,
  value: s.value,
  label: answerLabel(facts, s.fact, s.value),
  evidence: s.evidence,
  source: LOG_EVIDENCE.test(s.evidence) ? 'log' : 'text',
});

/** The context the ticket states, grouped: IIS version, authentication, client, the rest. */
export const contextFacts = (
  signals: readonly Signal[],
  answered: Readonly<Record<string, string>>,
  facts: ReadonlyMap<string, Fact>,
): Omit<NoteFacts, 'codes' | 'logs'> => {
  // an answer given in chat outranks what the reader inferred from the text
  const seen = signals.filter((s) => !(s.fact in answered)).map((s) => toNoteFact(facts, s));
  const version = seen.filter((f) => f.fact === 'iis-version');
  return {
    iisVersion: version.at(-1) ?? null,
    authentication: seen.filter((f) => AUTH_FACTS.has(f.fact)),
    client: seen.filter((f) => f.fact === 'client-kind'),
    environment: seen.filter(
      (f) => f.fact !== 'iis-version' && f.fact !== 'client-kind' && !AUTH_FACTS.has(f.fact),
    ),
    answered: Object.entries(answered)
      .filter(([, v]) => v !== 'unknown')
      .map(([fact, value]) => ({
        fact,
        value,
        label: answerLabel(facts, fact, value),
        evidence: 'answered in chat',
        source: 'answered' as const,
      })),
  };
};

const leg = (e: LogEntry | undefined): string => {
  if (!e || e.status === null) return '?';
  const ok = e.status < 400;
  const sub = e.substatus === null || (ok && e.substatus === 0) ? '' : `.${e.substatus}`;
  const w = e.win32 === null || (ok && e.win32 === 0) ? '' : ` (${e.win32})`;
  return `${e.status}${sub}${w}`;
};

const chainOf = (s: Sequence, entries: readonly LogEntry[]): string => {
  const legs = s.entries.slice(0, MAX_CHAIN).map((i) => leg(entries[i]));
  return `${legs.join(' → ')}${s.entries.length > MAX_CHAIN ? ` → … (${s.entries.length} requests)` : ''}`;
};

const KIND_WORDS: Record<Sequence['kind'], [string, string]> = {
  'handshake-complete': ['completed handshake', 'completed handshakes'],
  'kerberos-complete': ['completed Kerberos logon', 'completed Kerberos logons'],
  'handshake-failed': ['failed handshake', 'failed handshakes'],
  'repeated-failure': ['repeated failure', 'repeated failures'],
};

const where = (s: NoteSequence): string =>
  [s.client ? `from ${s.client}` : '', s.uri ? `on ${s.uri}` : ''].filter(Boolean).join(' ');

const logSummary = (logs: Omit<NoteLogs, 'summary'>): string[] => {
  const lines: string[] = [];
  const header = logs.withHeader
    ? 'read with their #Fields header'
    : 'no #Fields header, so read as the IIS default layout of that width';
  const from = logs.clients
    ? `from ${count(logs.clients, 'client', 'clients')}`
    : 'without client addresses';
  const skipped = logs.skipped ? `; ${count(logs.skipped, 'line', 'lines')} could not be read` : '';
  lines.push(`${count(logs.entries, 'log entry', 'log entries')} ${from}; ${header}${skipped}.`);
  const kinds: Sequence['kind'][] = [
    'handshake-failed',
    'repeated-failure',
    'handshake-complete',
    'kerberos-complete',
  ];
  for (const kind of kinds) {
    const of = logs.sequences.filter((s) => s.kind === kind);
    const first = of[0];
    if (!first) continue;
    const user = first.user ? `, logged on as ${first.user}` : '';
    const more = of.length > 1 ? ` (first of ${of.length})` : '';
    lines.push(
      `${count(of.length, ...KIND_WORDS[kind])}: ${first.chain} ${where(first)}${user}${more}.`.replace(
        / \./,
        '.',
      ),
    );
  }
  if (logs.completedHandshakes === 0 && logs.failedHandshakes + logs.repeatedFailures > 0) {
    lines.push('No request in these lines completed the logon.');
  }
  return lines;
};

/** What the pasted log lines show: counts, clients, handshakes completed versus failed. */
export const noteLogs = (
  entries: readonly LogEntry[],
  skipped: number,
  sequences: readonly Sequence[],
): NoteLogs | null => {
  if (entries.length === 0 && sequences.length === 0) return null;
  const of = (...kinds: Sequence['kind'][]) => sequences.filter((s) => kinds.includes(s.kind));
  const counts = {
    completedHandshakes: of('handshake-complete', 'kerberos-complete').length,
    failedHandshakes: of('handshake-failed').length,
    repeatedFailures: of('repeated-failure').length,
  };
  if (entries.length === 0) {
    // a conversation keeps which kinds of exchange its log lines showed, not the lines
    const kinds = [...new Set(sequences.map((s) => KIND_WORDS[s.kind][0]))];
    const summary = [`Log lines earlier in the conversation showed: ${kinds.join(', ')}.`];
    return {
      entries: 0,
      skipped,
      clients: 0,
      withHeader: false,
      ...counts,
      sequences: [],
      summary,
    };
  }
  const all: NoteSequence[] = sequences.map((s) => ({
    kind: s.kind,
    client: s.client,
    uri: s.uri,
    chain: chainOf(s, entries),
    user: s.user,
  }));
  const logs = {
    entries: entries.length,
    skipped,
    clients: new Set(entries.flatMap((e) => (e.clientIp ? [e.clientIp] : []))).size,
    withHeader: !entries.some((e) => e.noFields === true),
    ...counts,
    sequences: all.slice(0, MAX_SEQUENCES),
  };
  return { ...logs, summary: logSummary({ ...logs, sequences: all }) };
};
