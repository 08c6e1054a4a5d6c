// npm run bench [-- NAME...]: runs bench/<name>.ts modules and prints every figure beside the
// baseline measured in the same run (machines here are noisy: compare ratios, not absolutes).
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, Figure } from './figure.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'figure.ts'].includes(f) && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((n) => !wanted.length || wanted.includes(n))
  .sort();

const fmt = (v: number): string =>
  Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3);

const print = (suite: string, f: Figure) => {
  let line = `${suite.padEnd(8)} ${f.name}: ${fmt(f.value)} ${f.unit}`;
  if (f.baseline) {
    const ratio = f.value / f.baseline.value;
    line += ` | baseline ${f.baseline.name}: ${fmt(f.baseline.value)} ${f.unit} | ratio ${ratio.toFixed(2)}x`;
  }
  if (f.target) line += ` | target ${f.target.text}: ${f.target.met ? 'met' : 'NOT met'}`;
  if (f.note) line += ` (${f.note})`;
  console.log(line);
};

let failed = 0;
for (const name of names) {
  const mod = (await import(pathToFileURL(`${here}${name}.ts`).href)) as { default?: Bench };
  if (typeof mod.default !== 'function') continue;
  console.log(`\n== ${name}`);
  try {
    for (const f of await mod.default()) print(name, f);
  } catch (e) {
    failed++;
    console.log(`${name}: failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
process.exitCode = failed ? 1 : 0;
