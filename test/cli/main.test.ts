import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run.js';

const PACKAGE = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('the CLI', () => {
  it.each([['--version'], ['-v']])('prints the package version for %s', async (flag) => {
    const r = await runCli([flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${PACKAGE.version}\n`);
  });
});

describe('explain without a message', () => {
  it('says on a terminal that it waits for the message, and how to end it', async () => {
    const r = await runCli(['explain'], 'HTTP Error 401.3 - Unauthorized', { stdinIsTTY: true });
    expect(r.stderr).toMatch(/reading the message from the terminal/);
    expect(r.stderr).toMatch(/Ctrl-D/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('401.3');
  });

  it('reads a pipe without a word on standard error', async () => {
    const r = await runCli(['explain'], 'HTTP Error 401.3 - Unauthorized');
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('401.3');
  });
});
