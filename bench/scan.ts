// scan: our `scan` on a 1,000,000-line generated IIS log against the header-aware mawk count
// (logs-anchors section 2), DuckDB's GROUP BY of the three code columns (@duckdb/node-api, a dev
// dependency) and goaccess when installed, all measured in this run on one file.
// It builds dist/ first (npm run build) and times the package's bin as a user runs it.
// Run with the others (`npm run bench`) or alone (`npx tsx bench/scan.ts`).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildDist } from '../scripts/build.js';
import type { Bench, Figure } from './figure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GENERATOR = join(ROOT, '../shared/bench/gen-iis-log.mjs');
const LINES = 1_000_000;
const RUNS = 5;
/** Rounds of the interleaved whole-process comparison (ours, mawk, ... in turn). */
const ROUNDS = 9;
const RSS_TARGET_MB = 150;

const AWK = `/^#Fields:/ { s = ss = w = 0
  for (i = 2; i <= NF; i++) { if ($i == "sc-status") s = i - 1; else if ($i == "sc-substatus") ss = i - 1; else if ($i == "sc-win32-status") w = i - 1 }
  next }
/^#/ { next }
{ c[$s " " $ss " " $w]++ }
END { for (k in c) print k, c[k] }
`;

const which = (cmd: string): string | null => {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || null : null;
};

/** The benchmark file, generated once and kept under .tmp/ (git-ignored). */
function benchFile(): string {
  const dir = join(ROOT, '.tmp/bench');
  const file = join(dir, `iis-${LINES}-seed42.log`);
  if (existsSync(file)) return file;
  if (!existsSync(GENERATOR)) throw new Error(`generator not found at ${GENERATOR}`);
  mkdirSync(dir, { recursive: true });
  const out = execFileSync(
    process.execPath,
    [GENERATOR, '--lines', String(LINES), '--seed', '42'],
    {
      maxBuffer: 1 << 30,
    },
  );
  writeFileSync(`${file}.part`, out);
  renameSync(`${file}.part`, file);
  return file;
}

interface Run {
  seconds: number;
  rssMb: number | null;
  stdout: string;
}

/** Runs a command under /usr/bin/time (peak RSS) when available; wall time from here. */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const [bin, argv] = time ? [time, ['-f', '%M', cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, argv, {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  const kb = time ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, rssMb: Number.isFinite(kb) ? kb / 1024 : null, stdout: r.stdout };
}

interface Cmd {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

type Measured = Run & { min: number; max: number };

/**
 * Commands measured in turn, `rounds` times after a warm-up each (the file stays in the page
 * cache): the VM's speed drifts over seconds (its neighbours), and runs of one command after the
 * other's carried the drift into the ratio. Medians, with min and max.
 */
function measureInTurn(cmds: Cmd[], rounds = ROUNDS): Measured[] {
  for (const c of cmds) run(c.cmd, c.args, c.env);
  const runs = cmds.map(() => [] as Run[]);
  for (let i = 0; i < rounds; i++) cmds.forEach((c, k) => runs[k]!.push(run(c.cmd, c.args, c.env)));
  return runs.map((rs) => {
    const sorted = [...rs].sort((a, b) => a.seconds - b.seconds);
    return {
      ...sorted[Math.floor(rounds / 2)]!,
      rssMb: sorted[0]!.rssMb === null ? null : Math.max(...rs.map((r) => r.rssMb ?? 0)),
      min: sorted[0]!.seconds,
      max: sorted.at(-1)!.seconds,
    };
  });
}

/** One command: the median of RUNS runs after a warm-up. */
const measure = (cmd: string, args: string[]): Measured => measureInTurn([{ cmd, args }], RUNS)[0]!;

const inTurn = (r: Measured): string =>
  `median of ${ROUNDS} in turn with the others: ${r.seconds.toFixed(3)} s (${r.min.toFixed(3)}-${r.max.toFixed(3)})`;

const spread = (r: Measured): string =>
  `median of ${RUNS} after a warm-up: ${r.seconds.toFixed(3)} s (${r.min.toFixed(3)}-${r.max.toFixed(3)})`;

async function measureAll(): Promise<Figure[]> {
  const file = benchFile();
  const mb = (statSync(file).size / 1048576).toFixed(0);
  const awkBin = which('mawk') ?? which('awk');
  if (!awkBin) throw new Error('no awk on PATH (apt-get install -y mawk)');
  const awkName = realpathSync(awkBin).endsWith('mawk') ? 'mawk' : 'awk';
  const prog = join(ROOT, '.tmp/bench/st-hdr.awk');
  writeFileSync(prog, AWK);
  // the whole command as a user runs it, start-up included: the bin, which runs dist/ (built
  // here) once it has checked that dist/ is current with src/; in turn with mawk, and (where this
  // environment sets it) without NODE_EXTRA_CA_CERTS, a file every Node process reads at start
  const built = await buildDist();
  const BIN = ['bin/iis-triage.js', 'scan'];
  const caFile = process.env.NODE_EXTRA_CA_CERTS;
  const noCa: NodeJS.ProcessEnv = { ...process.env };
  delete noCa.NODE_EXTRA_CA_CERTS;
  const duck = duckdbRuns();
  const [cli, awk, duckdb, cliNoCa] = measureInTurn([
    { cmd: process.execPath, args: [...BIN, file, '--json'] },
    { cmd: awkBin, args: ['-f', prog, file] },
    duck
      ? { cmd: process.execPath, args: ['--input-type=module', '-e', DUCKDB, file] }
      : { cmd: 'true', args: [] },
    ...(caFile ? [{ cmd: process.execPath, args: [...BIN, file, '--json'], env: noCa }] : []),
  ]) as [Measured, Measured, Measured, Measured | undefined];
  const awkRate = LINES / awk.seconds;
  const tiny = join(ROOT, '.tmp/bench/one-line.log');
  writeFileSync(
    tiny,
    readFileSync(file).subarray(0, 4096).toString('latin1').split('\n').slice(0, 5).join('\n'),
  );
  const startup = measure(process.execPath, [...BIN, tiny, '--json']);
  const bare = measure(process.execPath, ['-e', '']);
  const summary = JSON.parse(cli.stdout) as {
    entries: number;
    codes: { status: number; substatus: number; win32: number; count: number }[];
  };
  const awkCounts = new Map(
    awk.stdout
      .trim()
      .split('\n')
      .map((l) => {
        const p = l.trim().split(/\s+/);
        return [p.slice(0, 3).join(' '), Number(p[3])] as const;
      }),
  );
  const agree =
    summary.codes.every(
      (c) => awkCounts.get(`${c.status} ${c.substatus} ${c.win32}`) === c.count,
    ) && summary.codes.length === awkCounts.size;
  const duckCounts = new Map(
    duck
      ? (JSON.parse(duckdb.stdout) as string[][]).map((r) => [
          r.slice(0, 3).join(' '),
          Number(r[3]),
        ])
      : [],
  );
  const duckAgree =
    summary.codes.every(
      (c) => duckCounts.get(`${c.status} ${c.substatus} ${c.win32}`) === c.count,
    ) && summary.codes.length === duckCounts.size;
  // the scan itself, without start-up (dist/ modules, timed inside the process)
  const index = pathToFileURL(join(ROOT, 'dist/w3c/index.js')).href;
  const r = measure(process.execPath, ['--input-type=module', '-e', CHILD, index, file]);
  const innerMs = Number((JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number }).ms);
  const cliRate = LINES / cli.seconds;
  const innerRate = LINES / (innerMs / 1000);
  const figures: Figure[] = [
    {
      name: `scan ${mb} MB / ${LINES.toLocaleString('en-US')} lines, full summary, whole process (node bin/iis-triage.js scan FILE --json, running dist/)`,
      value: cliRate,
      unit: 'lines/s',
      baseline: { name: `${awkName} header-aware status/substatus/win32 count`, value: awkRate },
      target: { text: `at least ${awkName}'s throughput`, met: cliRate >= awkRate },
      note: `${inTurn(cli)}; ${awkName} ${inTurn(awk)}; counts ${agree ? 'equal' : 'DIFFER from'} ${awkName}'s per triple; entries ${summary.entries.toLocaleString('en-US')}; dist/ built first (${built.files} modules, ${built.ms.toFixed(0)} ms)`,
    },
    duck
      ? {
          name: 'the same, against DuckDB (whole process: node with @duckdb/node-api, read_csv of the file, GROUP BY the three code columns)',
          value: cliRate,
          unit: 'lines/s',
          baseline: {
            name: 'DuckDB GROUP BY sc-status, sc-substatus, sc-win32-status',
            value: LINES / duckdb.seconds,
          },
          target: {
            text: 'level with DuckDB (ratio 0.9x or better)',
            met: cliRate >= 0.9 * (LINES / duckdb.seconds),
          },
          note: `DuckDB ${inTurn(duckdb)} on ${availableParallelism()} cores; counts ${duckAgree ? 'equal' : 'DIFFER from'} DuckDB's per triple`,
        }
      : {
          name: 'DuckDB',
          value: 0,
          unit: 'lines/s',
          note: `@duckdb/node-api does not load here (${duckProblem}): skipped`,
        },
    ...(cliNoCa
      ? [
          {
            name: `the same, without NODE_EXTRA_CA_CERTS (this environment sets it to ${caFile}; every Node process reads it at start)`,
            value: LINES / cliNoCa.seconds,
            unit: 'lines/s',
            baseline: { name: `${awkName} (the same rounds)`, value: awkRate },
            note: inTurn(cliNoCa),
          } satisfies Figure,
        ]
      : []),
    {
      name: 'scan start-up: the same command on a 5-line file',
      value: startup.seconds * 1000,
      unit: 'ms',
      lowerIsBetter: true,
      baseline: { name: 'node -e "" (bare Node start-up)', value: bare.seconds * 1000 },
      note: `${spread(startup)}; bare Node ${spread(bare)}`,
    },
    {
      name: 'scan itself, start-up excluded (dist/ scanFiles + summarise timed inside the process)',
      value: innerRate,
      unit: 'lines/s',
      baseline: { name: `${awkName} (whole process)`, value: awkRate },
      target: { text: `at least ${awkName}'s throughput`, met: innerRate >= awkRate },
      note: `median of ${RUNS} runs: ${innerMs.toFixed(0)} ms; load ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    },
  ];
  if (cli.rssMb !== null)
    figures.push({
      name: 'scan peak resident memory (whole process)',
      value: cli.rssMb,
      unit: 'MB',
      lowerIsBetter: true,
      ...(awk.rssMb !== null ? { baseline: { name: awkName, value: awk.rssMb } } : {}),
      target: { text: `under ${RSS_TARGET_MB} MB`, met: cli.rssMb < RSS_TARGET_MB },
    });
  const goaccess = which('goaccess');
  if (goaccess) {
    const out = join(ROOT, '.tmp/bench/goaccess.json');
    const g = measure(goaccess, [
      file,
      '--log-format=W3C',
      '-o',
      out,
      '--no-progress',
      '--no-global-config',
    ]);
    figures.push({
      name: 'goaccess 1M-line IIS log to JSON (no substatus or win32)',
      value: LINES / g.seconds,
      unit: 'lines/s',
      baseline: { name: 'our scan (whole process)', value: cliRate },
      note: spread(g),
    });
  } else
    figures.push({
      name: 'goaccess',
      value: 0,
      unit: 'lines/s',
      note: 'not installed: skipped (logs-anchors section 1 measured about 45 k lines/s on a like machine)',
    });
  return figures;
}

const bench: Bench = () => measureAll();
export default bench;

/** One timed scan in a fresh process (argv: dist/w3c/index.js URL, file), as JSON. */
const CHILD = `
const [index, file] = process.argv.slice(1);
const { scanFiles, summarise } = await import(index);
const { PassThrough } = await import('node:stream');
const t0 = performance.now();
const summary = summarise(await scanFiles([file], new PassThrough()));
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, entries: summary.entries }) + '\\n');
`;

/**
 * DuckDB's count of the three code columns (argv: the file), as rows of strings. The bench log
 * has one layout (15 values, the triple at 11-13); lines starting with '#' are its directives.
 */
const DUCKDB = `
const { DuckDBInstance } = await import('@duckdb/node-api');
const file = process.argv[1];
const columns = Array.from({ length: 15 }, (_, i) => "'c" + i + "': 'VARCHAR'").join(', ');
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
const r = await c.runAndReadAll(
  "SELECT c11, c12, c13, count(*) FROM read_csv('" + file.replace(/'/g, "''") + "', delim = ' ', " +
    "header = false, comment = '#', quote = '', escape = '', auto_detect = false, " +
    'columns = {' + columns + '}) GROUP BY ALL',
);
process.stdout.write(JSON.stringify(r.getRows().map((row) => row.map(String))) + '\\n');
`;

let duckProblem = '';
/** True when @duckdb/node-api loads and runs here (a dev dependency with a native binding). */
function duckdbRuns(): boolean {
  const r = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', "await import('@duckdb/node-api')"],
    { cwd: ROOT, encoding: 'utf8' },
  );
  duckProblem = r.stderr.trim().split('\n').pop() ?? '';
  return r.status === 0;
}

const entry = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (entry === realpathSync(fileURLToPath(import.meta.url)))
  for (const f of await bench()) console.log(JSON.stringify(f));
