import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request, type ClientRequest, type IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOG_401_2_5 } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Child {
  proc: ChildProcess;
  url: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** `npm start`'s entry point (bin/server.js: dist/ when current, else the sources) as a child process on a free port, once /healthz answers 200. */
const startChild = async (env: Record<string, string>): Promise<Child> => {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(Microsoft|SLACK_|STATE_|TRIAGE_)/.test(k)),
  );
  const proc = spawn(process.execPath, ['bin/server.js'], {
    cwd: ROOT,
    env: { ...clean, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr.resume();
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => resolve(code)),
  );
  await expect
    .poll(() => /listening on (http:\/\/\S+)\/api\/messages/.test(out), {
      timeout: 30_000,
      interval: 50,
    })
    .toBe(true);
  const url = /listening on (http:\/\/\S+)\/api\/messages/.exec(out)![1]!;
  await expect
    .poll(async () => (await fetch(`${url}/healthz`)).status, { timeout: 30_000, interval: 50 })
    .toBe(200);
  return { proc, url, stdout: () => out, exited };
};

/** A POST whose body is sent in two parts: the request stays in flight until `finish()`. */
const slowPost = (url: string, body: string) => {
  const bytes = Buffer.from(body);
  let req: ClientRequest;
  const response = new Promise<{ status: number; body: string; connection?: string }>(
    (resolve, reject) => {
      req = request(`${url}/api/triage`, {
        method: 'POST',
        // a client that would keep the connection open for more
        agent: new Agent({ keepAlive: true }),
        headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) },
      });
      req.on('response', (res: IncomingMessage) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }),
        );
      });
      req.on('error', reject);
      req.write(bytes.subarray(0, 10));
    },
  );
  return { response, finish: () => req.end(bytes.subarray(10)) };
};

const refusesConnections = async (url: string): Promise<boolean> => {
  try {
    await fetch(`${url}/healthz`);
    return false;
  } catch (e) {
    return (e as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
  }
};

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGTERM on the running server (a child process)', () => {
  it('stops taking connections, answers the request in flight, then exits 0', async () => {
    const child = await startChild({ SHUTDOWN_GRACE_MS: '20000' });
    try {
      const post = slowPost(child.url, JSON.stringify({ message: LOG_401_2_5 }));
      post.response.catch(() => undefined);
      await settle(300); // the server has read the request's headers
      child.proc.kill('SIGTERM');
      await expect.poll(() => refusesConnections(child.url), { timeout: 10_000 }).toBe(true);
      expect(child.proc.exitCode).toBeNull();
      post.finish();
      const res = await post.response;
      expect(res.status).toBe(200);
      expect(res.connection).toBe('close');
      expect((JSON.parse(res.body) as { codes: unknown[] }).codes).toContainEqual({
        status: 401,
        substatus: 2,
        win32: 5,
      });
      expect(await child.exited).toBe(0);
      expect(child.stdout()).toMatch(/"inFlight":1,.*shutting down: draining/);
      expect(child.stdout()).toMatch(/"msg":"stopped"/);
      expect(child.stdout()).not.toMatch(/were cut/);
    } finally {
      child.proc.kill('SIGKILL');
    }
  }, 60_000);

  it('cuts a request that outlives the grace period, and still exits', async () => {
    const child = await startChild({ SHUTDOWN_GRACE_MS: '300' });
    try {
      const post = slowPost(child.url, JSON.stringify({ message: LOG_401_2_5 }));
      await settle(300);
      child.proc.kill('SIGTERM');
      await expect(post.response).rejects.toThrow(/socket hang up|ECONNRESET/);
      expect(await child.exited).toBe(0);
      expect(child.stdout()).toMatch(/"cut":1,.*requests in flight were cut/);
    } finally {
      child.proc.kill('SIGKILL');
    }
  }, 60_000);
});
