// start: the first answer in a terminal. `node bin/iis-triage.js explain 401.2`, the whole process
// as a user runs it after `npm ci` (the bin, the built CLI bundle, the knowledge snapshot), in turn
// with a bare `node -e 0` on the same machine in the same run. It builds first (npm run build).
// The issue's bar: within 3x of `node -e 0`.
// Run with the others (`npm run bench`) or alone (`npm run bench -- start`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildDist, buildSnapshots } from '../scripts/build.js';
import type { Figure } from './figure.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 21;
const TARGET = 3;

interface Cmd {
  name: string;
  args: string[];
}

/** User + system CPU time of this process's waited-for children, in ms (Linux; else null). */
function childrenCpuMs(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  // the fields after the command's closing parenthesis; cutime and cstime are fields 16 and 17
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10; // USER_HZ is 100 on Linux
}

interface Measured {
  wallMs: number;
  minMs: number;
  maxMs: number;
  cpuMs: number | null;
}

/**
 * The commands in turn, ROUNDS times after a warm-up each: the VM's speed drifts over seconds,
 * and one command's runs after the other's carried that drift into the ratio. Median wall time,
 * and mean CPU time (the kernel counts it in 10 ms ticks: a mean over many runs, not a median).
 */
function measureInTurn(cmds: Cmd[]): Measured[] {
  const runOnce = (c: Cmd): { ms: number; cpu: number | null } => {
    const cpu0 = childrenCpuMs();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { cwd: ROOT, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr.slice(-400)}`);
    const cpu1 = childrenCpuMs();
    return { ms, cpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
  };
  for (const c of cmds) runOnce(c);
  const runs = cmds.map(() => [] as { ms: number; cpu: number | null }[]);
  for (let i = 0; i < ROUNDS; i++) cmds.forEach((c, k) => runs[k]!.push(runOnce(c)));
  return runs.map((rs) => {
    const ms = rs.map((r) => r.ms).sort((a, b) => a - b);
    const cpus = rs.flatMap((r) => (r.cpu === null ? [] : [r.cpu]));
    const cpuMs = cpus.length === rs.length ? cpus.reduce((s, c) => s + c, 0) / cpus.length : null;
    return { wallMs: ms[Math.floor(ms.length / 2)]!, minMs: ms[0]!, maxMs: ms.at(-1)!, cpuMs };
  });
}

/**
 * Milliseconds of one step inside a fresh process (the per-module build in dist/), the median of
 * ROUNDS processes: cold code, as at a real start.
 */
function stepMs(script: string): number {
  const runs: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`step failed: ${r.stderr.slice(-400)}`);
    runs.push(Number(r.stdout.trim()));
  }
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
}

const LOAD = `const t0 = performance.now();
const m = await import('./dist/knowledge/load.js');`;

export default async function start(): Promise<Figure[]> {
  await buildDist();
  const snapshots = await buildSnapshots();
  const bare: Cmd = { name: 'node -e 0', args: ['-e', '0'] };
  const explain: Cmd = { name: 'explain 401.2', args: ['bin/iis-triage.js', 'explain', '401.2'] };
  const [b, e] = measureInTurn([bare, explain]) as [Measured, Measured];
  const ratio = e.wallMs / b.wallMs;
  const spread = (m: Measured) => `${m.minMs.toFixed(0)}-${m.maxMs.toFixed(0)} ms`;
  const figures: Figure[] = [
    {
      name: '`node bin/iis-triage.js explain 401.2`, whole process (built, knowledge snapshot)',
      value: e.wallMs,
      unit: 'ms',
      baseline: { name: '`node -e 0`', value: b.wallMs },
      lowerIsBetter: true,
      target: { text: `within ${TARGET}x of node -e 0`, met: ratio <= TARGET },
      note: `medians of ${ROUNDS} in turn: ${spread(e)} and ${spread(b)}; ${snapshots.join('; ')}`,
    },
  ];
  if (e.cpuMs !== null && b.cpuMs !== null)
    figures.push({
      name: 'the same, CPU time (user + system, all threads)',
      value: e.cpuMs,
      unit: 'ms',
      baseline: { name: '`node -e 0`', value: b.cpuMs },
      lowerIsBetter: true,
      note: `means of ${ROUNDS}; less sensitive than wall time to other work on the machine`,
    });
  // where the time goes: the knowledge (from the snapshot, and from the files as without one),
  // and the engine's first turn
  const fromSnapshot = stepMs(`${LOAD}
const k = await m.loadKnowledge(); if (!k.entries.length) process.exit(1);
console.log(performance.now() - t0);`);
  const fromFiles = stepMs(`${LOAD}
const k = await m.compileKnowledge(); if (!k.entries.length) process.exit(1);
console.log(performance.now() - t0);`);
  // the engine's first turn: with the ranking's indexes from their snapshot, and built as
  // without one; on a code alone and on prose (whose words need the indexes and the detectors)
  const turnMs = (load: string, message: string): number =>
    stepMs(`const { ${load} } = await import('./dist/${load === 'loadKnowledge' ? 'knowledge' : 'match'}/load.js');
const { initialState, turn } = await import('./dist/dialog/index.js');
const k = await ${load}();
const t0 = performance.now();
turn(initialState(), ${JSON.stringify(message)}, k);
console.log(performance.now() - t0);`);
  const PROSE = 'users get a login prompt and then 401.1 when they use the FQDN from Chrome';
  const turns = ['401.2', PROSE].map((message) => ({
    message,
    restored: turnMs('loadKnowledgeWithIndexes', message),
    built: turnMs('loadKnowledge', message),
  }));
  figures.push(
    {
      name: 'knowledge load in a fresh process (the loader imported too), from the snapshot',
      value: fromSnapshot,
      unit: 'ms',
      baseline: { name: 'from the files (YAML, zod, cross-checks)', value: fromFiles },
      lowerIsBetter: true,
      note: `medians of ${ROUNDS}`,
    },
    ...turns.map((t) => ({
      name: `the engine's first turn on ${JSON.stringify(t.message.length > 20 ? `${t.message.slice(0, 20)}…` : t.message)} in a fresh process, indexes from their snapshot`,
      value: t.restored,
      unit: 'ms',
      baseline: { name: 'indexes built on the turn', value: t.built },
      lowerIsBetter: true,
      note: `medians of ${ROUNDS}; \`node -e 0\` took ${b.wallMs.toFixed(0)} ms whole`,
    })),
  );
  return figures;
}
