import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** One unmasked server frame (RFC 6455 5.2). */
const frame = (opcode: number, payload: Buffer): Buffer => {
  const n = payload.length;
  const head =
    n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else if (n >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
};

/**
 * Slack's Socket Mode end on 127.0.0.1: a bare WebSocket server (handshake and frames by hand,
 * no extra dependency) that says hello, pushes envelopes and collects the client's acks.
 */
export class FakeSocketMode {
  readonly received: Record<string, unknown>[] = [];
  private server: Server | undefined;
  private socket: Duplex | undefined;
  private connected: (() => void) | undefined;
  readonly ready = new Promise<void>((resolve) => (this.connected = resolve));
  url = '';

  async start(): Promise<void> {
    this.server = createServer((_req, res) => res.writeHead(404).end());
    this.server.on('upgrade', (req, socket) => {
      const key = String(req.headers['sec-websocket-key'] ?? '');
      const accept = createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.socket = socket;
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        for (;;) {
          const parsed = this.readFrame(pending);
          if (!parsed) break;
          pending = pending.subarray(parsed.size);
          if (parsed.opcode === 0x1)
            this.received.push(
              JSON.parse(parsed.payload.toString('utf8')) as Record<string, unknown>,
            );
          else if (parsed.opcode === 0x9) socket.write(frame(0xa, parsed.payload));
          else if (parsed.opcode === 0x8) socket.end(frame(0x8, Buffer.alloc(0)));
        }
      });
      socket.on('error', () => undefined); // the client may drop the connection on stop
      this.send({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' } });
      this.connected?.();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=t1`;
  }

  send(message: unknown): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  /** A masked client frame, or null until all of it has arrived. */
  private readFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | null {
    if (buf.length < 2) return null;
    const opcode = buf[0]! & 0x0f;
    let length = buf[1]! & 0x7f;
    let at = 2;
    if (length === 126) {
      if (buf.length < 4) return null;
      length = buf.readUInt16BE(2);
      at = 4;
    } else if (length === 127) {
      if (buf.length < 10) return null;
      length = Number(buf.readBigUInt64BE(2));
      at = 10;
    }
    const masked = (buf[1]! & 0x80) !== 0;
    const mask = masked ? buf.subarray(at, at + 4) : null;
    if (masked) at += 4;
    if (buf.length < at + length) return null;
    const payload = Buffer.from(buf.subarray(at, at + length));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i % 4]!;
    return { opcode, payload, size: at + length };
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
