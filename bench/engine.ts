// Engine figures: explain latency per message (p50/p99) on the dev cases, and knowledge load +
// index build time; each against a baseline measured in the same run.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../src/analysis.js';
import { firstRankInput } from '../src/dialog/index.js';
import { readMessage } from '../src/extract/index.js';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledge } from '../src/knowledge/index.js';
import { getMatcher, rankCauses } from '../src/match/index.js';
import type { Figure } from './figure.js';

const DEV = new URL('../../shared/eval/dev-cases.jsonl', import.meta.url);

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

const readAllFiles = (dir: string): number => {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? readAllFiles(p) : readFileSync(p, 'utf8').length;
  }
  return n;
};

export default async function engine(): Promise<Figure[]> {
  // knowledge load + index build, cold each time (fresh objects; the matcher cache is per object)
  const loads: number[] = [];
  const raws: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    readAllFiles(DEFAULT_KNOWLEDGE_DIR);
    raws.push(performance.now() - t);
    t = performance.now();
    const k = await loadKnowledge();
    getMatcher(k);
    loads.push(performance.now() - t);
  }
  const knowledge = await loadKnowledge();
  getMatcher(knowledge);
  const figures: Figure[] = [
    {
      name: 'knowledge load + index build (median of 5)',
      value: quantile(loads, 0.5),
      unit: 'ms',
      baseline: { name: 'reading the same files raw', value: quantile(raws, 0.5) },
      lowerIsBetter: true,
      target: { text: '< 300 ms', met: quantile(loads, 0.5) < 300 },
    },
  ];

  let messages: string[];
  try {
    messages = readFileSync(DEV, 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { message: string }).message);
  } catch {
    return [
      ...figures,
      { name: 'explain latency', value: NaN, unit: 'ms', note: '../shared/eval absent: skipped' },
    ];
  }
  for (const m of messages) analyse(m, knowledge); // warm-up
  const matcher = getMatcher(knowledge);
  const full: number[] = [];
  const readOnly: number[] = [];
  const ranking: number[] = [];
  for (let r = 0; r < 20; r++) {
    for (const m of messages) {
      let t = performance.now();
      const findings = readMessage(m, knowledge.reference);
      readOnly.push(performance.now() - t);
      const input = firstRankInput(findings);
      t = performance.now();
      rankCauses(matcher, input);
      ranking.push(performance.now() - t);
      t = performance.now();
      analyse(m, knowledge);
      full.push(performance.now() - t);
    }
  }
  /** p50 and p99 of one stage against the reader alone, the p99 against its bar. */
  const latency = (name: string, times: number[], p99Bar: number): Figure[] => {
    const p99 = quantile(times, 0.99);
    return [
      {
        name: `${name} p50 per message (${messages.length} dev cases x 20)`,
        value: quantile(times, 0.5),
        unit: 'ms',
        baseline: { name: 'reader alone p50', value: quantile(readOnly, 0.5) },
        lowerIsBetter: true,
      },
      {
        name: `${name} p99 per message`,
        value: p99,
        unit: 'ms',
        baseline: { name: 'reader alone p99', value: quantile(readOnly, 0.99) },
        lowerIsBetter: true,
        target: { text: `p99 < ${p99Bar} ms`, met: p99 < p99Bar },
      },
    ];
  };
  figures.push(
    ...latency('explain', full, 5),
    ...latency('ranking (learned model on the read message)', ranking, 2),
  );
  return figures;
}
