// What a user feels while others post big bodies: /healthz and a `help` message, timed one at a
// time every PROBE_EVERY_MS, first on the quiet server (the baseline, in the same run), then while
// FLOODERS clients post 1 MB bodies back to back, half to /api/triage and half to /api/messages.
import autocannon from 'autocannon';
import type { Figure } from './figure.js';

export const PASTE =
  'users get a login box on the intranet since this morning, this is from the log:\n' +
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/default.aspx - 80 - 10.0.0.23 ' +
  'Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36 - 401 1 1326 31';

const CONVERSATIONS = 1000;

/** A Teams message with deliveryMode expectReplies, in one of CONVERSATIONS conversations. */
export const activity = (n: number, text = `<at>iis-triage</at> ${PASTE}`): string =>
  JSON.stringify({
    type: 'message',
    id: `m-${n}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    timestamp: '2024-05-02T08:15:00.000Z',
    from: { id: `29:user-${n % CONVERSATIONS}`, name: 'Load Test', aadObjectId: `aad-${n}` },
    recipient: { id: '28:bot', name: 'iis-triage' },
    conversation: {
      id: `a:load-${n % CONVERSATIONS}`,
      conversationType: 'personal',
      tenantId: 't1',
    },
    channelData: { tenant: { id: 't1' } },
    locale: 'en-US',
    text,
    entities: [{ type: 'mention', text: '<at>iis-triage</at>', mentioned: { id: '28:bot' } }],
    deliveryMode: 'expectReplies',
  });

const FLOODERS = 4;
const PROBE_EVERY_MS = 50;
/** A paste of about 1 MB (the bodies stay under the routes' 1 MiB): log lines and prose. */
const BIG =
  `${PASTE}\nit started after we moved the site to a new app pool, Kerberos was fine before\n`
    .repeat(5_000)
    .slice(0, 1_000_000);

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

/** Asks `ask` every PROBE_EVERY_MS for `ms` (one at a time), and the milliseconds each took. */
const probe = async (ask: () => Promise<Response>, ms: number): Promise<number[]> => {
  const times: number[] = [];
  for (const end = performance.now() + ms; performance.now() < end;) {
    const t0 = performance.now();
    const res = await ask();
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`probe answered ${res.status}`);
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, Math.max(0, PROBE_EVERY_MS - (performance.now() - t0))));
  }
  return times;
};

export async function flood(port: number, seconds: number): Promise<Figure[]> {
  const base = `http://127.0.0.1:${port}`;
  let n = 1_000_000;
  const probes = (ms: number) =>
    Promise.all([
      probe(() => fetch(`${base}/healthz`), ms),
      probe(
        () =>
          fetch(`${base}/api/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: activity(n++, '<at>iis-triage</at> help'),
          }),
        ms,
      ),
    ]);
  const big = (path: string) =>
    autocannon({
      url: base,
      connections: FLOODERS / 2,
      duration: seconds,
      timeout: 60,
      requests: [
        {
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({
            ...req,
            body:
              path === '/api/triage'
                ? JSON.stringify({ message: BIG })
                : activity(n++, `<at>iis-triage</at> ${BIG}`),
          }),
        },
      ],
    });
  // the pool's thread starts on the first big body: started before anything is timed
  for (const [path, body] of [
    ['/api/triage', JSON.stringify({ message: BIG })],
    ['/api/messages', activity(n++, `<at>iis-triage</at> ${BIG}`)],
  ] as const) {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (!res.ok) throw new Error(`a 1 MB body to ${path} answered ${res.status}`);
    await res.arrayBuffer();
  }
  const [quietHealth, quietHelp] = await probes(Math.max(2_000, (seconds * 1000) / 2));
  const [triage, messages, [health, help]] = await Promise.all([
    big('/api/triage'),
    big('/api/messages'),
    probes(seconds * 1000),
  ]);
  const answered = triage.requests.total + messages.requests.total;
  const failed = triage.errors + triage.timeouts + triage.non2xx;
  const failedMessages = messages.errors + messages.timeouts + messages.non2xx;
  const during = `while ${FLOODERS} clients post 1 MB bodies to /api/triage and /api/messages`;
  const figure = (what: string, quiet: number[], flooded: number[]): Figure => ({
    name: `${what} p50 ${during}`,
    value: quantile(flooded, 0.5),
    unit: 'ms',
    baseline: { name: 'the same, quiet server', value: quantile(quiet, 0.5) },
    lowerIsBetter: true,
    target: { text: '< 50 ms', met: quantile(flooded, 0.5) < 50 },
    note: `p99 ${quantile(flooded, 0.99).toFixed(1)} ms (quiet ${quantile(quiet, 0.99).toFixed(1)} ms), ${flooded.length} probes`,
  });
  return [
    figure('/healthz', quietHealth, health),
    figure('"help" message', quietHelp, help),
    {
      name: `1 MB bodies answered ${during}`,
      value: answered / seconds,
      unit: 'req/s',
      note: `${answered} answered in ${seconds} s (triage ${triage.requests.total}, messages ${messages.requests.total}); errors + non-2xx: triage ${failed}, messages ${failedMessages}`,
    },
  ];
}
