import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

/** One call the bot made to the Bot Connector service. */
export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown> & Partial<Activity>;
}

const readBody = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

/**
 * The Bot Connector service as Teams runs it, on a loopback port: new conversations (a post in a
 * channel), messages, updates in place, and member look-ups (`members` are in the team).
 */
export const startFakeConnector = async (
  members: readonly string[],
  options: { port?: number; onCall?: (call: ConnectorCall) => void } = {},
) => {
  const calls: ConnectorCall[] = [];
  let n = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      const body = await readBody(req);
      const call = { method: req.method ?? '', path, body };
      calls.push(call);
      options.onCall?.(call);
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      const member = /^\/v3\/conversations\/[^/]+\/members\/(.+)$/.exec(path);
      if (req.method === 'GET' && member) {
        if (members.includes(member[1]!)) send(200, { id: member[1], name: 'member' });
        else send(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
      } else if (req.method === 'POST' && path === '/v3/conversations') {
        const channel = (body.channelData as { channel?: { id?: string } }).channel?.id ?? 'x';
        n += 1;
        send(200, { id: `${channel};messageid=post-${n}`, activityId: `post-${n}` });
      } else {
        n += 1;
        send(200, { id: `act-${n}` });
      }
    })();
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    /** Messages sent into a conversation (not updates, posts or look-ups). */
    sentTo: (conversationId: string) =>
      calls.filter(
        (c) =>
          c.method === 'POST' &&
          c.path.startsWith(`/v3/conversations/${conversationId}/activities`),
      ),
    updates: () => calls.filter((c) => c.method === 'PUT'),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
};
