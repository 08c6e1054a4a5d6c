import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TICKET_BYTES } from '../../src/cli/triage.js';
import { runCli } from './run.js';

const LINE = '2024-03-01 10:00:01 10.0.0.4 GET /app - 443 - 10.0.0.5 Mozilla/5.0 - 401 1 1326 0';
const TICKET_A = `Hi support,\nsince this morning our users get a logon box on the intranet (IIS 10).\n${LINE}\nThanks`;
const TICKET_B = 'Our IIS 6 site answers HTTP Error 401.3 - Unauthorized for every image.';

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iis-triage-cli-'));
  writeFileSync(file('a.txt'), TICKET_A);
  writeFileSync(file('b.txt'), TICKET_B);
  writeFileSync(
    file('utf16.txt'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TICKET_B, 'utf16le')]),
  );
  writeFileSync(file('binary.dat'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00]));
  writeFileSync(file('huge.txt'), '');
  truncateSync(file('huge.txt'), MAX_TICKET_BYTES + 1);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('triage', () => {
  it('prints one Markdown note per file, in order', async () => {
    const r = await runCli(['triage', file('a.txt'), file('b.txt')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const notes = r.stdout.split('\n---\n\n');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(
      /^## IIS triage note: a\.txt\n\n\*\*Verdict:\*\* 401\.1 with win32 1326/,
    );
    expect(notes[0]).toContain('`401.1 with win32 1326 (ERROR_LOGON_FAILURE)`');
    expect(notes[0]).toContain('### Questions for the customer');
    expect(notes[0]).toContain('### Data to collect');
    expect(notes[1]).toMatch(/^## IIS triage note: b\.txt\n/);
    expect(notes[1]).toContain('`401.3`');
  });

  it('reports an unreadable file on standard error, still triages the others, and exits 1', async () => {
    const r = await runCli([
      'triage',
      file('missing.txt'),
      file('a.txt'),
      dir,
      file('binary.dat'),
      file('huge.txt'),
      file('b.txt'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `iis-triage: cannot read ${file('missing.txt')}: no such file`,
      `iis-triage: cannot read ${dir}: it is a directory`,
      `iis-triage: cannot read ${file('binary.dat')}: it does not look like text (binary content)`,
      `iis-triage: cannot read ${file('huge.txt')}: it is over 16 MB; a triage note reads tickets (use \`scan\` for whole log files)`,
    ]);
    expect(r.stdout.match(/^## IIS triage note: /gm)).toHaveLength(2);
    expect(r.stdout).toContain('## IIS triage note: a.txt');
    expect(r.stdout).toContain('## IIS triage note: b.txt');
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a device, a pipe nobody writes to and a pipe that never ends, at once, as scan does',
    async () => {
      execFileSync('mkfifo', [file('silent.fifo'), file('endless.fifo')]);
      // `yes` into a pipe: blocked until a reader opens it, then endless
      const writer = spawn('sh', ['-c', `exec yes 401.2 > '${file('endless.fifo')}'`], {
        stdio: 'ignore',
      });
      try {
        const r = await runCli([
          'triage',
          '/dev/zero',
          file('silent.fifo'),
          file('endless.fifo'),
          file('a.txt'),
        ]);
        expect(r.code).toBe(1);
        const refused =
          'it is not a regular file (a device, pipe or socket); send it on standard input instead';
        expect(r.stderr.split('\n').filter(Boolean)).toEqual([
          `iis-triage: cannot read /dev/zero: ${refused}`,
          `iis-triage: cannot read ${file('silent.fifo')}: ${refused}`,
          `iis-triage: cannot read ${file('endless.fifo')}: ${refused}`,
        ]);
        expect(r.stdout).toMatch(/^## IIS triage note: a\.txt/);
      } finally {
        writer.kill();
      }
    },
    20_000,
  );

  it('reads standard input when no file is named', async () => {
    const r = await runCli(['triage'], TICKET_B);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## IIS triage note\n/);
    expect(r.stdout).toContain('`401.3`');
  });

  it('prints one JSON note per line with --json, each naming its source', async () => {
    const r = await runCli(['triage', '--json', file('a.txt'), '-'], TICKET_B);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const [a, b] = lines.map(
      (l) =>
        JSON.parse(l) as {
          source: string;
          verdict: string;
          facts: { codes: { status: number; substatus: number; win32: number | null }[] };
          causes: { id: string }[];
          questions: { text: string }[];
          collect: { steps: string[] }[];
          redactions: unknown[];
        },
    );
    expect(a!.source).toBe(file('a.txt'));
    expect(a!.facts.codes[0]).toMatchObject({ status: 401, substatus: 1, win32: 1326 });
    expect(a!.causes[0]!.id).toBe('wrong-credentials');
    expect(a!.collect[0]!.steps.length).toBeGreaterThan(0);
    expect(b!.source).toBe('stdin');
    expect(b!.facts.codes[0]).toMatchObject({ status: 401, substatus: 3 });
  });

  it('reads a UTF-16 ticket saved with a byte order mark', async () => {
    const r = await runCli(['triage', file('utf16.txt')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('`401.3`');
  });

  it('refuses standard input over the cap as it refuses such a file', async () => {
    const r = await runCli(['triage'], 'x'.repeat(16 * 1024 * 1024 + 1));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read -: it is over 16 MB/);
    expect(r.stdout).toBe('');
  });

  it('refuses an empty standard input as a usage error', async () => {
    const r = await runCli(['triage'], '  \n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/triage needs a ticket/);
    expect(r.stdout).toBe('');
  });

  it('keeps secrets out of the note', async () => {
    const r = await runCli(['triage'], `password=Hunter2sup3r\n${LINE}`);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Hunter2sup3r');
    expect(r.stdout).toContain('Masked before reading, and not shown here: 1 password.');
  });
});
