import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { startServer } from '../../src/server/index.js';
import { captureLogger, postJson, realKnowledge } from './helpers.js';

const APP = { MicrosoftAppId: '00000000-0000-0000-0000-00000000b07', MicrosoftAppPassword: 'x' };

/** The real server as `npm start` configures it from `env` (no HOST unless given), port 0. */
const start = async (env: Record<string, string>) => {
  const captured = captureLogger('info');
  const config = loadConfig({ PORT: '0', ...env });
  const running = await startServer(config, {
    logger: captured.logger,
    loadKnowledge: realKnowledge,
  });
  await running.app.ready;
  const address = running.app.server.address();
  // a client on this machine, whatever the interface
  const base = `http://127.0.0.1:${address.port}`;
  return { running, address: address.address, base, logs: captured.lines };
};

describe('where the server listens', () => {
  it('binds to 127.0.0.1 only when there is no app id and HOST is not set', async () => {
    const { running, address, logs } = await start({});
    await running.close();
    expect(address).toBe('127.0.0.1');
    expect(logs.join('\n')).not.toMatch(/listening beyond this machine/);
  });

  it('listens where HOST says, and warns when that reaches beyond this machine without an app id', async () => {
    const { running, address, logs } = await start({ HOST: '0.0.0.0' });
    await running.close();
    expect(address).toBe('0.0.0.0');
    expect(logs.join('\n')).toMatch(/"level":40[^\n]*listening beyond this machine/);
  });

  it('listens on every interface with an app id (Bot Framework tokens guard it)', async () => {
    const { running, address } = await start({ ...APP });
    await running.close();
    expect(address).toBe('0.0.0.0');
  });
});

describe('/api/triage with an app id', () => {
  const triage = (base: string, headers: Record<string, string> = {}) =>
    postJson(`${base}/api/triage`, { message: 'HTTP Error 401.2' }, headers);

  it('is off without TRIAGE_API_KEY, and start-up says so', async () => {
    const { running, base, logs } = await start({ ...APP });
    try {
      const res = await triage(base);
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ error: { code: 'forbidden' } });
      expect(logs.join('\n')).toMatch(/"triageApi":"off"[^\n]*\/api\/triage: off/);
    } finally {
      await running.close();
    }
  });

  it('is open when TRIAGE_API_OPEN=true, and start-up says so', async () => {
    const { running, base, logs } = await start({ ...APP, TRIAGE_API_OPEN: 'true' });
    try {
      expect((await triage(base)).status).toBe(200);
      expect(logs.join('\n')).toMatch(/"triageApi":"open"[^\n]*\/api\/triage: open/);
    } finally {
      await running.close();
    }
  });

  it('needs the key when TRIAGE_API_KEY is set, and start-up says so', async () => {
    const { running, base, logs } = await start({ ...APP, TRIAGE_API_KEY: 'k-123456' });
    try {
      expect((await triage(base)).status).toBe(401);
      expect((await triage(base, { authorization: 'Bearer k-123456' })).status).toBe(200);
      expect(logs.join('\n')).toMatch(/"triageApi":"key"/);
    } finally {
      await running.close();
    }
  });

  it('stays open for local runs, and can be closed there too', () => {
    expect(loadConfig({}).triageApi).toBe('open');
    expect(loadConfig({ TRIAGE_API_OPEN: 'false' }).triageApi).toBe('off');
    expect(() => loadConfig({ TRIAGE_API_OPEN: 'maybe' })).toThrow(AppError);
  });
});
