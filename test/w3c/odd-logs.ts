// Logs with odd lines, for the golden files of test/fixtures/w3c/ (scripts/golden-w3c.ts writes
// them once; the tests read the files): handshakes from a few sessions, shuffled and partial
// #Fields layouts, and lines twisted in the ways real logs are odd.
import fc from 'fast-check';

// ---------------------------------------------------------------- generated logs

export const FIELDS = [
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
const stepArb = (twists: boolean): fc.Arbitrary<Step> =>
  fc.record({
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
    twist: twists ? fc.option(twistArb, { freq: 8 }) : fc.constant(null),
  });

export const pad = (n: number) => String(n).padStart(2, '0');
export const stamp = (sec: number): [string, string] => {
  const d = new Date(Date.UTC(2024, 2, 10) + sec * 1000);
  return [
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
  ];
};

export const logArb = (twists = true) =>
  fc
    .record({
      blocks: fc.array(
        fc.record({ layout: layoutArb, steps: fc.array(stepArb(twists), { maxLength: 150 }) }),
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
