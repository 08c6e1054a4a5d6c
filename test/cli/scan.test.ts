import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCliEnv } from '../../src/cli/env.js';
import type { CommandIo } from '../../src/cli/io.js';
import { scanCommand } from '../../src/cli/scan.js';
import type { ScanSummary } from '../../src/w3c/index.js';

const LOG = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  '2024-03-11 10:00:01 10.0.0.1 GET /owa/ - 443 - 10.1.2.3 Mozilla/5.0 - 401 2 5 1',
  '2024-03-11 10:00:01 10.0.0.1 GET /owa/ - 443 - 10.1.2.3 Mozilla/5.0 - 401 1 2148074254 1',
  '2024-03-11 10:00:02 10.0.0.1 GET /owa/ - 443 CONTOSO\\ann 10.1.2.3 Mozilla/5.0 - 200 0 0 30',
  '2024-03-11 10:00:03 10.0.0.1 POST /owa/auth.owa - 443 CONTOSO\\bob 203.0.113.9 curl/8 - 401 1 1326 2',
  'garbage line',
  '',
].join('\r\n');

function fakeIo(
  stdinText = '',
  tty = false,
): { io: CommandIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        add(chunk.toString());
        done();
      },
    });
  const io: CommandIo = {
    stdin: Readable.from([Buffer.from(stdinText)]),
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    stdoutIsTTY: tty,
    stderrIsTTY: false,
    env: {},
    settings: readCliEnv({}),
    cwd: process.cwd(),
  };
  return { io, out: () => out, err: () => err };
}

const dir = mkdtempSync(join(tmpdir(), 'iis-triage-scan-'));
const plain = join(dir, 'u_ex240311.log');
writeFileSync(plain, LOG);
const gz = join(dir, 'u_ex240311.log.gz');
writeFileSync(gz, gzipSync(Buffer.from(LOG)));

const CONTRACT_KEYS = ['files', 'lines', 'entries', 'skipped', 'codes', 'diagnoses'];

describe('scanCommand', () => {
  it('prints the contract JSON for a file', async () => {
    const { io, out } = fakeIo();
    expect(await scanCommand([plain], { json: true }, io)).toBe(0);
    const s = JSON.parse(out()) as ScanSummary;
    for (const k of CONTRACT_KEYS) expect(s).toHaveProperty(k);
    expect(s).toMatchObject({ files: 1, lines: 7, entries: 4, skipped: 1, directives: 2 });
    expect(s.skippedReasons).toEqual([{ reason: '2 values where #Fields names 15', count: 1 }]);
    expect(s.codes).toContainEqual({ status: 401, substatus: 1, win32: 1326, count: 1 });
    for (const c of s.codes)
      expect(Object.keys(c).sort()).toEqual(['count', 'status', 'substatus', 'win32']);
    for (const d of s.diagnoses) {
      expect(typeof d.id).toBe('string');
      expect(d.count).toBeGreaterThan(0);
      expect(d.detail.length).toBeGreaterThan(10);
    }
    expect(s.diagnoses.map((d) => d.id)).toEqual(['ntlm-handshake-normal', 'wrong-credentials']);
    expect(s.handshakes).toMatchObject({ completed: 1, ntlm: 1 });
  });

  it('reads a .gz file and standard input to the same counts as the plain file', async () => {
    const runs: ScanSummary[] = [];
    for (const [args, stdin] of [
      [[plain], ''],
      [[gz], ''],
      [['-'], LOG],
    ] as const) {
      const { io, out } = fakeIo(stdin);
      expect(await scanCommand([...args], { json: true }, io)).toBe(0);
      runs.push(JSON.parse(out()) as ScanSummary);
    }
    const pick = (s: ScanSummary): unknown => ({
      lines: s.lines,
      codes: s.codes,
      diagnoses: s.diagnoses,
    });
    expect(pick(runs[1]!)).toEqual(pick(runs[0]!));
    expect(pick(runs[2]!)).toEqual(pick(runs[0]!));
  });

  it('recognises gzip on standard input by its magic bytes', async () => {
    const { io, out } = fakeIo();
    io.stdin = Readable.from([gzipSync(Buffer.from(LOG))]);
    expect(await scanCommand(['-'], { json: true }, io)).toBe(0);
    expect((JSON.parse(out()) as ScanSummary).entries).toBe(4);
  });

  it('adds several files together', async () => {
    const scan = async (names: string[]): Promise<ScanSummary> => {
      const { io, out } = fakeIo();
      expect(await scanCommand(names, { json: true }, io)).toBe(0);
      return JSON.parse(out()) as ScanSummary;
    };
    const [one, two] = [await scan([plain]), await scan([plain, gz])];
    expect(two).toMatchObject({ files: 2, entries: 8 });
    expect(two.inputs.map((i) => [i.lines, i.entries])).toEqual([
      [one.lines, one.entries],
      [one.lines, one.entries],
    ]);
    // the details, their top lists and the clients add up, input by input
    const twice = (rows: { value: string; count: number }[]) =>
      rows.map((r) => ({ ...r, count: 2 * r.count }));
    expect(two.details).toEqual(
      one.details.map((d) => ({
        ...d,
        count: 2 * d.count,
        anonymous: 2 * d.anonymous,
        urls: twice(d.urls),
        users: twice(d.users),
        clients: twice(d.clients),
        userAgents: twice(d.userAgents),
      })),
    );
    expect(two.handshakes.completed).toBe(2 * one.handshakes.completed);
    expect(two.handshakes.clients).toEqual(
      one.handshakes.clients.map((c) => ({
        ...c,
        completed: 2 * c.completed,
        failed: 2 * c.failed,
        failures: 2 * c.failures,
      })),
    );
    expect(one.details.length).toBeGreaterThan(0);
    expect(one.handshakes.clients.length).toBeGreaterThan(0);
  });

  it('stops before any report at a file it cannot read, exiting 1', async () => {
    const { io, out, err } = fakeIo();
    const missing = join(dir, 'nope.log');
    expect(await scanCommand([plain, missing, gz], { json: true }, io)).toBe(1);
    expect(out()).toBe('');
    expect(err()).toBe(`scan: ${missing}: no such file\n`);
    const text = fakeIo();
    expect(await scanCommand([missing], { json: false }, text.io)).toBe(1);
    expect(text.out()).toBe('');
  });

  it('calls a binary file an error, never a log without 401s', async () => {
    const bin = join(dir, 'picture.log');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const { io, out, err } = fakeIo();
    expect(await scanCommand([bin], { json: false }, io)).toBe(1);
    expect(out()).toBe('');
    expect(err()).toBe(`scan: ${bin}: binary data, not a text log\n`);
  });

  it("reads a folder's .log and .gz files in name order, and nothing else there", async () => {
    const folder = join(dir, 'W3SVC1');
    mkdirSync(folder);
    writeFileSync(join(folder, 'u_ex240312.log'), LOG);
    writeFileSync(join(folder, 'u_ex240311.log.gz'), gzipSync(Buffer.from(LOG)));
    writeFileSync(join(folder, 'notes.txt'), 'not a log');
    const { io, out } = fakeIo();
    expect(await scanCommand([folder], { json: true }, io)).toBe(0);
    const s = JSON.parse(out()) as ScanSummary;
    expect(s.inputs.map((i) => i.name)).toEqual([
      join(folder, 'u_ex240311.log.gz'),
      join(folder, 'u_ex240312.log'),
    ]);
    expect(s.entries).toBe(8);
    const empty = join(dir, 'empty-folder');
    mkdirSync(empty);
    const e = fakeIo();
    expect(await scanCommand([empty], { json: true }, e.io)).toBe(1);
    expect(e.err()).toContain('a folder without .log or .gz files');
  });

  it('reports a broken gzip file as not read, without throwing', async () => {
    const bad = join(dir, 'broken.log.gz');
    writeFileSync(bad, gzipSync(Buffer.from(LOG)).subarray(0, 30));
    const { io, err } = fakeIo();
    expect(await scanCommand([bad], { json: true }, io)).toBe(1);
    expect(err()).toMatch(/broken\.log\.gz: /);
  });

  it('asks for a file when given none (exit 2)', async () => {
    const { io, err } = fakeIo();
    expect(await scanCommand([], { json: false }, io)).toBe(2);
    expect(err()).toContain('name one or more log files');
  });

  it('prints the verdict first, then diagnoses, codes and fleet queries, without colour off a terminal', async () => {
    const { io, out } = fakeIo();
    expect(await scanCommand([plain], { json: false }, io)).toBe(0);
    const text = out();
    const lines = text.split('\n');
    expect(lines[3]).toMatch(/^▶ 1 of the 3 401 responses \(33\.3%\) are real failures/);
    const order = [
      'Diagnoses',
      'Codes',
      '401 and 403 in detail',
      'Handshakes',
      'Fleet queries',
    ].map((h) => text.indexOf(`\n${h}`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('W3CIISLog');
    expect(text).not.toContain('\u001b[');
  });

  it('colours the report when standard output is a terminal', async () => {
    const { io, out } = fakeIo('', true);
    await scanCommand([plain], { json: false }, io);
    expect(out()).toContain('\u001b[');
  });

  it('leaves standard input untouched when it is not named', async () => {
    const { io } = fakeIo();
    const stdin = new PassThrough();
    io.stdin = stdin;
    expect(await scanCommand([plain], { json: true }, io)).toBe(0);
    expect(stdin.readableFlowing).toBe(null);
    expect(readFileSync(plain, 'utf8')).toBe(LOG);
  });

  it('writes the HTML report with uPlot inlined instead of the terminal report', async () => {
    const { io, out, err } = fakeIo();
    const page = join(dir, 'report.html');
    expect(
      await scanCommand([plain], { json: false, html: 'report.html' }, { ...io, cwd: dir }),
    ).toBe(0);
    expect(out()).toBe('');
    expect(err()).toMatch(/^scan: wrote .*report\.html \(\d+ KB\): open it in a browser\n$/);
    const html = readFileSync(page, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    // uPlot's own code, not a link to it
    expect(html).toContain('uPlot');
    expect(html.length).toBeGreaterThan(40_000);
    expect(html).not.toMatch(/\s(src|href)\s*=/i);
    expect(html).toContain('<h2>Diagnoses');
  });

  it('prints the JSON beside the HTML report when asked for both', async () => {
    const { io, out } = fakeIo();
    const page = join(dir, 'both.html');
    expect(await scanCommand([plain], { json: true, html: page }, io)).toBe(0);
    expect((JSON.parse(out()) as ScanSummary).entries).toBe(4);
    expect(readFileSync(page, 'utf8')).toContain('id="timeline-data"');
  });

  it('says why it cannot write the HTML report, exiting 1', async () => {
    const { io, err } = fakeIo();
    const page = join(dir, 'no-such-folder', 'r.html');
    expect(await scanCommand([plain], { json: false, html: page }, io)).toBe(1);
    expect(err()).toContain(`scan: cannot write the HTML report to ${page}: ENOENT`);
  });
});
