import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDownloader, decodeLogBytes } from '../../../src/channels/download.js';
import { FILE_INFO_CONTENT_TYPE, teamsFiles } from '../../../src/channels/teams/files.js';

describe('teamsFiles', () => {
  it('finds Teams file attachments and ignores the rest', () => {
    const files = teamsFiles([
      { contentType: 'text/html', content: '<p>hi</p>' },
      {
        contentType: FILE_INFO_CONTENT_TYPE,
        name: 'u_ex.log',
        content: { downloadUrl: 'https://x/y', fileType: 'log' },
      },
      { contentType: FILE_INFO_CONTENT_TYPE, name: 'broken.log', content: {} },
      { contentType: 'image/png', contentUrl: 'https://x/i.png' },
    ]);
    expect(files).toEqual([{ name: 'u_ex.log', downloadUrl: 'https://x/y', fileType: 'log' }]);
  });
});

describe('decodeLogBytes', () => {
  it.each([
    ['UTF-8', Buffer.from('401 2 5 ä'), '401 2 5 ä'],
    [
      'UTF-8 with a BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('#Fields')]),
      '#Fields',
    ],
    [
      'UTF-16 LE with a BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('#Fields', 'utf16le')]),
      '#Fields',
    ],
  ])('reads %s', (_name, bytes, text) =>
    expect(decodeLogBytes(bytes)).toEqual({ kind: 'text', text }),
  );

  it('calls bytes with NULs binary', () => {
    expect(decodeLogBytes(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]))).toEqual({ kind: 'binary' });
  });
});

describe('createDownloader', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      // restify (loaded by other tests in the same worker) patches writeHead: no chaining
      if (req.url === '/small.log') {
        res.writeHead(200, { 'content-length': '7' });
        res.end('401 2 5');
      } else if (req.url === '/declared-big.log') {
        res.writeHead(200, { 'content-length': String(5000) });
        res.end(Buffer.alloc(5000, 'a'));
      } else if (req.url === '/streamed-big.log') {
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000, 'b'));
        res.end();
      } else if (req.url === '/slow.log') {
        res.writeHead(200);
        res.write('401');
        // never ends
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const download = createDownloader({ allowLoopbackHttp: true, timeoutMs: 500 });

  it('downloads a small file', async () => {
    const got = await download(`${base}/small.log`, 4096);
    expect(got.kind).toBe('ok');
    expect(Buffer.from((got as { bytes: Uint8Array }).bytes).toString()).toBe('401 2 5');
  });

  it('stops at the cap, on the declared length and while streaming', async () => {
    expect(await download(`${base}/declared-big.log`, 4096)).toEqual({
      kind: 'too-large',
      limit: 4096,
      size: 5000,
    });
    expect(await download(`${base}/streamed-big.log`, 4096)).toEqual({
      kind: 'too-large',
      limit: 4096,
      size: null,
    });
  });

  it('reports failures as values', async () => {
    expect(await download(`${base}/missing.log`, 4096)).toEqual({
      kind: 'failed',
      reason: 'the download answered HTTP 404',
    });
    expect(await download(`${base}/slow.log`, 4096)).toEqual({
      kind: 'failed',
      reason: 'the download took too long',
    });
    expect(await download('not a url', 4096)).toMatchObject({ kind: 'failed' });
  });

  it('refuses plain http except on loopback in local mode', async () => {
    const strict = createDownloader({ allowLoopbackHttp: false });
    expect(await strict(`${base}/small.log`, 4096)).toEqual({
      kind: 'failed',
      reason: 'the download link is not https',
    });
    expect(await download('http://10.0.0.1/x.log', 4096)).toEqual({
      kind: 'failed',
      reason: 'the download link is not https',
    });
  });
});
