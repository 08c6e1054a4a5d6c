// Feeds messages through analyse() and fails on the first one that throws (fast-check then
// shrinks it): real messages (dev cases, transcripts, the credential kinds of issue 17) mutated,
// cut, spliced, repeated past the size caps and mixed with junk, plus random text. Prints the
// slowest message and its time. Not part of npm test (a million messages take minutes).
// Run: npx tsx scripts/fuzz-analyse.ts [COUNT] [SEED]   (default 1,000,000, seed 17)
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { analyse } from '../src/analysis.js';
import { loadKnowledge } from '../src/knowledge/index.js';
import { mutatedMessage, realMessages } from '../test/fuzz/corpus.js';
import { SECRET_KINDS } from '../test/security/secret-kinds.js';

const COUNT = Number(process.argv[2] ?? 1_000_000);
const SEED = Number(process.argv[3] ?? 17);

const knowledge = await loadKnowledge();
const corpus = [...realMessages(), ...SECRET_KINDS.map((k) => k.line)];
const mutated = mutatedMessage(corpus);
// most messages chat-sized; one in 100 as generated (up to ~1 MB, past every cap)
const message = fc.oneof(
  { weight: 99, arbitrary: mutated.map((m) => m.slice(0, 4_000)) },
  { weight: 1, arbitrary: mutated },
);
// warm up (the matcher's index is built on first use, and the JIT has not run): not timed
for (const text of corpus) analyse(text, knowledge);

let runs = 0;
let chars = 0;
/** The slowest messages seen (wall-clock, so a busy machine adds noise: re-timed at the end). */
const TOP = 25;
let slowest: { ms: number; message: string }[] = [];
const times = new Float64Array(COUNT);
const started = performance.now();
fc.assert(
  fc.property(message, (text) => {
    const t = performance.now();
    analyse(text, knowledge);
    const ms = performance.now() - t;
    if (runs < COUNT) times[runs] = ms;
    runs++;
    chars += text.length;
    if (slowest.length < TOP || ms > slowest[slowest.length - 1]!.ms) {
      slowest = [...slowest, { ms, message: text }].sort((a, b) => b.ms - a.ms).slice(0, TOP);
    }
    if (runs % 100_000 === 0) {
      console.error(
        `${runs.toLocaleString('en-US')} messages, ${((performance.now() - started) / 1000).toFixed(0)} s`,
      );
    }
  }),
  { numRuns: COUNT, seed: SEED },
);
const seconds = (performance.now() - started) / 1000;
const sorted = Array.from(times.subarray(0, Math.min(runs, COUNT))).sort((a, b) => a - b);
const at = (q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const preview = (s: string): string =>
  JSON.stringify(s.length > 300 ? `${s.slice(0, 200)} … ${s.slice(-80)}` : s);
console.log(
  `${runs.toLocaleString('en-US')} messages (${(chars / 1e6).toFixed(0)} M characters) through analyse in ${seconds.toFixed(0)} s, seed ${SEED}: none threw`,
);
console.log(
  `per message: median ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(2)} ms, p99.99 ${at(0.9999).toFixed(1)} ms`,
);
// the candidates again, each the best of 5, so a pause of the machine is not taken for the input
const retimed = slowest
  .map(({ message: text }) => {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      analyse(text, knowledge);
      best = Math.min(best, performance.now() - t);
    }
    return { ms: best, message: text };
  })
  .sort((a, b) => b.ms - a.ms);
const worst = retimed[0]!;
console.log(
  `slowest (of the ${TOP} slowest in the run, each timed again, best of 5): ${worst.ms.toFixed(1)} ms for a message of ${worst.message.length.toLocaleString('en-US')} characters: ${preview(worst.message)}`,
);
