import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackFile } from '../../../src/channels/slack/events.js';
import {
  describeFileProblem,
  downloadSlackFile,
  type FileResult,
} from '../../../src/channels/slack/files.js';
import { FakeSlack } from './fake-slack.js';

const fake = new FakeSlack();
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const file = (name: string, over: Partial<SlackFile> = {}): SlackFile => ({
  id: 'F1',
  name,
  size: null,
  mimetype: 'text/plain',
  filetype: 'text',
  mode: 'hosted',
  url: `${fake.origin}/files/${name}`,
  ...over,
});
const get = (f: SlackFile, maxBytes = 1000): Promise<FileResult> =>
  downloadSlackFile(f, { botToken: 'xoxb-t', maxBytes, origins: [fake.origin] });

describe('downloadSlackFile', () => {
  it('downloads with the bot token and decodes UTF-8', async () => {
    fake.files.set('a.log', { body: '#Fields: date time\n401 2 5 — é' });
    expect(await get(file('a.log'))).toEqual({
      kind: 'text',
      name: 'a.log',
      text: '#Fields: date time\n401 2 5 — é',
      bytes: 33,
    });
    expect(fake.fileRequests).toEqual([{ path: '/files/a.log', authorization: 'Bearer xoxb-t' }]);
  });

  it('decodes a UTF-16 log saved by Notepad', async () => {
    const text = '#Fields: sc-status\r\n401';
    fake.files.set('u16.log', {
      body: new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]),
    });
    expect(await get(file('u16.log'))).toMatchObject({ kind: 'text', text });
  });

  it('refuses by the size Slack reports, without a request', async () => {
    expect(await get(file('big.log', { size: 5000 }))).toEqual({
      kind: 'too-big',
      name: 'big.log',
      bytes: 5000,
      max: 1000,
    });
    expect(fake.fileRequests).toEqual([]);
  });

  it('stops a download that streams past the cap without a Content-Length', async () => {
    fake.files.set('stream.log', { body: 'x'.repeat(5000), chunks: 10 });
    expect(await get(file('stream.log'))).toEqual({
      kind: 'too-big',
      name: 'stream.log',
      bytes: null,
      max: 1000,
    });
  });

  it('refuses by Content-Length before reading the body', async () => {
    fake.files.set('long.log', { body: 'y'.repeat(3000) });
    expect(await get(file('long.log'))).toEqual({
      kind: 'too-big',
      name: 'long.log',
      bytes: 3000,
      max: 1000,
    });
  });

  it('explains a sign-in page (no files:read scope) instead of reading it as a log', async () => {
    fake.files.set('page.log', {
      body: '<html>sign in</html>',
      contentType: 'text/html; charset=utf-8',
    });
    const r = await get(file('page.log'));
    expect(r).toMatchObject({ kind: 'failed' });
    if (r.kind !== 'text') expect(describeFileProblem(r)).toContain('files:read');
  });

  it.each([
    [
      file('x.log', { url: 'https://evil.example/files/x.log' }),
      'the link does not point at Slack',
    ],
    [file('x.log', { url: null }), 'Slack sent no download link'],
  ])('never sends the token elsewhere and reports failures as values (%#)', async (f, reason) => {
    const r = await downloadSlackFile(f, {
      botToken: 'xoxb-t',
      maxBytes: 1000,
      origins: [fake.origin],
    });
    expect(r).toEqual({ kind: 'failed', name: 'x.log', reason });
    expect(fake.fileRequests.every((q) => q.path !== '/files/x.log')).toBe(true);
  });

  it('reports an HTTP error from Slack as a value', async () => {
    expect(await get(file('missing.log'))).toEqual({
      kind: 'failed',
      name: 'missing.log',
      reason: 'Slack answered HTTP 404',
    });
  });

  it('only talks to files.slack.com by default', async () => {
    fake.files.set('d.log', { body: 'z' });
    const r = await downloadSlackFile(file('d.log'), { botToken: 'xoxb-t', maxBytes: 1000 });
    expect(r).toMatchObject({ kind: 'failed', reason: 'the link does not point at Slack' });
    expect(fake.fileRequests).toEqual([]);
  });

  it('declines binary, compressed and external files with a reason', async () => {
    fake.files.set('bin.log', { body: new Uint8Array([1, 0, 2, 0, 3]) });
    expect(await get(file('bin.log'))).toMatchObject({
      kind: 'unsupported',
      reason: 'it is not a text file',
    });
    expect(
      await get(file('logs.zip', { filetype: 'zip', mimetype: 'application/zip' })),
    ).toMatchObject({ kind: 'unsupported' });
    expect(await get(file('g.log', { mode: 'external' }))).toMatchObject({
      kind: 'unsupported',
      reason: 'it is not stored in Slack',
    });
  });
});
