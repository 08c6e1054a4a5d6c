import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm start', () => {
  it('prints no warning on a clean start', async () => {
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !/^(Microsoft|SLACK_|STATE_|TRIAGE_)/.test(k)),
    );
    const proc = spawn(process.execPath, ['bin/server.js'], {
      cwd: ROOT,
      env: { ...clean, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    try {
      await expect
        .poll(() => /listening on (http:\/\/\S+)\/api\/messages/.exec(out)?.[1], {
          timeout: 30_000,
          interval: 50,
        })
        .toBeTruthy();
      const url = /listening on (http:\/\/\S+)\/api\/messages/.exec(out)![1]!;
      await expect
        .poll(async () => (await fetch(`${url}/healthz`)).status, { timeout: 30_000 })
        .toBe(200);
    } finally {
      proc.kill('SIGTERM');
      await exited;
    }
    expect(err).not.toMatch(/Warning/);
  }, 60_000);
});

describe('bin/warnings.js', () => {
  it("drops DEP0111 for process.binding('http_parser') and lets every other warning through", () => {
    const script = `import('./bin/warnings.js').then((m) => {
      m.silenceHttpParserDeprecation();
      m.silenceHttpParserDeprecation();
      process.binding('http_parser');
      process.emitWarning('another deprecation', 'DeprecationWarning', 'DEP0999');
      process.emitWarning("Access to process.binding('uv') is deprecated.", 'DeprecationWarning', 'DEP0111');
    });`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('http_parser');
    expect(r.stderr).toContain('[DEP0999] DeprecationWarning: another deprecation');
    expect(r.stderr).toContain("[DEP0111] DeprecationWarning: Access to process.binding('uv')");
  });
});
