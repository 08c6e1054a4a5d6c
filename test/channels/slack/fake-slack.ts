import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call as the fake received it (form or JSON body, JSON fields decoded). */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
}

export interface FileRequest {
  path: string;
  authorization: string | undefined;
}

/** What the fake serves under /files/<name>. */
export interface FakeFile {
  body: Uint8Array | string;
  contentType?: string;
  /** Send without Content-Length (chunked), as a stream of this many equal chunks. */
  chunks?: number;
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
};

const decodeArgs = (raw: string, contentType: string | undefined): Record<string, unknown> => {
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] =
      (k === 'blocks' || k === 'attachments' || k === 'view') && /^[[{]/.test(v)
        ? (JSON.parse(v) as unknown)
        : v;
  }
  return args;
};

/**
 * A Slack Web API and file host on 127.0.0.1: records chat.* calls and serves files, so Bolt's
 * real WebClient and our downloader run end to end without the internet.
 */
export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly fileRequests: FileRequest[] = [];
  readonly files = new Map<string, FakeFile>();
  private server: Server | undefined;
  private ts = 0;
  /** Called before answering each API call (tests check ordering, e.g. ack before post). */
  onCall: (method: string) => void = () => undefined;
  /** What apps.connections.open hands out (Socket Mode). */
  socketUrl = '';
  /** auth.test answers invalid_auth (a revoked or mistyped bot token). */
  rejectAuth = false;
  /** Web API methods that answer `{ ok: false, error }` (e.g. chat.postMessage -> not_in_channel). */
  readonly failures = new Map<string, string>();
  /** Extra fields of a method's `ok` answer (e.g. conversations.members -> { members }). */
  readonly answers = new Map<string, Record<string, unknown>>();
  origin = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname.startsWith('/files/')) {
          this.fileRequests.push({ path: url.pathname, authorization: req.headers.authorization });
          const file = this.files.get(url.pathname.slice('/files/'.length));
          if (!file) {
            res.writeHead(404).end();
            return;
          }
          const bytes =
            typeof file.body === 'string' ? Buffer.from(file.body) : Buffer.from(file.body);
          const type = file.contentType ?? 'text/plain';
          if (file.chunks) {
            res.writeHead(200, { 'content-type': type });
            const size = Math.ceil(bytes.length / file.chunks);
            for (let i = 0; i < bytes.length; i += size) res.write(bytes.subarray(i, i + size));
            res.end();
          } else {
            res.writeHead(200, { 'content-type': type, 'content-length': bytes.length }).end(bytes);
          }
          return;
        }
        const method = url.pathname.replace(/^\/api\//, '');
        const args = decodeArgs(await readBody(req), req.headers['content-type']);
        this.onCall(method);
        this.calls.push({ method, args, authorization: req.headers.authorization });
        this.ts += 1;
        const ts = `1700000000.${String(this.ts).padStart(6, '0')}`;
        res.writeHead(200, { 'content-type': 'application/json' });
        if (method === 'apps.connections.open') {
          res.end(JSON.stringify({ ok: true, url: this.socketUrl }));
          return;
        }
        if (method === 'auth.test') {
          res.end(
            JSON.stringify(
              this.rejectAuth
                ? { ok: false, error: 'invalid_auth' }
                : { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' },
            ),
          );
          return;
        }
        const failure = this.failures.get(method);
        if (failure) {
          res.end(JSON.stringify({ ok: false, error: failure }));
          return;
        }
        res.end(
          JSON.stringify({ ok: true, channel: args.channel, ts, ...this.answers.get(method) }),
        );
      })();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get apiUrl(): string {
    return `${this.origin}/api/`;
  }

  posts(): ApiCall[] {
    return this.calls.filter((c) => c.method === 'chat.postMessage');
  }

  reset(): void {
    this.calls.length = 0;
    this.fileRequests.length = 0;
    this.onCall = () => undefined;
    this.rejectAuth = false;
    this.failures.clear();
    this.answers.clear();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }
}
