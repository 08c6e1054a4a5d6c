import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationKey, MemoryStore } from '../../src/state/index.js';
import {
  BOT,
  cardButtons,
  cardOf,
  cardTexts,
  exchange,
  LOG_401_1_1326,
  LOG_401_2_5,
  postJson,
  startTestServer,
  teamsMessage,
} from './helpers.js';

type Running = Awaited<ReturnType<typeof startTestServer>>;

describe.each([
  ['on the thread serving HTTP', undefined],
  ['on the pool', 0],
])(
  'POST /api/messages (Teams-shaped activities, expectReplies), turns %s',
  (_where, inlineMaxChars) => {
    let server: Running;
    let store: MemoryStore;
    let files: Server;
    let filesUrl: string;
    const served: Record<string, string | Buffer> = {};

    beforeAll(async () => {
      store = new MemoryStore();
      server = await startTestServer({
        store,
        env: { FILE_MAX_BYTES: '4096' },
        ...(inlineMaxChars === undefined ? {} : { engine: { inlineMaxChars } }),
      });
      files = createServer((req, res) => {
        const body = served[req.url ?? ''];
        // restify patches ServerResponse.writeHead in this process: it does not return `res`
        if (body === undefined) {
          res.writeHead(404);
          res.end();
          return;
        }
        res.writeHead(200, {
          'content-type': 'application/octet-stream',
          ...(Buffer.isBuffer(body) ? { 'content-length': String(body.length) } : {}),
        });
        res.end(body);
      });
      await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
      filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await server?.close();
      await new Promise((r) => files?.close(r));
    });

    it('answers a channel post that @mentions the bot in HTML, in the thread (under expectReplies without a typing indicator: it would arrive with the answer)', async () => {
      const thread = '19:general@thread.tacv2;messageid=1714637700000';
      const incoming = teamsMessage({
        text: `<p><at>${BOT.name}</at>&nbsp;we get this all day: <br>${LOG_401_2_5}</p>`,
        textFormat: 'xml',
        entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
        conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: 't1' },
        channelData: {
          tenant: { id: 't1' },
          team: { id: '19:team@thread.tacv2', name: 'Web Ops' },
          channel: { id: '19:general@thread.tacv2', name: 'General' },
          teamsTeamId: '19:team@thread.tacv2',
          teamsChannelId: '19:general@thread.tacv2',
        },
      });
      const replies = await exchange(server.url, incoming);
      expect(replies.map((r) => r.type)).toEqual(['message']);
      const answer = replies[0]!;
      expect(answer.conversation?.id).toBe(thread);
      expect(answer.replyToId).toBe(incoming.id);

      const attachment = answer.attachments?.[0];
      expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      const card = cardOf(answer);
      expect(card.version).toBe('1.5');
      // the engine read the log line: 401.2 explained, causes ranked with a confidence
      expect(cardTexts(card)).toMatch(/401\.2/);
      expect(cardTexts(card)).toMatch(/\d+%/);
      expect(cardTexts(card)).not.toMatch(/<at>|<p>|&nbsp;/);
      // the follow-up question as buttons whose data is an engine Action
      const buttons = cardButtons(card);
      expect(buttons.length).toBeGreaterThan(1);
      for (const b of buttons) expect(b.data).toHaveProperty('action.type');
      // text fallback for clients without cards, and a preview line
      expect(card.fallbackText.split('\n')[0]).toBe((card.body[0] as { text: string }).text);
      expect(answer.summary).toBeTruthy();
      expect((answer.channelData as { feedbackLoopEnabled?: boolean }).feedbackLoopEnabled).toBe(
        true,
      );
    });

    it('drives the next turn from a card submit value, without asking the same question again', async () => {
      const conversation = { id: 'a:personal-submit', conversationType: 'personal' };
      const first = await exchange(server.url, teamsMessage({ text: LOG_401_2_5, conversation }));
      const card = cardOf(first.at(-1));
      const question = cardButtons(card).find(
        (b) => (b.data as { action: { type: string } }).action.type === 'answer',
      );
      expect(question).toBeDefined();
      const action = (question!.data as { action: { fact: string; value: string } }).action;

      const second = await exchange(
        server.url,
        teamsMessage({
          value: question!.data,
          conversation,
          channelData: { source: { name: 'message' } },
        }),
      );
      const next = cardOf(second.at(-1));
      expect(cardTexts(next)).not.toBe(cardTexts(card));
      const asked = cardButtons(next)
        .map((b) => (b.data as { action: { type: string; fact?: string } }).action)
        .filter((a) => a.type === 'answer')
        .map((a) => a.fact);
      expect(asked).not.toContain(action.fact);
      const stored = await store.read(
        conversationKey({ channelId: 'msteams', conversationId: conversation.id }),
      );
      const record = stored?.value as { dialog: { known: Record<string, string>; turns: number } };
      expect(record.dialog.turns).toBe(2);
      expect(record.dialog.known[action.fact]).toBe(action.value);
    });

    it('explains a code asked in a group chat', async () => {
      const replies = await exchange(
        server.url,
        teamsMessage({
          text: `<at>${BOT.name}</at> explain 401.3`,
          entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
          conversation: { id: '19:chat@thread.v2', conversationType: 'groupChat', isGroup: true },
        }),
      );
      expect(cardTexts(cardOf(replies.at(-1)))).toMatch(/401\.3/);
    });

    it('reads a log file sent in a personal chat', async () => {
      served['/u_ex240502.log'] = [
        '#Software: Microsoft Internet Information Services 10.0',
        '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
        LOG_401_1_1326,
        '',
      ].join('\r\n');
      const replies = await exchange(
        server.url,
        teamsMessage({
          conversation: { id: 'a:personal-file', conversationType: 'personal' },
          attachments: [
            {
              contentType: 'application/vnd.microsoft.teams.file.download.info',
              name: 'u_ex240502.log',
              contentUrl: 'https://contoso.sharepoint.com/personal/u_ex240502.log',
              content: {
                downloadUrl: `${filesUrl}/u_ex240502.log`,
                uniqueId: 'f-1',
                fileType: 'log',
              },
            },
          ],
        }),
      );
      const texts = cardTexts(cardOf(replies.at(-1)));
      expect(texts).toMatch(/401\.1/);
      expect(texts).toMatch(/1326|ERROR_LOGON_FAILURE/);
      // the whole file's scan summary leads the answer
      expect(texts).toContain(
        'u_ex240502.log: 3 lines, 1 log entry, 2024-05-02 08:14:03 to 2024-05-02 08:14:03 UTC.',
      );
    });

    it('says so when a file is over the size limit', async () => {
      served['/big.log'] = Buffer.alloc(10_000, 'x');
      const replies = await exchange(
        server.url,
        teamsMessage({
          conversation: { id: 'a:personal-big', conversationType: 'personal' },
          attachments: [
            {
              contentType: 'application/vnd.microsoft.teams.file.download.info',
              name: 'big.log',
              content: { downloadUrl: `${filesUrl}/big.log`, fileType: 'log' },
            },
          ],
        }),
      );
      const texts = cardTexts(cardOf(replies.at(-1)));
      expect(texts).toMatch(/big\.log is too big/);
      expect(texts).toMatch(/\(10 KB\)[\s\S]*up to 4 KB/);
    });

    it('asks for pasted lines when a file arrives outside a personal chat', async () => {
      const replies = await exchange(
        server.url,
        teamsMessage({
          conversation: {
            id: '19:chat-files@thread.v2',
            conversationType: 'groupChat',
            isGroup: true,
          },
          attachments: [
            {
              contentType: 'application/vnd.microsoft.teams.file.download.info',
              name: 'u_ex.log',
              content: { downloadUrl: `${filesUrl}/u_ex240502.log`, fileType: 'log' },
            },
          ],
        }),
      );
      expect(cardTexts(cardOf(replies.at(-1)))).toMatch(/personal chat/);
    });

    it('welcomes on install with a card, and stays quiet when someone else joins', async () => {
      const added = await exchange(
        server.url,
        teamsMessage({ type: 'conversationUpdate', text: undefined, membersAdded: [BOT] }),
      );
      expect(added).toHaveLength(1);
      const welcome = cardOf(added[0]);
      expect(cardTexts(welcome)).toMatch(/IIS/);
      expect(cardButtons(welcome).map((b) => b.data)).toContainEqual({ text: 'help' });
      const other = await exchange(
        server.url,
        teamsMessage({
          type: 'conversationUpdate',
          text: undefined,
          membersAdded: [{ id: '29:other' }],
        }),
      );
      expect(other).toEqual([]);
    });

    it('stores feedback from the Teams feedback buttons with the answer id and answers 200 with no body', async () => {
      const conversation = { id: 'a:personal-feedback', conversationType: 'personal' };
      await exchange(server.url, teamsMessage({ text: LOG_401_1_1326, conversation }));
      const key = conversationKey({ channelId: 'msteams', conversationId: conversation.id });
      const answerId = ((await store.read(key))?.value as { dialog: { lastReplyId: string } })
        .dialog.lastReplyId;
      expect(answerId).toBeTruthy();

      const res = await postJson(`${server.url}/api/messages`, {
        ...teamsMessage({ conversation }),
        type: 'invoke',
        name: 'message/submitAction',
        deliveryMode: undefined,
        replyToId: '1714637700123',
        value: {
          actionName: 'feedback',
          actionValue: {
            reaction: 'dislike',
            feedback: '{"feedbackText":"the SPN step was missing"}',
          },
        },
      });
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      const feedback = await store.read(
        `feedback/msteams/a:personal-feedback/${answerId}/aad-user-1`,
      );
      expect(feedback?.value).toMatchObject({
        answerId,
        messageId: '1714637700123',
        reaction: 'dislike',
        comment: 'the SPN step was missing',
      });
    });

    it('answers plain text to channels without cards', async () => {
      const replies = await exchange(
        server.url,
        teamsMessage({
          channelId: 'slack',
          text: LOG_401_1_1326,
          conversation: { id: 'slack-c1' },
        }),
      );
      const answer = replies.at(-1)!;
      expect(answer.attachments ?? []).toEqual([]);
      expect(answer.text).toMatch(/401\.1/);
    });

    it('keeps raw user text out of the logs', async () => {
      const secret = 'Hunter2-sup3r-s3cret';
      await exchange(
        server.url,
        teamsMessage({
          text: `password=${secret} ${LOG_401_1_1326}`,
          conversation: { id: 'a:logs' },
        }),
      );
      const all = server.logs.join('\n');
      expect(all).toMatch(/"msg":"answered"/);
      expect(all).not.toContain(secret);
      expect(all).not.toContain('/intranet/');
    });

    it('refuses activities that are not activities, with a JSON error', async () => {
      const noConversation = await postJson(`${server.url}/api/messages`, {
        type: 'message',
        serviceUrl: 'http://127.0.0.1:9/',
        text: 'hi',
      });
      expect(noConversation.status).toBe(400);
      expect(noConversation.json).toMatchObject({ error: { code: 'invalid_activity' } });
      const notJson = await postJson(`${server.url}/api/messages`, '{"type":');
      expect(notJson.status).toBe(400);
      expect(notJson.json).toMatchObject({ error: { code: 'invalid_json' } });
    });

    it('ignores activity types it does not handle', async () => {
      const res = await postJson(
        `${server.url}/api/messages`,
        teamsMessage({ type: 'messageReaction' }),
      );
      expect(res.status).toBe(200);
      expect((res.json as { activities: Partial<Activity>[] }).activities).toEqual([]);
    });
  },
);
