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

  it('reads the scan threads and the report width as whole numbers', () => {
    expect(readCliEnv({ IIS_TRIAGE_SCAN_THREADS: ' 3 ', COLUMNS: '120' })).toMatchObject({
      scanThreads: 3,
      columns: 120,
    });
    expect(readCliEnv({ IIS_TRIAGE_SCAN_THREADS: '' }).scanThreads).toBeUndefined();
  });

  it.each(['0', 'two', '65', '-1', '1.5'])(
    'refuses IIS_TRIAGE_SCAN_THREADS=%s with a usage error',
    (value) => {
      expect(() => readCliEnv({ IIS_TRIAGE_SCAN_THREADS: value })).toThrow(
        /IIS_TRIAGE_SCAN_THREADS must be a whole number from 1 to 64/,
      );
    },
  );

  it('makes the command say which variable is wrong, exit 2', async () => {
    const run = await runCli(['explain', '401.2'], '', { env: { COLUMNS: 'wide' } });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/COLUMNS must be a whole number/);
  });
});
