import { createReadStream } from 'node:fs';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const GB = 1024 * 1024 * 1024;
const LINE =
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0 - 401 1 1326 31';

/** `bytes` of `fill` as a stream made on demand; `pulled` says how much was actually read. */
const lazy = (bytes: number, fill = 'x', tail = '') => {
  const chunk = Buffer.alloc(1024 * 1024, fill);
  const counter = { pulled: 0 };
  const stream = new Readable({
    read() {
      if (counter.pulled >= bytes) {
        if (tail) this.push(tail);
        this.push(null);
        return;
      }
      counter.pulled += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, counter };
};

const run = async (argv: string[], stdin: Readable) => {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  err.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const io: CliIo = {
    stdin,
    stdout: out,
    stderr: err,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd: process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
};

let dir: string;
let sparse: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iis-triage-cli-'));
  sparse = join(dir, 'u_ex-1gb.log');
  await writeFile(sparse, '');
  // 1 GB of NUL bytes without writing them: a sparse file
  await truncate(sparse, GB);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('explain on hostile standard input', () => {
  it('reads 1 GB of standard input only up to its limit, and says so', async () => {
    const { stream, counter } = lazy(GB, 'x', `\n${LINE}\n`);
    const r = await run(['explain', '--json'], stream);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/longer than 16 MB; read its first 16 MB/);
    expect(counter.pulled).toBeLessThanOrEqual(20 * 1024 * 1024);
    expect((JSON.parse(r.stdout) as { truncated?: boolean }).truncated).toBe(true);
  });

  it('answers binary junk and invalid UTF-8', async () => {
    const junk = Buffer.concat([
      Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0xe2, 0x82, 0x1b, 0x80]),
      Buffer.from(` ${LINE} `),
      Buffer.from([0xf0, 0x9f, 0x00, 0xed, 0xa0, 0x80]),
    ]);
    const r = await run(['explain', '--json'], Readable.from([junk]));
    expect(r.code).toBe(0);
    const analysis = JSON.parse(r.stdout) as { codes: unknown[]; reply: string };
    expect(analysis.codes).toContainEqual({ status: 401, substatus: 1, win32: 1326 });
    expect(analysis.reply.length).toBeLessThanOrEqual(4000);
  });

  it('skips a JSON Lines line of 1 GB, says which, and answers the next line', async () => {
    const { stream } = lazy(GB / 4, 'x', `\n${JSON.stringify({ id: 'ok', message: LINE })}\n`);
    const r = await run(['explain', '--jsonl'], stream);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^line 1: longer than 2 MB; skipped$/m);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ id: 'ok' });
  }, 30_000);

  it('keeps a character split between two chunks of JSON Lines whole', async () => {
    const bytes = Buffer.from(
      `${JSON.stringify({ id: 'u', message: `Zugriff verweigert ${LINE}` })}\n`,
    );
    const at = bytes.indexOf(Buffer.from('ü')) + 1;
    const r = await run(
      ['explain', '--jsonl'],
      Readable.from([bytes.subarray(0, at), bytes.subarray(at)]),
    );
    expect(r.stderr).toBe('');
    const analysis = JSON.parse(r.stdout) as { id: string; codes: unknown[] };
    expect(analysis.id).toBe('u');
    expect(analysis.codes).toContainEqual({ status: 401, substatus: 1, win32: 1326 });
  });
});

describe('chat on hostile standard input', () => {
  it('survives a 1 GB line without a newline (a sparse file of NULs)', async () => {
    const r = await run(['chat'], createReadStream(sparse));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/longer than 64 KB; I read its beginning/);
  }, 60_000);

  it('answers binary junk, then a log line, then exits', async () => {
    const input = Buffer.concat([
      Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]),
      Buffer.from(`${LINE}\nexit\nthis is never read\n`),
    ]);
    const r = await run(['chat'], Readable.from([input]));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/401\.1/);
  });
});

describe('scan on hostile files', () => {
  it('refuses a 1 GB file of NULs as binary data before reading it, exiting 1', async () => {
    const r = await run(['scan', '--json', '--no-progress', sparse], Readable.from([]));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('binary data, not a text log');
  }, 60_000);

  it('scans binary junk and invalid UTF-8 between log lines without failing', async () => {
    const file = join(dir, 'junk.log');
    const junk = Buffer.alloc(256 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(
          `#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n${LINE}\n`,
        ),
        junk,
        Buffer.from(`\n${LINE.replace('/intranet/', '/\xff\xfe/')}\n${LINE}\n`, 'latin1'),
      ]),
    );
    const r = await run(['scan', '--json', '--no-progress', file], Readable.from([]));
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { entries: number; skipped: number };
    // the two clean lines are read; junk and the line with invalid UTF-8 are counted as skipped
    expect(summary.entries).toBe(2);
    expect(summary.skipped).toBeGreaterThan(1);
  });

  it('reports a file it cannot open and exits 1', async () => {
    const r = await run(['scan', '--json', join(dir, 'missing.log')], Readable.from([]));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/missing\.log/);
  });
});
