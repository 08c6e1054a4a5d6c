import { countText, shareText } from './count-text.js';
import { Buffer } from 'node:buffer';
import { isoMinute, isoSecond } from './bytes.js';
import { diagnose } from './diagnose.js';
import { fleetQueries } from './queries.js';
import { REPEAT_MIN } from './rules.js';
import { W3cReader } from './reader.js';
import { createState, type ScanState } from './state.js';
import { Tally } from './tally.js';
import { topEntries } from './top-list.js';
import type { CodeDetail, HandshakeSummary, ScanSummary } from './types.js';

const TOP = 5;
const n = countText;
const sortCounts = (m: Map<string, number>): { key: string; count: number }[] =>
  [...m]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
const iso = (sec: number): string | null => (Number.isNaN(sec) ? null : isoSecond(sec));

/** A ScanState as the scan summary of contract section 4 (and the extras the reports use). */
export function summarise(state: ScanState): ScanSummary {
  const codes = [...state.codes.values()].sort(
    (a, b) =>
      b.count - a.count ||
      (a.status ?? -1) - (b.status ?? -1) ||
      (a.substatus ?? -1) - (b.substatus ?? -1) ||
      (a.win32 ?? -1) - (b.win32 ?? -1),
  );
  const total401 = codes.filter((c) => c.status === 401).reduce((a, c) => a + c.count, 0);
  const legs = [...state.handshakes.legs.values()].reduce((a, c) => a + c, 0);
  const diagnoses = diagnose(state);
  return {
    files: state.inputs.length,
    lines: state.lines,
    entries: state.entries,
    skipped: state.skipped,
    codes,
    diagnoses,
    directives: state.directives,
    inputs: state.inputs,
    skippedReasons: sortCounts(state.skippedReasons).map(({ key, count }) => ({
      reason: key,
      count,
    })),
    notes: sortCounts(state.notes).map(({ key, count }) => ({ note: key, count })),
    verdict: {
      total401,
      handshakeLegs: legs,
      real: total401 - legs,
      text: verdictText(total401, legs, state),
    },
    timeRange:
      Number.isNaN(state.firstSec) || Number.isNaN(state.lastSec)
        ? null
        : { first: isoSecond(state.firstSec), last: isoSecond(state.lastSec) },
    busiestMinutes: [...state.minutes]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, TOP)
      .map(([minute, count]) => ({
        minute: isoMinute(minute),
        count,
        count401: state.minutes401.get(minute) ?? 0,
      })),
    details: details(state),
    handshakes: handshakes(state, legs),
    queries: fleetQueries(diagnoses),
  };
}

function verdictText(total401: number, legs: number, state: ScanState): string {
  // not a log at all (binary data after a text line, another format): never "no 401s"
  if (state.entries === 0 && state.skipped > 0)
    return `No log entries could be read: all ${n(state.skipped)} lines were skipped.`;
  if (total401 === 0) return 'No 401 responses in this log.';
  const hs = state.handshakes;
  const real = total401 - legs;
  if (legs === 0)
    return total401 === 1
      ? 'The one 401 response is a real failure: no successful logon followed it.'
      : `All ${n(total401)} 401 responses are real failures: none was followed by a successful logon.`;
  return (
    `${n(real)} of the ${n(total401)} 401 responses (${shareText(real, total401)}) are real failures; ` +
    `the other ${n(legs)} are the normal challenge legs of ${n(hs.completed)} logons that succeeded.`
  );
}

function details(state: ScanState): CodeDetail[] {
  return [...state.details.values()]
    .sort((a, b) => b.count - a.count || a.status - b.status)
    .map((d) => ({
      status: d.status,
      substatus: d.substatus,
      win32: d.win32,
      count: d.count,
      first: iso(d.firstSec),
      last: iso(d.lastSec),
      anonymous: d.anonymous,
      urls: topEntries(d.urls, TOP),
      users: topEntries(d.users, TOP),
      clients: topEntries(d.clients, TOP),
      userAgents: topEntries(d.userAgents, TOP).map((r) => ({
        ...r,
        value: r.value.replace(/\+/g, ' '),
      })),
    }));
}

interface ClientRow {
  client: string;
  completed: number;
  failed: number;
  failures: number;
}
const TOP_CLIENTS = 10;

function handshakes(state: ScanState, legs: number): HandshakeSummary {
  const hs = state.handshakes;
  // the ten worst in one pass (sorting thousands of clients cold cost ~8 ms), field by field
  const worse = (a: ClientRow, b: ClientRow): boolean =>
    a.failures > b.failures ||
    (a.failures === b.failures &&
      (a.failed > b.failed || (a.failed === b.failed && a.client < b.client)));
  const clients: ClientRow[] = [];
  let repeated = 0;
  for (const [client, c] of state.clients) {
    if (!(c.failed > 0 || c.failures > 0)) continue;
    if (c.failures >= REPEAT_MIN) repeated++;
    const row = { client, completed: c.completed, failed: c.failed, failures: c.failures };
    if (clients.length === TOP_CLIENTS && !worse(row, clients[TOP_CLIENTS - 1]!)) continue;
    let at = clients.length;
    while (at > 0 && worse(row, clients[at - 1]!)) at--;
    clients.splice(at, 0, row);
    if (clients.length > TOP_CLIENTS) clients.pop();
  }
  return {
    completed: hs.completed,
    ntlm: hs.ntlm,
    negotiate: hs.negotiate,
    failed: hs.failed,
    noAnswer: hs.noAnswer,
    abandoned: hs.abandoned,
    rejected: hs.rejected,
    legs,
    repeatedFailureClients: repeated,
    clients,
  };
}

/**
 * A log sent as text (a bot attachment) read as a scan: no disk, no threads. `kernel` is the
 * compiled scan kernel (load.ts); without one the state is empty and its input says why.
 */
export function scanText(
  text: string,
  name = 'attachment',
  kernel: WebAssembly.Module | null = null,
): ScanState {
  if (kernel === null) {
    const state = createState();
    const error = 'the scan kernel is not loaded';
    state.inputs.push({ name, lines: 0, entries: 0, skipped: 0, error });
    return state;
  }
  const tally = new Tally(kernel);
  const reader = new W3cReader(tally);
  reader.push(Buffer.from(text, 'utf8'));
  reader.end();
  const state = tally.flush();
  state.inputs.push({ name, lines: state.lines, entries: state.entries, skipped: state.skipped });
  return state;
}
