import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { causeIds, CAUSE_IDS, GENERATOR, itShared } from '../shared.js';
import { generate } from '../w3c/helpers.js';
import { runCli } from './run.js';

const LINE = '2024-03-01 10:00:01 10.0.0.4 GET /app - 443 - 10.0.0.5 Mozilla/5.0 - 401 1 1326 0';

describe('explain', () => {
  it('prints what the code and its win32 value mean, and ranked causes', async () => {
    const r = await runCli(['explain', LINE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('401.1 with win32 1326 (ERROR_LOGON_FAILURE)');
    expect(r.stdout).toMatch(/Likely causes\n\s+1\. .+ \(\d+%, [a-z ]+\) wrong-credentials/);
    expect(r.stdout).not.toContain('\u001b['); // no colours when stdout is not a terminal
  });

  it('reads the message from standard input when no text is given', async () => {
    const r = await runCli(['explain'], 'HTTP Error 401.3 - Unauthorized on every page');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('401.3');
  });

  it('prints one Analysis with --json', async () => {
    const r = await runCli(['explain', '--json', LINE]);
    const a = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(a.codes).toEqual([{ status: 401, substatus: 1, win32: 1326 }]);
    const causes = a.causes as { id: string; score: number }[];
    expect(causes[0]?.id).toBe('wrong-credentials');
    expect(causes.length).toBeLessThanOrEqual(10);
    expect(causes.every((c, i) => i === 0 || c.score <= (causes[i - 1]?.score ?? 1))).toBe(true);
    expect(typeof a.reply).toBe('string');
    expect((a.reply as string).length).toBeLessThanOrEqual(4000);
    expect(Array.isArray(a.followUps)).toBe(true);
  });

  it('answers JSON Lines in order, each with its id, and skips lines it cannot read', async () => {
    const input = [
      JSON.stringify({ id: 'a', message: 'getting 401.2 with win32 status 5' }),
      'not json',
      JSON.stringify({ id: 'b', message: 'HTTP Error 403.14 - Forbidden' }),
      JSON.stringify({ id: 'c' }),
      '',
    ].join('\n');
    const r = await runCli(['explain', '--jsonl'], input);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; codes: unknown[] });
    expect(lines.map((l) => l.id)).toEqual(['a', 'b']);
    expect(lines[1]?.codes).toEqual([{ status: 403, substatus: 14, win32: null }]);
    expect(r.stderr).toContain('line 2: not JSON');
    expect(r.stderr).toContain('line 4: no "message" string');
  });

  it('says how to use it when there is no message', async () => {
    const r = await runCli(['explain'], '   ');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('explain needs a message');
  });

  it('refuses an unknown command with a usage exit code', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });

  itShared(GENERATOR, 'summarises a pasted log as scan does, in text and in --json', async () => {
    const log = readFileSync(generate(['--lines', '25000', '--seed', '19']), 'utf8');
    const text = await runCli(['explain'], log);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^Read as a log: [\d,]+ lines, [\d,]+ log entries, the same summary/,
    );
    expect(text.stdout).not.toMatch(/Likely causes|real failure is/);
    // the timeline keeps one line per diagnosis
    expect(text.stdout).toMatch(/^ {2}Over time, per .*\):\n {2}[a-z-]+ \(failure, [\d,]+\): /m);
    const json = JSON.parse((await runCli(['explain', '--json'], log)).stdout) as {
      reply: string;
      causes: unknown[];
      headline: string;
    };
    expect(json.headline).toMatch(/^Read as a log: /);
    expect(json.causes).toEqual([]);
    expect(json.reply).toContain('401 responses');
  });

  it('answers a few log lines with prose through the dialogue', async () => {
    const r = await runCli(['explain'], `Nobody gets in:\n${LINE}\n${LINE}\n${LINE}\nWhy?`);
    expect(r.stdout).toMatch(/Likely causes/);
    expect(r.stdout).not.toMatch(/Read as a log/);
  });

  it('redacts secrets in the reply', async () => {
    const r = await runCli([
      'explain',
      '--json',
      'curl -H "Authorization: Basic dXNlcjpzM2NyZXQ=" gives 401.1; connection string Server=db;User ID=sa;Password=Hunter2!;',
    ]);
    expect(r.stdout).not.toContain('dXNlcjpzM2NyZXQ=');
    expect(r.stdout).not.toContain('Hunter2!');
  });
});

describe('knowledge', () => {
  it('lists every entry as the contract shapes it', async () => {
    const r = await runCli(['knowledge', '--json']);
    const list = JSON.parse(r.stdout) as {
      id: string;
      kind: string;
      title: string;
      codes: unknown[];
      sources: string[];
    }[];
    const ids = new Set(list.map((e) => e.id));
    for (const e of list) {
      expect(Object.keys(e).sort()).toEqual(['codes', 'id', 'kind', 'sources', 'title']);
      expect(['cause', 'howto']).toContain(e.kind);
      expect(e.sources.length).toBeGreaterThan(0);
    }
    expect(ids.has('loopback-check')).toBe(true);
    expect(list.find((e) => e.id === 'loopback-check')?.codes).toContainEqual({
      status: 401,
      substatus: 1,
    });
  });

  it('prints a table by default', async () => {
    const r = await runCli(['knowledge']);
    expect(r.stdout).toMatch(/^loopback-check\s+cause\s+401\.1/m);
    expect(r.stdout).toMatch(/\d+ entries, \d+ facts/);
  });

  itShared(CAUSE_IDS, 'includes every id of ../shared/cause-ids.md', async () => {
    const wanted = causeIds();
    const list = JSON.parse((await runCli(['knowledge', '--json'])).stdout) as { id: string }[];
    expect(wanted.length).toBeGreaterThan(30);
    expect(wanted.filter((id) => !list.some((e) => e.id === id))).toEqual([]);
  });
});

describe('chat', () => {
  it('holds a conversation: a message, then a number presses that button', async () => {
    const r = await runCli(
      ['chat'],
      'We get 401.3 on the images of one folder since Monday. IIS 10, anonymous auth.\n1\nexit\n',
    );
    expect(r.code).toBe(0);
    const replies = r.stdout.split('\n\n').filter((b) => b.trim());
    expect(r.stdout).toContain('401.3');
    // the first reply asks a question with numbered answers; "1" answers it and a new reply follows
    expect(r.stdout).toMatch(/\[1\] /);
    expect(replies.length).toBeGreaterThan(3);
    expect(r.stdout.match(/Likely causes/g)?.length).toBe(2);
  });
});
