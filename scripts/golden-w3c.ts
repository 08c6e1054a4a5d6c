// Rewrites the golden files of test/fixtures/w3c/: each <case>.log beside <case>.expected.json,
// what the scan makes of it. Run it only on purpose (`npx tsx scripts/golden-w3c.ts`), after a
// change to what a scan counts, and review the diff of the .expected.json files: it is the
// change in behaviour. `--logs` writes the logs again too (from fixed seeds).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { goldenOf, scanBytes } from '../test/w3c/helpers.js';
import { FIELDS, logArb, stamp } from '../test/w3c/odd-logs.js';

const DIR = fileURLToPath(new URL('../test/fixtures/w3c/', import.meta.url));

/** 25 generated logs one after another (each with its own header block). */
const sample = (twists: boolean, seed: number): Buffer =>
  Buffer.concat(
    fc.sample(logArb(twists), { seed, numRuns: 25 }).flatMap((b) => [b, Buffer.from('\n')]),
  );

const head = `#Fields: ${FIELDS.join(' ')}\n`;
const at = (sec: number) => stamp(sec).join(' ');

/** Runs of 63, 64, 65 and 130 legs, each followed by a success (which ends only the shortest). */
function legRuns(): Buffer {
  let text = head;
  let sec = 3600;
  for (const legs of [63, 64, 65, 130]) {
    for (let i = 0; i < legs; i++)
      text += `${at(sec + Math.floor(i / 20))} 10.0.0.21 GET /app - 443 - 10.0.0.1 curl/8 - ${i === 0 ? '401 2 5' : '401 1 0'} 5\n`;
    text += `${at(sec + Math.floor(legs / 20))} 10.0.0.21 GET /app - 443 - 10.0.0.1 curl/8 - 200 0 0 5\n`;
    sec += 100;
  }
  return Buffer.from(text);
}

/** Handshakes from clients whose values are longer than a sequence record keeps in place. */
function longClients(): Buffer {
  let text = head;
  for (let i = 0; i < 400; i++) {
    const client = `client-${'x'.repeat(40 + (i % 7) * 20)}-${i % 13}`;
    const triple = ['401 2 5', '401 1 0', '200 0 0', '401 1 1326'][i % 4];
    text += `${at(3600 + i)} 10.0.0.21 GET /app - 443 bob ${client} Mozilla/5.0 - ${triple} 5\n`;
  }
  return Buffer.from(text);
}

const CASES: Record<string, () => Buffer> = {
  'odd-lines-1': () => sample(true, 1),
  'odd-lines-2': () => sample(true, 2),
  'odd-lines-3': () => sample(true, 3),
  'odd-lines-4': () => sample(true, 4),
  'plain-lines': () => sample(false, 5),
  'leg-runs': legRuns,
  'long-clients': longClients,
};

mkdirSync(DIR, { recursive: true });
const logs = process.argv.includes('--logs');
for (const [name, make] of Object.entries(CASES)) {
  const log = join(DIR, `${name}.log`);
  if (logs || !existsSync(log)) writeFileSync(log, make());
  const golden = goldenOf(scanBytes(readFileSync(log)));
  writeFileSync(join(DIR, `${name}.expected.json`), `${JSON.stringify(golden, null, 1)}\n`);
  console.log(`${name}: written`);
}
