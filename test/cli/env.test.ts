import { describe, expect, it } from 'vitest';
import { readCliEnv } from '../../src/cli/env.js';
import { runCli } from './run.js';

describe('readCliEnv', () => {
  it.each([
    [{}, true],
    [{ NO_COLOR: '' }, true],
    [{ NO_COLOR: '1' }, false],
    [{ NO_COLOR: 'false' }, false],
    [{ TERM: 'dumb' }, false],
    [{ TERM: 'xterm-256color' }, true],
  ])('reads %j as colour allowed: %s', (env, allowed) => {
    expect(readCliEnv(env).isColourAllowed).toBe(allowed);
  });

  it('reads the report width as a whole number', () => {
    expect(readCliEnv({ COLUMNS: ' 120 ' }).columns).toBe(120);
    expect(readCliEnv({ COLUMNS: '' }).columns).toBeUndefined();
  });

  it.each(['0', 'two', '10001', '-1', '1.5'])('refuses COLUMNS=%s with a usage error', (value) => {
    expect(() => readCliEnv({ COLUMNS: value })).toThrow(
      /COLUMNS must be a whole number from 1 to 10000/,
    );
  });

  it('makes the command say which variable is wrong, exit 2', async () => {
    const run = await runCli(['explain', '401.2'], '', { env: { COLUMNS: 'wide' } });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/COLUMNS must be a whole number/);
  });
});
