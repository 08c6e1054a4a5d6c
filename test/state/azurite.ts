import { afterAll, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../node_modules/.bin/azurite-blob', import.meta.url));
/** Azurite's public, well-known development account key. */
const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export const hasAzurite = existsSync(BIN);

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const canConnect = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export const waitForPort = async (port: number, timeoutMs = 20_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
};

export interface Azurite {
  port: number;
  connectionString: string;
  stop(): Promise<void>;
}

/** The connection string of Azurite's development account on a loopback port. */
export const azuriteConnectionString = (port: number): string =>
  `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;

/** Azurite's blob service in memory on a free loopback port. */
export const startAzurite = async (port?: number): Promise<Azurite> => {
  const p = port ?? (await freePort());
  const child: ChildProcess = spawn(
    BIN,
    [
      '--silent',
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--loose',
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(p),
      '--extentMemoryLimit',
      '256',
    ],
    { stdio: 'ignore' },
  );
  await waitForPort(p);
  return {
    port: p,
    connectionString: azuriteConnectionString(p),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/**
 * Azurite for the enclosing describe block: started before its tests, stopped after. The handle
 * follows restarts (`stop()` then `restart()` on the same port, as an outage test does).
 */
export const useAzurite = (): Azurite & { restart(): Promise<void> } => {
  let current: Azurite | undefined;
  const live = (): Azurite => {
    if (!current) throw new Error('Azurite is not running (use it inside the describe block)');
    return current;
  };
  beforeAll(async () => {
    current = await startAzurite();
  });
  afterAll(async () => {
    await current?.stop();
  });
  return {
    get port() {
      return live().port;
    },
    get connectionString() {
      return live().connectionString;
    },
    stop: () => live().stop(),
    restart: async () => {
      current = await startAzurite(live().port);
    },
  };
};
