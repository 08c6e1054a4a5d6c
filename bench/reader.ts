// Reader figures: readMessage throughput (MB/s, messages/s) on the dev cases and on a large
// generated IIS log read as one text, plus the slowest 1 MB adversarial message. Each against a
// plain split('\n') + split(' ') pass over the same input, measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMessage } from '../src/extract/index.js';
import {
  DEFAULT_KNOWLEDGE_DIR,
  loadKnowledge,
  parseDetectors,
  parseErrorPages,
  parseStatusCodes,
  parseWin32,
  type ReferenceData,
} from '../src/knowledge/index.js';
import { LAYOUTS } from '../src/w3c/fields.js';
import type { Figure } from './figure.js';

const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));
const DEV = `${SHARED}eval/dev-cases.jsonl`;
const GEN = `${SHARED}bench/gen-iis-log.mjs`;
const LINES = 200_000;

/** The reference data; read file by file when the whole knowledge folder does not load yet. */
async function reference(): Promise<ReferenceData> {
  try {
    return (await loadKnowledge()).reference;
  } catch {
    const read = (name: string) =>
      readFileSync(join(DEFAULT_KNOWLEDGE_DIR, 'reference', name), 'utf8');
    const win32 = parseWin32('win32.yaml', read('win32.yaml'));
    const pages = parseErrorPages('error-pages.yaml', read('error-pages.yaml'));
    const codes = existsSync(join(DEFAULT_KNOWLEDGE_DIR, 'reference', 'status-codes.yaml'))
      ? parseStatusCodes('status-codes.yaml', read('status-codes.yaml'))
      : undefined;
    const detectors = parseDetectors('detectors.yaml', read('detectors.yaml'));
    return {
      win32: win32.ok ? win32.value : [],
      errorPages: pages.ok ? pages.value : [],
      statusCodes: codes?.ok ? codes.value : [],
      detectors: detectors.ok ? detectors.value : { detectors: [], policies: {} },
    };
  }
}

/** Best wall time of `rounds` runs of fn, in ms (the machine is shared; the best run is the least disturbed). */
function best(rounds: number, fn: () => unknown): number {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const baselinePass = (text: string): number => {
  let n = 0;
  for (const line of text.split('\n')) n += line.split(' ').length;
  return n;
};

const mbPerS = (chars: number, ms: number) => chars / 1e6 / (ms / 1000);

export default async function reader(): Promise<Figure[]> {
  const ref = await reference();
  const figures: Figure[] = [];

  if (existsSync(DEV)) {
    const messages = readFileSync(DEV, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { message: string }).message);
    const chars = messages.reduce((n, m) => n + m.length, 0);
    const rounds = 50;
    const all = () => {
      for (let r = 0; r < rounds; r++) for (const m of messages) readMessage(m, ref);
    };
    const base = () => {
      for (let r = 0; r < rounds; r++) for (const m of messages) baselinePass(m);
    };
    all(); // warm-up
    base();
    const ms = best(3, all);
    const bms = best(3, base);
    figures.push(
      {
        name: `reader throughput, ${messages.length} dev cases x ${rounds}`,
        value: mbPerS(chars * rounds, ms),
        unit: 'MB/s',
        baseline: { name: "split('\\n') + split(' ')", value: mbPerS(chars * rounds, bms) },
      },
      {
        name: 'reader messages per second, dev cases',
        value: (messages.length * rounds) / (ms / 1000),
        unit: 'msg/s',
        baseline: {
          name: "split('\\n') + split(' ')",
          value: (messages.length * rounds) / (bms / 1000),
        },
      },
    );
  } else {
    figures.push({
      name: 'reader throughput, dev cases',
      value: NaN,
      unit: 'MB/s',
      note: '../shared/eval absent: skipped',
    });
  }

  if (existsSync(GEN)) {
    const dir = mkdtempSync(join(tmpdir(), 'iis-reader-bench-'));
    try {
      const file = join(dir, 'u_ex.log');
      const gen = spawnSync(process.execPath, [GEN, '--lines', String(LINES), '--seed', '7'], {
        maxBuffer: 1 << 30,
        encoding: 'utf8',
      });
      writeFileSync(file, gen.stdout);
      const text = readFileSync(file, 'utf8');
      let entries = 0;
      const ms = best(3, () => {
        entries = readMessage(text, ref, { maxChars: Infinity }).entries.length;
      });
      const bms = best(3, () => baselinePass(text));
      figures.push(
        {
          name: `reader throughput, generated log (${LINES.toLocaleString('en-US')} lines, ${(text.length / 1e6).toFixed(1)} MB, one text)`,
          value: mbPerS(text.length, ms),
          unit: 'MB/s',
          baseline: { name: "split('\\n') + split(' ')", value: mbPerS(text.length, bms) },
          note: `${entries.toLocaleString('en-US')} entries in ${Math.round(ms)} ms`,
        },
        {
          name: 'reader log lines per second, generated log',
          value: LINES / (ms / 1000),
          unit: 'lines/s',
          baseline: { name: "split('\\n') + split(' ')", value: LINES / (bms / 1000) },
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    figures.push({
      name: 'reader throughput, generated log',
      value: NaN,
      unit: 'MB/s',
      note: '../shared/bench absent: skipped',
    });
  }

  // The slowest of a set of hostile 1 MB messages (the issue asks for well under a second).
  const MB = 1_000_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const hostile = {
    'digit runs': fill('4014014014014014014 '),
    'dot runs': fill('401.401.401.401.'),
    'space-separated triples': fill('401 2 5 '),
    '#Fields repeated': fill(`#Fields: ${LAYOUTS.iis85}\n`),
    'unclosed <': fill('<'),
    'whitespace runs': fill(' \t'),
    'mangled dated lines': fill('2024-01-01 GET /x 80 401 1 2148074248 \n'),
  };
  let worst = { name: '', ms: 0, base: 0 };
  for (const [name, text] of Object.entries(hostile)) {
    const ms = best(2, () => readMessage(text, ref));
    if (ms > worst.ms) worst = { name, ms, base: best(2, () => baselinePass(text)) };
  }
  figures.push({
    name: 'slowest 1 MB adversarial message',
    value: worst.ms,
    unit: 'ms',
    baseline: { name: "split('\\n') + split(' ')", value: worst.base },
    lowerIsBetter: true,
    target: { text: '< 1000 ms', met: worst.ms < 1000 },
    note: worst.name,
  });
  return figures;
}
