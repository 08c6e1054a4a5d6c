// The learned ranking, for people who change the knowledge:
//   npm run train                   trains on the knowledge's samples -> knowledge/ranking.json
//   npm run eval                    plain and leave-source-out scores, and simulated conversations
//   npm run eval -- --grid '[{"l2Terms":0.01},{"l2Terms":0.1}]'   compare settings by CV
//   npm run eval -- --confusions [ID,ID]   which held-out cases went to which wrong entry
// Labelled case files (../shared/eval/dev-cases.jsonl and real-cases.jsonl when present, and
// LOCAL_CASES) are scored; the shipped model learns only from this repository's knowledge.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../src/knowledge/index.js';
import { knowledgeArtefact, writeSnapshot } from '../src/knowledge/load.js';
import type { Knowledge } from '../src/knowledge/schema.js';
import {
  crossValidate,
  DEFAULT_SETTINGS,
  fitTemperature,
  knowledgeCases,
  metricsOf,
  orderOf,
  parseCaseFile,
  prepareCases,
  scoreAll,
  shareOf,
  simulateConversation,
  trainModel,
  type HeldOut,
  type LabelledCase,
  type PreparedCase,
  type TrainSettings,
} from '../src/learn/index.js';
import { buildMatcher, modelToData, type Model } from '../src/match/index.js';

const { values } = parseArgs({
  options: {
    eval: { type: 'boolean', default: false },
    grid: { type: 'string' },
    folds: { type: 'string', default: '10' },
    answers: { type: 'string', default: '2' },
    'with-cases': { type: 'boolean', default: false },
    confusions: { type: 'string' },
    reliability: { type: 'boolean', default: false },
  },
});

const OUT = fileURLToPath(new URL('../knowledge/ranking.json', import.meta.url));
const SHARED = fileURLToPath(new URL('../../shared/eval/', import.meta.url));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`.padStart(6);
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(1)} s`;

const knowledge = await loadKnowledge();
const base: Knowledge = { ...knowledge, ranking: undefined };
const matcher = buildMatcher(base);
const samples = prepareCases(matcher, knowledgeCases(base));

/** Labelled case files to score: the shared dev and real cases, and LOCAL_CASES. */
const caseSets = (): Record<string, PreparedCase[]> => {
  const paths: Record<string, string> = {
    dev: `${SHARED}dev-cases.jsonl`,
    real: `${SHARED}real-cases.jsonl`,
  };
  if (process.env.LOCAL_CASES) paths.local = process.env.LOCAL_CASES;
  const out: Record<string, PreparedCase[]> = {};
  for (const [name, path] of Object.entries(paths)) {
    if (!existsSync(path)) continue;
    const { cases, problems } = parseCaseFile(readFileSync(path, 'utf8'), base);
    if (problems.length)
      console.error(`${path}: ${problems.length} lines not used (${problems[0]})`);
    out[name] = prepareCases(matcher, cases);
  }
  return out;
};

const train = (settings: TrainSettings): Model => trainModel(matcher, samples, settings);

if (!values.eval) {
  const started = performance.now();
  const model = train(DEFAULT_SETTINGS);
  writeFileSync(
    OUT,
    `${JSON.stringify(modelToData(model, { settings: DEFAULT_SETTINGS, samples: samples.length }))}\n`,
  );
  console.log(
    `trained on ${samples.length} samples in ${seconds(started)}: ${model.termIndex.size} terms × ${model.classes.length} entries -> knowledge/ranking.json`,
  );
  // the knowledge snapshot holds the ranking: refresh it so the next start stays fast
  await writeSnapshot(knowledgeArtefact());
  process.exit(0);
}

const sets = caseSets();
const everything = [...samples, ...Object.values(sets).flat()];
const trainable = (c: PreparedCase) => values['with-cases'] || c.case.origin === 'sample';
const setOf = (p: PreparedCase): string =>
  p.case.origin === 'sample'
    ? 'samples'
    : (Object.keys(sets).find((k) => sets[k]!.includes(p)) ?? '?');
const line = (label: string, rows: readonly HeldOut[], t: number, extra = ''): string => {
  const m = metricsOf(rows, t);
  return `  ${label.padEnd(26)} n=${String(m.n).padStart(4)}  top-1 ${pct(m.top1)}  top-3 ${pct(m.top3)}  log-loss ${m.logLoss.toFixed(3)}${extra}`;
};

/** Top-1 after 0..answers simulated answers, for the cases of one set, with `knowledgeFor(case)`. */
const conversations = (
  rows: readonly PreparedCase[],
  knowledgeFor: (c: LabelledCase) => Knowledge,
): string => {
  const n = Number(values.answers);
  const right = new Array<number>(n + 1).fill(0);
  for (const p of rows) {
    const tops = simulateConversation(knowledgeFor(p.case), p.case, n);
    tops.forEach((id, i) => (right[i]! += id && p.case.ok.includes(id) ? 1 : 0));
  }
  return right.map((r, i) => `after ${i}: ${pct(r / Math.max(1, rows.length))}`).join('  ');
};

const grid: TrainSettings[] = values.grid
  ? (JSON.parse(values.grid) as Partial<TrainSettings>[]).map((g) => ({
      ...DEFAULT_SETTINGS,
      ...g,
    }))
  : [DEFAULT_SETTINGS];

for (const settings of grid) {
  const started = performance.now();
  console.log(
    `\nsettings ${JSON.stringify(settings)}${values['with-cases'] ? ' (trained on case files too)' : ''}`,
  );
  const { held, folds } = crossValidate(
    matcher,
    everything,
    trainable,
    settings,
    Number(values.folds),
  );
  const t = fitTemperature(held.filter((h) => h.prepared.case.origin === 'sample'));
  const tCases = fitTemperature(held.filter((h) => h.prepared.case.origin === 'file'));
  console.log(
    `leave-source-out cross-validation, ${values.folds} folds (temperature fitted on held-out samples: ${t.toFixed(2)}, on held-out case files: ${tCases.toFixed(2)}):`,
  );
  for (const name of ['samples', ...Object.keys(sets)]) {
    const rows = held.filter((h) => setOf(h.prepared) === name);
    const knowledgeFor = (c: LabelledCase): Knowledge => ({
      ...base,
      ranking: modelToData({ ...folds.models[folds.fold.get(c.group)!]!, temperature: t }, {}),
    });
    const talk =
      name === 'samples'
        ? ''
        : `  | ${conversations(
            rows.map((h) => h.prepared),
            knowledgeFor,
          )}`;
    console.log(line(name, rows, t, talk));
  }
  console.log(`  (${seconds(started)})`);
  if (values.confusions !== undefined) printConfusions(held, values.confusions);
  if (values.reliability) printReliability(held, t);
}

/**
 * Held-out cases whose top cause was wrong, counted by (wanted -> given), most frequent first;
 * `only` limits it to the entries named (comma-separated; empty: all).
 */
function printConfusions(held: readonly HeldOut[], only: string): void {
  const want = new Set(only.split(',').filter(Boolean));
  const ids = matcher.entries.map((e) => e.id);
  const pairs = new Map<string, string[]>();
  for (const h of held) {
    const top = orderOf(h.scores)[0]!;
    if (h.prepared.ok.includes(top)) continue;
    const wanted = ids[h.prepared.ok[0]!]!;
    if (want.size && !want.has(wanted) && !want.has(ids[top]!)) continue;
    const key = `${wanted} -> ${ids[top]}`;
    pairs.set(key, [...(pairs.get(key) ?? []), h.prepared.case.id]);
  }
  console.log('\nconfusions of held-out cases (wanted -> ranked first: cases):');
  for (const [k, v] of [...pairs].sort((a, b) => b[1].length - a[1].length).slice(0, 40))
    console.log(`  ${k}: ${v.length} (${v.slice(0, 4).join(', ')}${v.length > 4 ? ', …' : ''})`);
}

// the plain figure: the model as shipped (trained on every sample) on each case set
const shipped: Knowledge = { ...base, ranking: modelToData(train(DEFAULT_SETTINGS), {}) };
const plain = buildMatcher(shipped);
console.log('\nplain (the model trained on every sample, as `npm run train` ships it):');
for (const [name, rows] of Object.entries(sets)) {
  const talk = `  | ${conversations(rows, () => shipped)}`;
  console.log(line(name, scoreAll(plain, rows), DEFAULT_SETTINGS.temperature, talk));
}

/**
 * How often the top cause is right at each level of shown confidence (held-out samples and cases
 * apart): what the dialogue's cut-offs (src/dialog/cutoffs.ts) stand on.
 */
function printReliability(held: readonly HeldOut[], t: number): void {
  const edges = [0, 0.3, 0.4, 0.5, 0.65, 0.8, 0.9, 1.01];
  console.log('\nreliability (top confidence: held-out n, top-1 right):');
  for (const origin of ['sample', 'file'] as const) {
    const bins = edges.slice(1).map(() => ({ n: 0, right: 0 }));
    for (const h of held.filter((x) => x.prepared.case.origin === origin)) {
      const top = orderOf(h.scores)[0]!;
      const p = shareOf(h.scores, [top], t);
      const b = bins[edges.findIndex((e, i) => p >= e && p < edges[i + 1]!)]!;
      b.n++;
      if (h.prepared.ok.includes(top)) b.right++;
    }
    const cells = bins.map(
      (b, i) => `${edges[i]!.toFixed(2)}+: ${b.n} ${b.n ? pct(b.right / b.n) : '     -'}`,
    );
    console.log(`  ${origin === 'sample' ? 'samples' : 'cases  '}  ${cells.join(' | ')}`);
  }
}
