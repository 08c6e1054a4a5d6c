import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdaptiveCard, SubmitAction } from '../../src/render/index.js';
import {
  BOT,
  cardButtons,
  cardOf,
  cardTexts,
  exchange,
  LOG_401_1_1326,
  postJson,
  startTestServer,
  teamsMessage,
} from './helpers.js';

type Running = Awaited<ReturnType<typeof startTestServer>>;

const ROOT = '1714637700000';
const CHANNEL = '19:general@thread.tacv2';
const channel = {
  conversation: {
    id: `${CHANNEL};messageid=${ROOT}`,
    conversationType: 'channel',
    isGroup: true,
    tenantId: 't1',
  },
  channelData: {
    tenant: { id: 't1' },
    team: { id: '19:team@thread.tacv2', name: 'Web Ops' },
    channel: { id: CHANNEL, name: 'General' },
  },
};

const FIELDS =
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
/** A customer's message as Teams hands it to a message action: HTML, an @mention, entities. */
const HTML = [
  '<div><at id="0">Megan Bowen</at>&nbsp;can you look at this ticket? The customer says:</div>',
  '<p>Users get a logon box on the intranet since Monday &amp; nobody can get in.</p>',
  '<p>password=Hunter2sup3r</p>',
  `<pre>${FIELDS}<br>${LOG_401_1_1326}</pre>`,
].join('');

const submitAction = (value: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
  ...teamsMessage(channel),
  type: 'invoke',
  name: 'composeExtension/submitAction',
  text: undefined,
  deliveryMode: undefined,
  value,
  ...over,
});

const messagePayload = {
  id: ROOT,
  replyToId: null,
  createdDateTime: '2024-05-02T08:15:00.000Z',
  body: { contentType: 'html', content: HTML },
  from: { user: { id: 'aad-user-2', displayName: 'Alex Wilber', userIdentityType: 'aadUser' } },
  mentions: [
    {
      id: 0,
      mentionText: 'Megan Bowen',
      mentioned: { user: { id: 'aad-user-1', displayName: 'Megan Bowen' } },
    },
  ],
};

interface DialogResponse {
  task: {
    type: string;
    value: { title: string; card: { contentType: string; content: AdaptiveCard } };
  };
}

describe('Teams message action "Triage with iis-triage" (composeExtension/submitAction)', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const openDialog = async (over: Record<string, unknown> = {}) => {
    const res = await postJson(
      `${server.url}/api/messages`,
      submitAction(
        {
          commandId: 'triageNote',
          commandContext: 'message',
          context: { theme: 'default' },
          data: { context: 'IIS 10 on Server 2019' },
          messagePayload,
        },
        over,
      ),
    );
    expect(res.status).toBe(200);
    return res.json as DialogResponse;
  };

  it('answers the invoke with the note as a dialog card for the engineer only, with a Post in thread button', async () => {
    const dialog = await openDialog();
    expect(dialog.task.type).toBe('continue');
    expect(dialog.task.value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = dialog.task.value.card.content;
    expect(card.version).toBe('1.5');
    const texts = cardTexts(card);
    expect(texts).toMatch(/only you can see this until you post it/);
    expect(texts).toMatch(/401\.1 with win32 1326 \(ERROR_LOGON_FAILURE\)/);
    expect(texts).toMatch(/Likely causes/);
    expect(texts).toMatch(/Questions for the customer/);
    expect(texts).toMatch(/Data to collect/);
    expect(texts).toMatch(/IIS 7 to 10/); // the engineer's addition was read with the message
    expect(texts).toMatch(/Masked before reading, and not shown here: 1 password\./);
    expect(texts).not.toMatch(/<at>|<p>|&nbsp;|Megan Bowen|Hunter2sup3r/);

    const post = cardButtons(card).find((b) => b.title === 'Post in thread');
    expect(post?.data).toMatchObject({ iisTriage: 'post-note', root: ROOT, cut: false });
    expect(JSON.stringify(post?.data)).not.toContain('Hunter2sup3r');
  });

  it('posts the note in the message thread when the engineer presses Post in thread', async () => {
    const dialog = await openDialog();
    const post = cardButtons(dialog.task.value.card.content).find(
      (b) => b.title === 'Post in thread',
    ) as SubmitAction;
    const res = await postJson(
      `${server.url}/api/messages`,
      submitAction(
        { commandId: 'triageNote', commandContext: 'message', data: post.data },
        { deliveryMode: 'expectReplies' },
      ),
    );
    expect(res.status).toBe(200);
    const activities = (res.json as { activities: Partial<Activity>[] }).activities;
    const [message, invokeResponse] = activities;
    expect(message?.type).toBe('message');
    expect(message?.conversation?.id).toBe(`${CHANNEL};messageid=${ROOT}`);
    expect(message?.replyToId).toBe(ROOT);
    expect(message?.from?.id).toBe(BOT.id);
    const posted = cardOf(message);
    expect(cardTexts(posted)).toMatch(/401\.1 with win32 1326/);
    expect(cardTexts(posted)).toMatch(/Masked before reading, and not shown here: 1 password\./);
    expect(cardTexts(posted)).not.toMatch(/only you can see this/);
    expect(cardButtons(posted)).toEqual([]);
    expect((posted.body[0] as { text: string }).text).toBe(
      (dialog.task.value.card.content.body[1] as { text: string }).text,
    );
    expect(invokeResponse).toMatchObject({
      type: 'invokeResponse',
      value: { status: 200, body: {} },
    });
  });

  it('tells the engineer in the dialog when the bot cannot post there', async () => {
    const dialog = await openDialog();
    const post = cardButtons(dialog.task.value.card.content).find(
      (b) => b.title === 'Post in thread',
    ) as SubmitAction;
    // no expectReplies: the post goes to the service URL, which refuses a bot outside the team
    const refused: string[] = [];
    const teams = createServer((req, res) => {
      refused.push(`${req.method} ${req.url}`);
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'no' } }));
    });
    await new Promise<void>((r) => teams.listen(0, '127.0.0.1', r));
    const serviceUrl = `http://127.0.0.1:${(teams.address() as AddressInfo).port}/`;
    const res = await postJson(
      `${server.url}/api/messages`,
      submitAction(
        { commandId: 'triageNote', commandContext: 'message', data: post.data },
        { serviceUrl },
      ),
    ).finally(() => new Promise((r) => teams.close(r)));
    expect(refused).toEqual([
      `POST /v3/conversations/${encodeURIComponent(`${CHANNEL};messageid=${ROOT}`)}/activities/${ROOT}`,
    ]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      task: {
        type: 'message',
        value: expect.stringMatching(/could not post in this conversation/) as string,
      },
    });
  });

  it('says so when the message has no text', async () => {
    const res = await postJson(
      `${server.url}/api/messages`,
      submitAction({
        commandId: 'triageNote',
        commandContext: 'message',
        data: {},
        messagePayload: {
          ...messagePayload,
          body: { contentType: 'html', content: '<img src="x.png">' },
        },
      }),
    );
    expect(res.json).toEqual({
      task: { type: 'message', value: expect.stringMatching(/no text I can read/) as string },
    });
  });
});

describe('"Copy as ticket note" under the bot\'s answers', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('offers the button on a diagnosis and answers it with the conversation as a Markdown note', async () => {
    const conversation = { id: 'a:personal-note', conversationType: 'personal' };
    const first = await exchange(server.url, teamsMessage({ text: LOG_401_1_1326, conversation }));
    const button = cardButtons(cardOf(first.at(-1))).find((b) => b.title === 'Copy as ticket note');
    expect(button?.data).toEqual({ action: { type: 'ticket-note' } });

    const replies = await exchange(server.url, teamsMessage({ value: button!.data, conversation }));
    const note = replies.at(-1)!;
    expect(note.textFormat).toBe('markdown');
    expect(note.text).toMatch(
      /^Ticket note for this conversation \(copy the block\):\n\n```\n## IIS triage note\n/,
    );
    expect(note.text).toContain('`401.1 with win32 1326 (ERROR_LOGON_FAILURE)`');
    expect(note.text).toContain('### Data to collect');
    expect(note.text).toMatch(/```$/);
  });

  it('says there is nothing to note in a fresh conversation', async () => {
    const replies = await exchange(
      server.url,
      teamsMessage({
        value: { action: { type: 'ticket-note' } },
        conversation: { id: 'a:personal-empty', conversationType: 'personal' },
      }),
    );
    expect(replies.at(-1)?.text).toMatch(/nothing to put in a ticket note yet/);
  });
});
