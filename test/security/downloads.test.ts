import { createServer, type Server, type ServerResponse } from 'node:http';
import type { LookupAddress } from 'node:dns';
import {
  BlockList,
  createServer as createNetServer,
  type AddressInfo,
  type Socket,
} from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackFile } from '../../src/channels/slack/events.js';
import { downloadSlackFile } from '../../src/channels/slack/files.js';
import { createDownloader, privateAddresses } from '../../src/channels/teams/index.js';

const GB = 1024 * 1024 * 1024;
const CAP = 64 * 1024;

/** What the hostile file server saw: bytes it managed to send on the endless stream. */
const sent = { endless: 0, endlessClosed: false };

const writeForever = (res: ServerResponse): void => {
  const chunk = Buffer.alloc(16 * 1024, 'A');
  const pump = (): void => {
    while (!res.destroyed && res.write(chunk)) sent.endless += chunk.length;
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => (sent.endlessClosed = true));
  pump();
};

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    // restify (loaded by other tests in this worker) patches writeHead: no chaining
    const path = req.url ?? '';
    if (path === '/claims-1gb.log') {
      res.writeHead(200, { 'content-length': String(GB) });
      res.write('401 2 5\n');
      return; // never sends the rest
    }
    if (path === '/endless.log') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      writeForever(res);
      return;
    }
    if (path === '/ok.log') {
      res.writeHead(200, { 'content-length': '8' });
      res.end('401 2 5\n');
      return;
    }
    const hop = /^\/redirect\/(\d+)$/.exec(path);
    if (hop) {
      const n = Number(hop[1]);
      res.writeHead(302, { location: n > 0 ? `/redirect/${n - 1}` : '/ok.log' });
      res.end();
      return;
    }
    const to = new URL(`http://x${path}`).searchParams.get('to');
    if (path.startsWith('/redirect-to') && to) {
      res.writeHead(307, { location: to });
      res.end();
      return;
    }
    if (path === '/loop') {
      res.writeHead(301, { location: '/loop' });
      res.end();
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('Teams file downloads against a hostile file server', () => {
  const download = createDownloader({ allowLoopbackHttp: true, timeoutMs: 5_000 });

  it('refuses a file that claims 1 GB from its Content-Length, before reading it', async () => {
    expect(await download(`${base}/claims-1gb.log`, CAP)).toEqual({
      kind: 'too-large',
      limit: CAP,
      size: GB,
    });
  });

  it('cuts an endless stream at the cap and hangs up', async () => {
    sent.endless = 0;
    expect(await download(`${base}/endless.log`, CAP)).toEqual({
      kind: 'too-large',
      limit: CAP,
      size: null,
    });
    await expect.poll(() => sent.endlessClosed).toBe(true);
    // the server got to send little more than the cap plus socket buffers, not the stream
    expect(sent.endless).toBeLessThan(64 * 1024 * 1024);
  });

  it('follows redirects whose every hop is allowed', async () => {
    const got = await download(`${base}/redirect/3`, CAP);
    expect(got.kind).toBe('ok');
    expect(Buffer.from((got as { bytes: Uint8Array }).bytes).toString()).toBe('401 2 5\n');
  });

  it.each([
    ['plain http off loopback', 'http://10.0.0.1/u_ex.log'],
    ['a file URL', 'file:///etc/passwd'],
    ['a data URL', 'data:text/plain,401'],
  ])('refuses a redirect to %s', async (_name, to) => {
    expect(await download(`${base}/redirect-to?to=${encodeURIComponent(to)}`, CAP)).toEqual({
      kind: 'failed',
      reason: 'it redirected: the download link is not https',
    });
  });

  it('stops following a redirect loop', async () => {
    expect(await download(`${base}/loop`, CAP)).toEqual({
      kind: 'failed',
      reason: 'the download redirected too often',
    });
  });
});

describe('Teams file downloads with an app id: private and local addresses refused', () => {
  const REFUSED = 'the download link leads to a private or local address';
  /** A TCP port on this machine that counts the connections it gets (none may arrive). */
  const reached: Socket[] = [];
  const local = createNetServer((socket) => reached.push(socket));
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
    port = (local.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const s of reached) s.destroy();
    await new Promise((r) => local.close(r));
  });

  /** DNS as the tests want it: some names resolve to given addresses, the rest as usual. */
  const fakeDns =
    (names: Record<string, string[]>) =>
    (
      hostname: string,
      options: object,
      callback: (e: Error | null, a: LookupAddress[]) => void,
    ) => {
      const addresses = names[hostname];
      if (!addresses) return callback(new Error(`no such name ${hostname}`), []);
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
    };
  const DNS = {
    'files.contoso.test': ['10.1.2.3'],
    'mixed.contoso.test': ['203.0.113.7', '192.168.1.7'],
    'metadata.contoso.test': ['169.254.169.254'],
  };
  const strict = (lookup?: ReturnType<typeof fakeDns>) =>
    createDownloader({
      allowLoopbackHttp: false,
      refuse: privateAddresses(),
      timeoutMs: 5_000,
      ...(lookup ? { lookup: lookup as never } : {}),
    });

  it.each([
    ['loopback', () => `https://127.0.0.1:${port}/u_ex.log`],
    ['IPv6 loopback', () => `https://[::1]:${port}/u_ex.log`],
    ['IPv4-mapped loopback', () => `https://[::ffff:127.0.0.1]:${port}/u_ex.log`],
    ['the unspecified address', () => `https://0.0.0.0:${port}/u_ex.log`],
    ['a private network', () => 'https://10.0.0.1/u_ex.log'],
    ['another private network', () => 'https://192.168.1.10/u_ex.log'],
    ['link-local (cloud metadata)', () => 'https://169.254.169.254/latest/meta-data/'],
    ['IPv6 link-local', () => 'https://[fe80::1]/u_ex.log'],
    ['IPv6 unique local', () => 'https://[fd00::1]/u_ex.log'],
    ['shared address space', () => 'https://100.64.0.1/u_ex.log'],
  ])('refuses %s without connecting', async (_name, url) => {
    expect(await strict()(url(), CAP)).toEqual({ kind: 'failed', reason: REFUSED });
    expect(reached).toHaveLength(0);
  });

  it.each([
    ['localhost', () => `https://localhost:${port}/u_ex.log`, undefined],
    ['a name for a private network', () => 'https://files.contoso.test/u_ex.log', DNS],
    ['a name with a public and a private address', () => 'https://mixed.contoso.test/x', DNS],
    ['a name for the metadata service', () => 'https://metadata.contoso.test/x', DNS],
  ])('refuses %s after DNS, without connecting', async (_name, url, names) => {
    const download = strict(names ? fakeDns(names) : undefined);
    expect(await download(url(), CAP)).toEqual({ kind: 'failed', reason: REFUSED });
    expect(reached).toHaveLength(0);
  });

  it('checks every redirect hop, literal addresses and names alike', async () => {
    // loopback allowed here (the test's file server), 10.0.0.0/8 refused
    const tenOnly = new BlockList();
    tenOnly.addSubnet('10.0.0.0', 8, 'ipv4');
    const lookup = fakeDns({ ...DNS, '127.0.0.1': ['127.0.0.1'] });
    const download = createDownloader({
      allowLoopbackHttp: true,
      refuse: tenOnly,
      lookup: lookup as never,
      timeoutMs: 5_000,
    });
    expect((await download(`${base}/redirect/1`, CAP)).kind).toBe('ok');
    const to = (target: string) => `${base}/redirect-to?to=${encodeURIComponent(target)}`;
    expect(await download(to('https://10.0.0.7/u_ex.log'), CAP)).toEqual({
      kind: 'failed',
      reason: `it redirected: ${REFUSED}`,
    });
    expect(await download(to('https://files.contoso.test/u_ex.log'), CAP)).toEqual({
      kind: 'failed',
      reason: REFUSED,
    });
  });
});

describe('Slack file downloads against a hostile file server', () => {
  const file = (name: string): SlackFile => ({
    id: 'F1',
    name,
    size: null,
    mimetype: 'text/plain',
    filetype: 'text',
    mode: 'hosted',
    url: `${base}/${name}`,
  });
  const get = (name: string) =>
    downloadSlackFile(file(name), {
      botToken: 'xoxb-test',
      maxBytes: CAP,
      origins: [base],
      timeoutMs: 5_000,
    });

  it('refuses a file that claims 1 GB', async () => {
    expect(await get('claims-1gb.log')).toEqual({
      kind: 'too-big',
      name: 'claims-1gb.log',
      bytes: GB,
      max: CAP,
    });
  });

  it('cuts an endless stream at the cap', async () => {
    sent.endlessClosed = false;
    expect(await get('endless.log')).toEqual({
      kind: 'too-big',
      name: 'endless.log',
      bytes: null,
      max: CAP,
    });
    await expect.poll(() => sent.endlessClosed).toBe(true);
  });

  it('does not follow a redirect (the bot token must not travel)', async () => {
    expect(await get('redirect/0')).toMatchObject({ kind: 'failed' });
  });
});
