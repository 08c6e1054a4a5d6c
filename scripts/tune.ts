// Sweeps the ranking constants (src/match/tuning.ts) over the dev cases and every entry's own
// samples together, and prints the calibration of the shown confidence. A tool for people: the
// product never tunes itself. Run: npx tsx scripts/tune.ts
import { readFileSync } from 'node:fs';
import { analyse } from '../src/analysis.js';
import { loadKnowledge } from '../src/knowledge/index.js';
import { TUNING } from '../src/match/index.js';

const base = await loadKnowledge();
const dev = (() => {
  try {
    return readFileSync(new URL('../../shared/eval/dev-cases.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map(
        (l) =>
          JSON.parse(l) as {
            message: string;
            expected: { cause: string | null; also_ok?: string[] };
          },
      )
      .map((c) => ({
        message: c.message,
        ok: [c.expected.cause, ...(c.expected.also_ok ?? [])].filter((x): x is string => !!x),
      }))
      .filter((c) => c.ok.length);
  } catch {
    return [];
  }
})();
const samples = base.entries.flatMap((e) =>
  e.samples.map((s) => ({ message: s.text, ok: [e.id] })),
);

const score = (cases: { message: string; ok: string[] }[]) => {
  const knowledge = { ...base }; // a new object gets a new matcher built with the current TUNING
  const rows = cases.map((c) => {
    const r = analyse(c.message, knowledge).causes;
    return {
      p: r[0]?.score ?? 0,
      top1: c.ok.includes(r[0]?.id ?? ''),
      top3: r.slice(0, 3).some((x) => c.ok.includes(x.id)),
    };
  });
  const n = Math.max(1, rows.length);
  const bins = [0, 0.2, 0.4, 0.6, 0.8, 1.01];
  let ece = 0;
  for (let i = 0; i < bins.length - 1; i++) {
    const b = rows.filter((x) => x.p >= (bins[i] ?? 0) && x.p < (bins[i + 1] ?? 1));
    if (!b.length) continue;
    const conf = b.reduce((s, x) => s + x.p, 0) / b.length;
    const acc = b.filter((x) => x.top1).length / b.length;
    ece += (b.length / n) * Math.abs(conf - acc);
  }
  return {
    top1: rows.filter((x) => x.top1).length / n,
    top3: rows.filter((x) => x.top3).length / n,
    ece,
  };
};

const fmt = (r: ReturnType<typeof score>) =>
  `top1 ${r.top1.toFixed(2)} top3 ${r.top3.toFixed(2)} ECE ${r.ece.toFixed(3)}`;
const original = structuredClone(TUNING);
const rows: string[] = [];
for (const phraseWeight of [2.4, 3.2, 4.0])
  for (const coverageFloor of [0.2, 0.25, 0.35])
    for (const minInformativeMass of [6, 8, 10]) {
      Object.assign(TUNING, { phraseWeight, coverageFloor, minInformativeMass });
      const d = score(dev);
      const s = score(samples);
      rows.push(
        `${(d.top1 + s.top1 + (d.top3 + s.top3) / 2).toFixed(3)}  pw=${phraseWeight} cf=${coverageFloor} mm=${minInformativeMass} | dev ${fmt(d)} | samples ${fmt(s)}`,
      );
    }
Object.assign(TUNING, original);
console.log(rows.sort().reverse().slice(0, 10).join('\n'));
for (const temperature of [1, 0.8, 0.6, 0.5]) {
  Object.assign(TUNING, { temperature });
  console.log(
    `temperature ${temperature}: dev ${fmt(score(dev))} | samples ${fmt(score(samples))}`,
  );
}
Object.assign(TUNING, original);
