import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScanKernel } from '../../src/w3c/load.js';
import { W3cReader } from '../../src/w3c/reader.js';
import type { ScanState } from '../../src/w3c/state.js';
import { summarise } from '../../src/w3c/summarise.js';
import { Tally } from '../../src/w3c/tally.js';
import { GENERATOR, PEERS, sharedPath } from '../shared.js';

/** The peers' samples in ../shared (tests that read them go through describeShared). */
export const PEERS_DIR = sharedPath(PEERS);

/** The built scan kernel (test/global-setup.ts builds it before the tests). */
export const kernel = (): WebAssembly.Module => {
  const { module, problem } = loadScanKernel();
  if (module === null) throw new Error(problem);
  return module;
};

/** Scans bytes in one go, or cut into chunks of `chunk` bytes. */
export function scanBytes(bytes: Buffer, chunk = 0): ScanState {
  const tally = new Tally(kernel());
  const reader = new W3cReader(tally);
  if (chunk <= 0) reader.push(bytes);
  else for (let i = 0; i < bytes.length; i += chunk) reader.push(bytes.subarray(i, i + chunk));
  reader.end();
  return tally.flush();
}

export const scanText = (text: string, chunk = 0): ScanState =>
  scanBytes(Buffer.from(text, 'utf8'), chunk);

/**
 * What a golden file holds for a scanned log: the scan summary, and the parts of the state the
 * summary shows only in part (every client, the sprays, the leg maps, the size of each top list).
 */
export function goldenOf(state: ScanState): unknown {
  const sorted = <V>(m: Map<string | number, V>): [string, V][] =>
    [...m].map(([k, v]): [string, V] => [String(k), v]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const hs = state.handshakes;
  return {
    summary: summarise(state),
    clients: sorted(state.clients),
    sprays: sorted(state.sprays).map(([k, s]) => [k, s.count, [...s.users].sort()]),
    legs: {
      completed: sorted(hs.legs),
      noAnswer: sorted(hs.noAnswerLegs),
      abandoned: sorted(hs.abandonedLegs),
      failingCompleted: sorted(hs.failingLegsCompleted),
      noAnswerBrowser: hs.noAnswerBrowser,
      noAnswerTool: hs.noAnswerTool,
    },
    minutes: sorted(state.minutes),
    minutes401: sorted(state.minutes401),
    lists: sorted(state.details).map(([k, d]) => [
      k,
      [d.urls, d.users, d.clients, d.userAgents].map((t) => [t.values.length, t.dropped]),
    ]),
  };
}

/** Code triples with counts as "status sub win32" -> count (null shows as '-'). */
export function tripleCounts(state: ScanState): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, c] of state.codes) out[key] = c.count;
  return out;
}

/** Generates a log with the shared generator into a temp dir (cached per argument list). */
export function generate(args: string[]): string {
  const dir = join(tmpdir(), 'iis-triage-w3c-tests');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `gen-${args.join('_').replace(/[^a-z0-9_-]/gi, '')}.log`);
  if (!existsSync(file)) {
    const out = execFileSync(process.execPath, [sharedPath(GENERATOR), ...args], {
      maxBuffer: 1 << 30,
    });
    writeFileSync(file, out);
  }
  return file;
}

/** The header-aware awk count of logs-anchors section 2: "status sub win32" -> count. */
export const AWK_PROGRAM = `/^#Fields:/ { s = ss = w = 0
  for (i = 2; i <= NF; i++) { if ($i == "sc-status") s = i - 1; else if ($i == "sc-substatus") ss = i - 1; else if ($i == "sc-win32-status") w = i - 1 }
  next }
/^#/ { next }
{ c[$s " " $ss " " $w]++ }
END { for (k in c) print k, c[k] }`;

export function awkCounts(file: string): Record<string, number> {
  const out = execFileSync('awk', [AWK_PROGRAM, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const counts: Record<string, number> = {};
  for (const line of out.trim().split('\n')) {
    const parts = line.trim().split(/\s+/);
    const n = Number(parts.pop());
    counts[parts.join(' ')] = n;
  }
  return counts;
}

export const hasAwk = ((): boolean => {
  try {
    execFileSync('awk', ['BEGIN { exit 0 }']);
    return true;
  } catch {
    return false;
  }
})();
