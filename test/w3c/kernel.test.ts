import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScanKernel } from '../../src/w3c/load.js';
import { W3cReader } from '../../src/w3c/reader.js';
import type { ScanState } from '../../src/w3c/state.js';
import { KernelTally } from '../../src/w3c/kernel.js';
import type { TopCounts } from '../../src/w3c/top-k.js';
import { generate, hasGenerator, kernel, scanBytes } from './helpers.js';

/** A ScanState as plain data in a canonical order (map order is not part of the result). */
function canonical(s: ScanState): unknown {
  const top = (t: TopCounts) => ({
    rows: Array.from({ length: t.size }, (_, r) => [t.keys[r], t.counts[r], t.labels[r]]),
    dropped: t.dropped,
  });
  const walk = (v: unknown): unknown => {
    if (v instanceof Map)
      return [...v.entries()]
        .map(([k, x]) => [String(k), walk(x)] as const)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (v instanceof Set) return [...v].map(String).sort();
    if (v !== null && typeof v === 'object' && 'index' in v && 'labels' in v)
      return top(v as TopCounts);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(s);
}

const both = (bytes: Buffer, chunk: number) => ({
  kernel: canonical(scanBytes(bytes, chunk, true)),
  reader: canonical(scanBytes(bytes, chunk, false)),
});

// ---------------------------------------------------------------- generated logs

const FIELDS = [
  'date',
  'time',
  's-ip',
  'cs-method',
  'cs-uri-stem',
  'cs-uri-query',
  's-port',
  'cs-username',
  'c-ip',
  'cs(User-Agent)',
  'cs(Referer)',
  'sc-status',
  'sc-substatus',
  'sc-win32-status',
  'time-taken',
];
const TRIPLE = ['sc-status', 'sc-substatus', 'sc-win32-status'];

/** A #Fields layout: the usual one, a shuffled one, or one without some columns. */
const layoutArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(FIELDS) },
  { weight: 2, arbitrary: fc.shuffledSubarray(FIELDS, { minLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc
      .shuffledSubarray(
        FIELDS.filter((f) => !TRIPLE.includes(f)),
        { minLength: 1 },
      )
      .map((f) => [...f, 'cs-uri', ...TRIPLE]),
  },
);

const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
/** Statuses weighted toward handshakes: challenge, middle leg, success, failures. */
const tripleArb = fc.oneof(
  { weight: 6, arbitrary: pick('200 0 0', '304 0 0', '401 2 5', '401 1 2148074254', '401 1 0') },
  {
    weight: 2,
    arbitrary: pick('401 1 1326', '401 1 2148074248', '403 14 0', '401 3 5', '404 0 2'),
  },
  { weight: 1, arbitrary: pick('500 19 13', '401 2 2148074254', '200 0 64', '302 0 0', '401 0 0') },
  // the odd ones: not logged, not a number, out of range, huge, negative
  {
    weight: 1,
    arbitrary: pick(
      '- - -',
      '401 x 5',
      '99 0 0',
      '401 2000 5',
      '401 1 4294967295',
      '401 1 -1073741715',
      '401 1 99999999999',
      '0401 02 05',
    ),
  },
);
const valueArb = (field: string): fc.Arbitrary<string> => {
  switch (field) {
    case 'c-ip':
      return pick('10.0.0.1', '10.0.0.2', '10.0.0.3', '::1', '-');
    case 'cs-uri-stem':
      return pick('/app', '/app/x.aspx', '/owa/', '/');
    case 'cs-uri':
      return pick('/app?x=1', '/app', '/owa/?a=b&c=d', '/?');
    case 'cs-username':
      return pick('-', 'CONTOSO\\ann', 'bob', 'Ann');
    case 'cs(User-Agent)':
      return pick('Mozilla/5.0+(Windows)', 'curl/8.0', 'Mozilla/5.0+(X11)', '-');
    default:
      return pick('-', 'GET', '443', '10.0.0.21', 'x=1', '12');
  }
};

/** Something that makes a line odd for the kernel (the reader must handle it instead). */
const twistArb = pick(
  (l: string) => l.replace(' ', '  '),
  (l: string) => l.replace(' ', '\t'),
  (l: string) => `${l} extra`,
  (l: string) => l.slice(0, l.lastIndexOf(' ')),
  (l: string) => l.replace('-', '"a ""b"""'),
  (l: string) => l.replace('/', '/ü'),
  (l: string) => `${l}\r`,
  (l: string) => ` ${l} `,
  (l: string) => l.replace(' ', '\u0001'),
  (l: string) => l.replace(/\d\d:\d\d:\d\d/, '25:00:00'),
  (l: string) => l.replace(/\d{4}-\d\d-\d\d/, '2024-02-31'),
  (_l: string) => '',
  (_l: string) => '#Remark: hello',
  (_l: string) => '#Date: 2024-05-01 00:00:00',
);

const SESSIONS = [
  {
    'c-ip': '10.0.0.1',
    'cs-uri-stem': '/app',
    'cs-uri': '/app?x=1',
    'cs(User-Agent)': 'Mozilla/5.0+(Windows)',
  },
  { 'c-ip': '10.0.0.2', 'cs-uri-stem': '/owa/', 'cs-uri': '/owa/', 'cs(User-Agent)': 'curl/8.0' },
  {
    'c-ip': '10.0.0.1',
    'cs-uri-stem': '/app',
    'cs-uri': '/app?y=2',
    'cs(User-Agent)': 'Mozilla/5.0+(X11)',
  },
];

interface Step {
  seconds: number;
  session: number | null;
  triple: string;
  values: Record<string, string>;
  twist: ((l: string) => string) | null;
}
const stepArb: fc.Arbitrary<Step> = fc.record({
  seconds: fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0, max: 2 }) },
    { weight: 3, arbitrary: fc.integer({ min: 3, max: 7 }) },
    { weight: 1, arbitrary: fc.integer({ min: -30, max: 30 }) },
    { weight: 1, arbitrary: fc.integer({ min: -100_000, max: 100_000 }) },
  ),
  triple: tripleArb,
  // mostly one of a few sessions (client, URL and user agent together), so handshakes form
  session: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 5 }),
  values: fc.record(
    Object.fromEntries(
      ['c-ip', 'cs-uri-stem', 'cs-uri', 'cs-username', 'cs(User-Agent)', 'other'].map((f) => [
        f,
        valueArb(f),
      ]),
    ),
  ),
  twist: fc.option(twistArb, { freq: 8 }),
});

const pad = (n: number) => String(n).padStart(2, '0');
const stamp = (sec: number): [string, string] => {
  const d = new Date(Date.UTC(2024, 2, 10) + sec * 1000);
  return [
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  ];
};

const logArb = fc
  .record({
    blocks: fc.array(
      fc.record({ layout: layoutArb, steps: fc.array(stepArb, { maxLength: 60 }) }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
    crlf: fc.boolean(),
    finalNewline: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ blocks, crlf, finalNewline, bom }) => {
    const lines: string[] = [];
    let t = 3600;
    for (const { layout, steps } of blocks) {
      lines.push(
        '#Software: Microsoft Internet Information Services 10.0',
        `#Fields: ${layout.join(' ')}`,
      );
      for (const s of steps) {
        t += s.seconds;
        const [date, time] = stamp(t);
        const [status, sub, win32] = s.triple.split(' ');
        const value = (f: string): string => {
          if (f === 'date') return date;
          if (f === 'time') return time;
          if (f === 'sc-status') return status!;
          if (f === 'sc-substatus') return sub!;
          if (f === 'sc-win32-status') return win32!;
          if (s.session !== null) {
            const v = (SESSIONS[s.session] as Record<string, string>)[f];
            if (v !== undefined) return v;
          }
          return s.values[f] ?? s.values.other!;
        };
        const line = layout.map(value).join(' ');
        lines.push(s.twist ? s.twist(line) : line);
      }
    }
    const text = lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? (crlf ? '\r\n' : '\n') : '');
    return Buffer.from((bom ? '\ufeff' : '') + text, 'utf8');
  });

describe('the scan kernel', () => {
  it('is built, and counts the plain lines itself', () => {
    expect(loadScanKernel().problem).toBeNull();
    const text = readFileSync(generate(['--lines', '3000', '--seed', '5']));
    const tally = new KernelTally(kernel());
    const reader = new W3cReader(tally);
    reader.push(text);
    reader.end();
    tally.handshakes.finish();
    const state = tally.flush();
    expect(state.entries).toBe(3000);
    // every entry line but those of the first chunk's header block
    expect(tally.kernelLines).toBeGreaterThan(2900);
  });

  it("gives the reader's counts exactly on generated logs, whatever the chunks", () => {
    fc.assert(
      fc.property(logArb, fc.constantFrom(0, 1, 3, 17, 200, 4096), (bytes, chunk) => {
        const { kernel: k, reader } = both(bytes, chunk);
        expect(k).toEqual(reader);
      }),
      { numRuns: 500 },
    );
  });

  it("gives the reader's counts on lines past 64 KiB, in one piece and across chunks", () => {
    const head = `#Fields: ${FIELDS.join(' ')}\n`;
    const ok = '2024-03-10 10:00:00 10.0.0.21 GET /app - 443 - 10.0.0.1 curl/8 - 200 0 0 5\n';
    const long = `2024-03-10 10:00:01 10.0.0.21 GET /${'a'.repeat(70_000)} - 443 - 10.0.0.1 curl/8 - 401 2 5 5\n`;
    const huge = `${'b'.repeat(1_300_000)}\n`;
    const bytes = Buffer.from(head + ok + long + ok + huge + ok);
    for (const chunk of [0, 1000, 65_536, 1 << 20]) {
      const { kernel: k, reader } = both(bytes, chunk);
      expect(k).toEqual(reader);
    }
    expect(scanBytes(bytes).skipped).toBe(2);
  });
});

describe('the scan kernel on the bounds of its tables', () => {
  const head = `#Fields: ${FIELDS.join(' ')}\n`;
  const at = (sec: number) => stamp(sec).join(' ');
  const line = (sec: number, uri: string, agent: string, triple: string, client = '10.0.0.1') =>
    `${at(sec)} 10.0.0.21 GET ${uri} - 443 - ${client} ${agent} - ${triple} 5\n`;

  it('prunes a top list past 1,600 values as the reader does (heaviest kept, ties in order)', () => {
    let text = head;
    // 2,500 URLs, most seen once or twice (ties), a few many times, over 401 and 403 lists
    for (let i = 0; i < 6000; i++) {
      const url = i % 7 === 0 ? `/hot/${i % 5}` : `/cold/${i % 2500}`;
      text += line(
        3600 + Math.floor(i / 3),
        url,
        `agent/${i % 1900}`,
        i % 4 ? '401 1 1326' : '403 14 0',
      );
    }
    const bytes = Buffer.from(text);
    for (const chunk of [0, 4096]) {
      const { kernel: k, reader } = both(bytes, chunk);
      expect(k).toEqual(reader);
    }
    const urls = scanBytes(bytes).details.get('401 1 1326')!.urls;
    expect(urls.dropped).toBeGreaterThan(0);
  });

  it('closes a sequence at 64 legs as the reader does', () => {
    let text = head;
    // runs of 63, 64 and 65 legs, each followed by a success (which ends only the shortest)
    let sec = 3600;
    for (const legs of [63, 64, 65, 130]) {
      for (let i = 0; i < legs; i++)
        text += line(sec + Math.floor(i / 20), '/app', 'curl/8', i === 0 ? '401 2 5' : '401 1 0');
      text += line(sec + Math.floor(legs / 20), '/app', 'curl/8', '200 0 0');
      sec += 100;
    }
    const bytes = Buffer.from(text);
    const { kernel: k, reader } = both(bytes, 0);
    expect(k).toEqual(reader);
    expect(scanBytes(bytes).handshakes.failed).toBeGreaterThan(3);
  });
});

describe('the scan kernel on odd clients', () => {
  it("keeps long client values of handshakes (past the record's own room) as the reader does", () => {
    let text = `#Fields: ${FIELDS.join(' ')}\n`;
    for (let i = 0; i < 400; i++) {
      const client = `client-${'x'.repeat(40 + (i % 7) * 20)}-${i % 13}`;
      const [date, time] = stamp(3600 + i);
      const triple = ['401 2 5', '401 1 0', '200 0 0', '401 1 1326'][i % 4];
      text += `${date} ${time} 10.0.0.21 GET /app - 443 bob ${client} Mozilla/5.0 - ${triple} 5\n`;
    }
    const bytes = Buffer.from(text);
    const { kernel: k, reader } = both(bytes, 0);
    expect(k).toEqual(reader);
    expect(scanBytes(bytes).clients.size).toBe(13 * 7);
  });
});

describe.skipIf(!hasGenerator)(
  "the scan kernel on the shared generator's logs (skipped without it)",
  () => {
    it.each([
      ['--lines', '20000', '--seed', '11'],
      ['--lines', '20000', '--seed', '12', '--fields-change'],
      ['--lines', '20000', '--seed', '13', '--format', 'iis6'],
    ])("gives the reader's counts for %s %s %s %s %s %s", (...args) => {
      const bytes = readFileSync(generate(args));
      for (const chunk of [0, 65_536, 1_000_003]) {
        const { kernel: k, reader } = both(bytes, chunk);
        expect(k).toEqual(reader);
      }
    });
  },
);
