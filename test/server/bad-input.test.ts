import { createServer, type Server } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
} from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS } from '../../src/channels/teams/text.js';
import { MemoryStore } from '../../src/state/index.js';
import {
  cardOf,
  cardTexts,
  exchange,
  LOG_401_2_5,
  postJson,
  startTestServer,
  teamsMessage,
} from './helpers.js';

type Running = Awaited<ReturnType<typeof startTestServer>>;
type Answer = { status: number; json: unknown; text: string };

const GB = 1024 * 1024 * 1024;

/** A body of `total` bytes produced lazily (never held in memory), JSON-typed. */
const streamed = async (
  url: string,
  total: number,
): Promise<{ answer: number | string; json?: unknown; sent: number }> => {
  let sent = 0;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        pull(controller) {
          if (sent === 0) controller.enqueue(Buffer.from('{"message":"'));
          if (sent >= total) return controller.close();
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      }),
      duplex: 'half',
    });
    return { answer: res.status, json: await res.json(), sent };
  } catch (e) {
    // the server may hang up while the sender is still sending
    return { answer: String((e as Error).cause ?? e), sent };
  }
};

const raw = async (url: string, body: string | Buffer, contentType?: string): Promise<Answer> => {
  const res = await fetch(url, {
    method: 'POST',
    headers: contentType === undefined ? {} : { 'content-type': contentType },
    body,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    // a non-JSON answer fails the assertion on `json` below
    json = undefined;
  }
  return { status: res.status, json, text };
};

const expectError = (res: Answer, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.json).toMatchObject({ error: { code, message: expect.any(String) as string } });
};

let server: Running;
let store: MemoryStore;
let silent: Server;
let silentUrl: string;
/** A serviceUrl that accepts connections and resets each one when the request arrives. */
let resetting: NetServer;
let resetUrl: string;
let resets = 0;
beforeAll(async () => {
  resetting = createNetServer((socket) => {
    resets++;
    socket.once('data', () => socket.resetAndDestroy());
  });
  await new Promise<void>((r) => resetting.listen(0, '127.0.0.1', r));
  resetUrl = `http://127.0.0.1:${(resetting.address() as AddressInfo).port}/`;
  store = new MemoryStore();
  // a serviceUrl that accepts replies and never answers them; and a hostile file host
  silent = createServer((req, res) => {
    // restify patches writeHead in this process: no chaining
    if (req.url === '/endless.log') {
      res.writeHead(200);
      const chunk = Buffer.alloc(16 * 1024, 'A');
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    } else if (req.url === '/claims-1gb.log') {
      res.writeHead(200, { 'content-length': String(GB) });
      res.write('#Fields: date time\n');
    } else if (req.url === '/binary.log') {
      res.writeHead(200);
      res.end(Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0xff, 0xff]));
    } else if (req.url === '/latin1.log') {
      res.writeHead(200);
      res.end(Buffer.from(`Zugriff verweigert \xe4\xf6 ${LOG_401_2_5}\n`, 'latin1'));
    } else if (req.url === '/elsewhere.log') {
      res.writeHead(302, { location: 'http://10.0.0.1/u_ex.log' });
      res.end();
    }
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
  server = await startTestServer({
    store,
    env: { FILE_MAX_BYTES: String(256 * 1024) },
    botAuth: { sendTimeoutMs: 300 },
  });
});
afterAll(async () => {
  await server?.close();
  await new Promise((r) => resetting.close(r));
  silent.closeAllConnections();
  await new Promise((r) => silent.close(r));
});

const JUNK = Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x7b, 0x80, 0xc3, 0x28, 0x0a, 0x1b, 0x5b]);
const DEEP = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;

describe.each(['/api/messages', '/api/triage'])('bad bodies on %s', (path) => {
  const url = () => `${server.url}${path}`;

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['no content type', undefined],
    ['text/json', 'text/json'],
  ])('refuses %s with 415', async (_name, type) => {
    expectError(await raw(url(), '{"message":"401.2"}', type), 415, 'unsupported_media_type');
  });

  it.each([
    ['malformed JSON', '{"type":', 'invalid_json'],
    ['binary junk', JUNK, 'invalid_utf8'],
    ['a UTF-8 byte order mark and junk', Buffer.from([0xef, 0xbb, 0xbf, 0x7b]), 'invalid_json'],
    ['an empty body', '', 'empty_body'],
    ['whitespace', ' \n\t ', 'empty_body'],
  ])('refuses %s with 400', async (_name, body, code) => {
    expectError(await raw(url(), body, 'application/json'), 400, code);
  });

  it.each([
    ['an array', '[1,2]'],
    ['a number', '401'],
    ['a string', '"401.2"'],
    ['null', 'null'],
    ['200,000 nested arrays', DEEP],
  ])('refuses %s with 400', async (_name, body) => {
    const res = await raw(url(), body, 'application/json');
    expect(res.status).toBe(400);
    expect(res.json).toHaveProperty('error.code');
  });

  it('refuses a declared 1 GB body with 413 before reading it', async () => {
    const res = await fetch(url(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(GB) },
      body: new ReadableStream({
        pull(controller) {
          controller.enqueue(Buffer.alloc(64 * 1024, 'x'));
        },
      }),
      duplex: 'half',
    }).then(
      (r) => r.status,
      (e: unknown) => String((e as Error).cause ?? e),
    );
    // the answer comes first; the sender may also see the connection closed under it
    expect(String(res)).toMatch(/^413$|closed|reset|EPIPE|socket/i);
  });

  it('cuts a streamed 1 GB body with 413, having read little of it', async () => {
    const res = await streamed(url(), GB);
    expect(String(res.answer)).toMatch(/^413$|closed|reset|EPIPE|socket/i);
    if (res.answer === 413)
      expect(res.json).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(res.sent).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('bad activities on /api/messages', () => {
  const url = () => `${server.url}/api/messages`;
  const without = (key: string) => {
    const a = teamsMessage({ text: LOG_401_2_5 });
    delete a[key];
    return a;
  };

  it.each(['type', 'channelId', 'serviceUrl', 'conversation', 'from', 'recipient'])(
    'refuses an activity without %s (400)',
    async (key) => {
      const res = await postJson(url(), without(key));
      expectError(res, 400, 'invalid_activity');
      expect((res.json as { error: { message: string } }).error.message).toContain(key);
    },
  );

  it.each([
    ['text a number', { text: 401 }],
    ['attachments a string', { attachments: 'u_ex.log' }],
    ['an attachment null', { attachments: [null] }],
    ['an entity without a type', { entities: [{ text: 'x' }] }],
    ['a mention that names nobody', { entities: [{ type: 'mention', text: '<at>x</at>' }] }],
    ['from a string', { from: 'me' }],
    ['recipient without an id', { recipient: { name: 'bot' } }],
    ['conversation id empty', { conversation: { id: '' } }],
    ['channelId an object', { channelId: {} }],
    ['locale a number', { locale: 1033 }],
    ['serviceUrl not a URL', { serviceUrl: 'javascript:alert(1)' }],
    ['channelData an array', { channelData: [1] }],
    ['a 2,000-character id', { id: 'x'.repeat(2000) }],
  ])('refuses an activity with %s (400)', async (_name, over) => {
    expectError(await postJson(url(), teamsMessage(over)), 400, 'invalid_activity');
  });

  it.each(['conversation', 'from', 'recipient', 'channelData'])(
    'refuses an activity nested 5,000 levels deep in %s with 400, before any work',
    async (field) => {
      const id = `a:deep-${field}`;
      const activity = teamsMessage({ text: LOG_401_2_5, conversation: { id } });
      const inner = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const base = JSON.stringify({ ...(activity[field] as object), deep: 0 });
      const body = JSON.stringify({ ...activity, [field]: '@' }).replace(
        '"@"',
        base.replace('"deep":0', `"deep":${inner}`),
      );
      const logged = server.logs.length;
      expectError(await raw(url(), body, 'application/json'), 400, 'too_deep');
      expect(await store.read(`conversations/msteams/${id}`)).toBeUndefined();
      expect(server.logs.slice(logged).join('\n')).not.toMatch(
        /"msg":"(answered|activity failed)"/,
      );
    },
  );

  it('treats top-level nulls as absent', async () => {
    const replies = await exchange(
      server.url,
      teamsMessage({ text: LOG_401_2_5, locale: null, attachments: null, summary: null }),
    );
    expect(cardTexts(cardOf(replies.at(-1)))).toMatch(/401\.2/);
  });

  it.each([
    ['messageReaction', {}],
    ['event', { name: 'something/happened', value: { a: 1 } }],
    ['typing', {}],
    ['a type nobody defined', { type: 'x-unknown' }],
    [
      'an invoke no handler takes',
      { type: 'invoke', name: 'composeExtension/query', deliveryMode: undefined },
    ],
  ])('ignores %s: 200 and no reply', async (type, over) => {
    const res = await postJson(url(), teamsMessage({ type, ...over }));
    expect(res.status).toBe(200);
    const replies = (res.json as { activities?: Partial<Activity>[] } | undefined)?.activities;
    expect(replies ?? []).toEqual([]);
  });

  it('answers a message of 900,000 characters, reading up to the limit and saying so', async () => {
    const long = `${LOG_401_2_5}\n${'lorem ipsum '.repeat(75_000)}`;
    expect(long.length).toBeGreaterThan(MAX_TEXT_CHARS);
    const replies = await exchange(
      server.url,
      teamsMessage({ text: long, conversation: { id: 'a:long' } }),
    );
    const texts = cardTexts(cardOf(replies.at(-1)));
    expect(texts).toMatch(/401\.2/);
    expect(texts).toMatch(/Only the first 200,000 characters of your message were read/);
  });

  it.each([
    ['control characters and NULs', '\u0000\u0001\u001b[31m401.2\u0007\u0000'],
    ['lone surrogates', '\ud800 401.2 \udfff'],
    ['replacement characters', '\ufffd'.repeat(5000)],
    ['right-to-left overrides', '\u202e2.104 rorrE PTTH\u202c'],
  ])('answers text full of %s', async (_name, text) => {
    const replies = await exchange(
      server.url,
      teamsMessage({ text, conversation: { id: `a:junk-${text.length}` } }),
    );
    expect(replies.at(-1)?.type).toBe('message');
    expect(cardTexts(cardOf(replies.at(-1)))).not.toMatch(/^Sorry, something went wrong/);
  });

  it('answers within the send deadline when the serviceUrl takes replies and never answers', async () => {
    const res = await postJson(
      url(),
      teamsMessage({ text: LOG_401_2_5, serviceUrl: silentUrl, deliveryMode: undefined }),
    );
    // the reply could not be delivered: the turn failed, was logged, and the request ended
    expect(res.status).toBe(200);
    expect(server.logs.join('\n')).toMatch(/"msg":"turn failed"/);
  });
});

describe('a serviceUrl that accepts connections and resets them', () => {
  it('gets one send budget for all the replies of a turn, the apology included', async () => {
    const before = resets;
    const logged = server.logs.length;
    const res = await postJson(
      `${server.url}/api/messages`,
      teamsMessage({ text: LOG_401_2_5, serviceUrl: resetUrl, deliveryMode: undefined }),
    );
    expect(res.status).toBe(200);
    const logs = server.logs.slice(logged).join('\n');
    expect(logs).toMatch(/"msg":"turn failed"/);
    // the typing indicator used the budget up (its first try reset, its retry was cut): the
    // apology was not tried on the network at all
    expect(logs).toMatch(
      /"message":"The operation was aborted\.[^"]*"[^\n]*"msg":"could not apologise"/,
    );
    expect(resets - before).toBe(1);
  });
});

describe('bad messages on /api/triage', () => {
  const url = () => `${server.url}/api/triage`;

  it('answers a message of 900,000 characters, reading up to the limit and saying so', async () => {
    const res = await postJson(url(), {
      message: `${LOG_401_2_5}\n${'lorem ipsum '.repeat(75_000)}`,
    });
    expect(res.status).toBe(200);
    const analysis = res.json as { truncated?: boolean; reply: string; codes: unknown[] };
    expect(analysis.truncated).toBe(true);
    expect(analysis.reply).toMatch(/very long; I read its beginning only/);
    expect(analysis.codes).toContainEqual({ status: 401, substatus: 2, win32: 5 });
  });

  it.each([
    ['control characters', '\u0000\u0001\u001b[31m\u0007'.repeat(1000)],
    ['lone surrogates', '\ud800\udfff\ud800'.repeat(1000)],
    ['one 800,000-character word', 'A'.repeat(800_000)],
    ['400,000 newlines', '\n'.repeat(400_000)],
  ])('answers a message of %s with 200 and a bounded reply', async (_name, message) => {
    const res = await postJson(url(), { message: `${message} 401.2` });
    expect(res.status).toBe(200);
    expect((res.json as { reply: string }).reply.length).toBeLessThanOrEqual(4000);
  });

  it('refuses a body nested 5,000 levels deep with 400', async () => {
    const body = `{"message":"401.2","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expectError(await raw(url(), body, 'application/json'), 400, 'too_deep');
  });

  it('refuses extra nesting in the message with 400', async () => {
    expectError(await postJson(url(), { message: { text: '401.2' } }), 400, 'invalid_request');
  });
});

describe('hostile file attachments in a Teams personal chat', () => {
  const sendFile = async (path: string) => {
    const replies = await exchange(
      server.url,
      teamsMessage({
        conversation: { id: `a:file${path}`, conversationType: 'personal' },
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'u_ex.log',
            content: { downloadUrl: `${silentUrl}${path.slice(1)}`, fileType: 'log' },
          },
        ],
      }),
    );
    return cardTexts(cardOf(replies.at(-1)));
  };

  it.each([
    [
      'streams forever',
      '/endless.log',
      /u_ex\.log is too big for me \(larger than that\)[\s\S]*up to 256 KB/,
    ],
    ['claims 1 GB', '/claims-1gb.log', /u_ex\.log is too big for me \(1024 MB\)/],
    ['is binary', '/binary.log', /does not look like a text log file/],
    [
      'redirects to plain http elsewhere',
      '/elsewhere.log',
      /could not download u_ex\.log: it redirected/,
    ],
  ])('answers a file that %s with a clear message', async (_name, path, expected) => {
    expect(await sendFile(path)).toMatch(expected);
  });

  it('reads a file in a legacy code page (invalid UTF-8)', async () => {
    expect(await sendFile('/latin1.log')).toMatch(/401\.2/);
  });
});
