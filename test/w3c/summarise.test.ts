import { readFileSync, readdirSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { scanFiles } from '../../src/w3c/read.js';
import { renderScanReport } from '../../src/w3c/report.js';
import { scanText, summarise } from '../../src/w3c/summarise.js';
import type { ScanSummary } from '../../src/w3c/types.js';
import { causeIds, CAUSE_IDS, describeShared, GENERATOR, hasShared } from '../shared.js';
import { generate, kernel } from './helpers.js';

/** A log sent as text (a bot attachment), summarised as the Teams file answer does. */
const summariseText = (text: string, name?: string, k?: WebAssembly.Module): ScanSummary =>
  summarise(scanText(text, name, k));

describeShared(GENERATOR, 'summarise on a generated log', () => {
  let summary: ScanSummary;
  const file = (): string => generate(['--lines', '20000', '--seed', '3']);
  const get = async (): Promise<ScanSummary> =>
    (summary ??= summarise(await scanFiles([file()], new PassThrough())));

  it('ranks diagnoses by count and links each to a knowledge id', async () => {
    const s = await get();
    const ids = s.diagnoses.map((d) => d.id);
    for (const id of [
      'ntlm-handshake-normal',
      'wrong-credentials',
      'proxy-breaks-ntlm',
      'file-acl-missing',
      'isapi-cgi-denied',
      'dynamic-ip-restriction',
      'no-handler-directory-listing',
      'client-cert-required',
      'browser-autologon-zone',
    ])
      expect(ids).toContain(id);
    const counts = s.diagnoses.map((d) => d.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    if (hasShared(CAUSE_IDS)) {
      const known = new Set(causeIds());
      for (const id of ids) expect(known).toContain(id);
    }
  });

  it('says how many 401s are real: handshake legs and real failures add up to all 401s', async () => {
    const s = await get();
    const all401 = s.codes.filter((c) => c.status === 401).reduce((a, c) => a + c.count, 0);
    expect(s.verdict.total401).toBe(all401);
    expect(s.verdict.handshakeLegs + s.verdict.real).toBe(all401);
    expect(s.verdict.handshakeLegs).toBe(s.handshakes.legs);
    expect(s.verdict.text).toMatch(
      /^[\d,]+ of the [\d,]+ 401 responses \([\d.]+%\) are real failures/,
    );
    const normal = s.diagnoses.find((d) => d.id === 'ntlm-handshake-normal')!;
    expect(normal.detail).toMatch(
      /^[\d,]+ of the [\d,]+ 401\.2 entries are the first leg of handshakes that then succeeded/,
    );
    expect(normal.kind).toBe('normal');
  });

  it('notices the password sprays the generator writes (many user names from one client)', async () => {
    const s = await get();
    const creds = s.diagnoses.find((d) => d.id === 'wrong-credentials')!;
    expect(creds.detail).toMatch(
      /tried 10 or more user names \(.+: \d+ names\), the pattern of a password spray/,
    );
    expect(creds.codes.map((c) => c.win32).sort()).toEqual([1326, 2148074252]);
  });

  it('gives top URLs, users, clients and user agents for each 401 and 403 code', async () => {
    const s = await get();
    expect(s.details.every((d) => d.status === 401 || d.status === 403)).toBe(true);
    const bad = s.details.find((d) => d.status === 401 && d.substatus === 1 && d.win32 === 1326)!;
    expect(bad.users.length).toBe(5);
    expect(bad.userAgents.every((u) => !u.value.includes('+'))).toBe(true);
    const sum = (rows: { count: number }[]): number => rows.reduce((a, r) => a + r.count, 0);
    expect(sum(bad.clients)).toBeLessThanOrEqual(bad.count);
    expect(s.busiestMinutes).toHaveLength(5);
    expect(s.timeRange!.first < s.timeRange!.last).toBe(true);
  });

  it('is plain JSON (no Maps or Sets) and the same from text as from the file', async () => {
    const s = await get();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    // as a bot reads an attachment
    expect(summariseText(readFileSync(file(), 'utf8'), file(), kernel())).toEqual(s);
  });

  it('renders a terminal report no wider than asked, apart from the query lines', async () => {
    const s = await get();
    const text = renderScanReport(s, undefined, 90);
    const body = text.slice(0, text.indexOf('\nFleet queries'));
    for (const line of body.split('\n')) expect(line.length).toBeLessThanOrEqual(90);
  });
});

describe('summarise of scanText', () => {
  it('answers a short pasted log with the same shape, and an empty one without failing', () => {
    const line = '2024-03-11 10:00:01 10.0.0.1 GET /a - 80 - 10.1.2.3 curl/8 - 401 3 5 12\n';
    const s = summariseText(line, 'attachment', kernel());
    expect(s).toMatchObject({ files: 1, lines: 1, entries: 1, skipped: 0 });
    expect(s.diagnoses.map((d) => d.id)).toEqual(['file-acl-missing']);
    expect(summariseText('', 'attachment', kernel())).toMatchObject({
      lines: 0,
      entries: 0,
      diagnoses: [],
      timeRange: null,
    });
    expect(summariseText('', 'attachment', kernel()).verdict.text).toBe(
      'No 401 responses in this log.',
    );
    // lines that are no log entries at all are not a log without 401s
    expect(summariseText('%PDF-1.7\n\u0001\u0002 binary\n', 'x.pdf', kernel()).verdict.text).toBe(
      'No log entries could be read: all 2 lines were skipped.',
    );
    // without the kernel: nothing counted, and the input says why
    expect(summariseText(line).inputs[0]?.error).toBe('the scan kernel is not loaded');
  });
});

describe('w3c core purity', () => {
  const dir = new URL('../../src/w3c/', import.meta.url);
  const FORBIDDEN =
    /from '(botbuilder|restify|node:fs)|\/(channels|server|cli)\/|\bprocess\.|console\./;
  it.each(readdirSync(dir).filter((f) => f.endsWith('.ts')))(
    '%s stays free of I/O and adapters',
    (f) => {
      if (!/^(load|read)\.ts$/.test(f))
        expect(readFileSync(new URL(f, dir), 'utf8')).not.toMatch(FORBIDDEN);
    },
  );
});
