import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { fileSummary } from '../../../src/channels/file-notes.js';
import { wantsFeedback } from '../../../src/channels/slack/index.js';
import { initialState, turn, type Action, type Reply } from '../../../src/dialog/index.js';
import { renderBlocks } from '../../../src/render/index.js';
import type { Button } from '@slack/types';
import type { SlackMessage } from '../../../src/render/index.js';
import {
  asConversationRecord,
  conversationKey,
  feedbackKey,
  MemoryStore,
} from '../../../src/state/index.js';
import { slackProblems } from '../../render/blocks-limits.js';
import type { ApiCall } from './fake-slack.js';
import { fake, knowledge, logLines, makeApp, NOW, useFakeSlack } from './harness.js';

useFakeSlack();

const sendEvent = (app: App, event: Record<string, unknown>, eventId: string) =>
  app.processEvent({
    body: {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: eventId,
      event_time: 1,
      event,
    },
    ack: () => Promise.resolve(),
  });

/** The engine itself is the oracle: the same inputs through turn() and the renderer. */
const expectedMessages = (
  inputs: (string | Action)[],
): { reply: Reply; messages: SlackMessage[] } => {
  let state = initialState();
  let reply: Reply | undefined;
  for (const input of inputs) {
    const result = turn(state, input, knowledge, NOW);
    state = result.state;
    reply = result.reply;
  }
  return {
    reply: reply!,
    messages: [renderBlocks(reply!, { feedback: wantsFeedback(reply!) })],
  };
};

const posted = (calls: ApiCall[]) =>
  calls.map((c) => ({ text: c.args.text, blocks: c.args.blocks }));

const MENTION =
  '<@UBOT> users get HTTP Error 401.2 - Unauthorized on <http://intranet.contoso.com|intranet.contoso.com> from IE &amp; Edge, but it works on the server itself';
const STRIPPED =
  'users get HTTP Error 401.2 - Unauthorized on intranet.contoso.com from IE & Edge, but it works on the server itself';

describe('Slack app (Bolt, offline)', () => {
  it('answers a channel mention in its thread with the Block Kit of the engine reply', async () => {
    const app = makeApp();
    await sendEvent(
      app,
      {
        type: 'app_mention',
        user: 'U2',
        text: MENTION,
        ts: '1700000001.000100',
        channel: 'C1',
        team: 'T1',
      },
      'Ev1',
    );
    const posts = fake.posts();
    expect(posts.length).toBeGreaterThan(0);
    for (const p of posts) {
      expect(p.args).toMatchObject({ channel: 'C1', thread_ts: '1700000001.000100' });
      expect(p.authorization).toBe('Bearer xoxb-test');
    }
    expect(posted(posts)).toEqual(expectedMessages([STRIPPED]).messages);
    for (const p of posts) expect(slackProblems(p.args as unknown as SlackMessage)).toEqual([]);
  });

  it('gives the engine the text without the mention, links or Slack escapes, under team + channel + thread', async () => {
    const store = new MemoryStore();
    const app = makeApp({ store });
    await sendEvent(
      app,
      { type: 'app_mention', user: 'U2', text: MENTION, ts: '1700000001.000100', channel: 'C1' },
      'Ev1',
    );
    const key = conversationKey({ channelId: 'slack', conversationId: 'T1:C1:1700000001.000100' });
    const record = asConversationRecord((await store.read(key))?.value);
    expect(record?.dialog.context).toBe(STRIPPED);
    expect(store.size).toBe(1);
  });

  it('keeps the conversation for a follow-up in the same thread and ignores unrelated threads', async () => {
    const app = makeApp();
    await sendEvent(
      app,
      { type: 'app_mention', user: 'U2', text: MENTION, ts: '1700000001.000100', channel: 'C1' },
      'Ev1',
    );
    fake.reset();
    const followUp = {
      type: 'message',
      channel_type: 'channel',
      channel: 'C1',
      user: 'U2',
      ts: '1700000002.000100',
      thread_ts: '1700000001.000100',
    };
    await sendEvent(app, { ...followUp, text: 'it only fails from other machines' }, 'Ev2');
    expect(posted(fake.posts())).toEqual(
      expectedMessages([STRIPPED, 'it only fails from other machines']).messages,
    );
    expect(fake.posts().every((p) => p.args.thread_ts === '1700000001.000100')).toBe(true);

    fake.reset();
    await sendEvent(
      app,
      { ...followUp, thread_ts: '1600000000.000001', text: 'we get 401.1 too' },
      'Ev3',
    );
    await sendEvent(
      app,
      { ...followUp, thread_ts: undefined, text: 'top-level chatter about 401.1' },
      'Ev4',
    );
    // the same words with a mention arrive twice (message.channels and app_mention): answered once
    await sendEvent(app, { ...followUp, text: '<@UBOT> and 401.3?' }, 'Ev5');
    await sendEvent(app, { ...followUp, text: 'again', bot_id: 'BOTHER' }, 'Ev6');
    expect(fake.posts()).toEqual([]);
  });

  it('drives the next turn with the Action of a clicked button and retires the clicked row', async () => {
    const app = makeApp();
    await sendEvent(
      app,
      { type: 'app_mention', user: 'U2', text: MENTION, ts: '1700000001.000100', channel: 'C1' },
      'Ev1',
    );
    const first = fake.posts().at(-1)!;
    const blocks = first.args.blocks as SlackMessage['blocks'];
    const row = blocks.find((b) => b.type === 'actions' && !b.block_id?.startsWith('fb:'));
    if (row?.type !== 'actions') throw new Error('the first answer has no buttons');
    const button = row.elements[0] as Button;
    const action = JSON.parse(button.value!) as Action;
    fake.reset();
    let acked = false;
    let ackedBeforeWork = true;
    fake.onCall = () => {
      ackedBeforeWork &&= acked;
    };
    await app.processEvent({
      body: {
        type: 'block_actions',
        team: { id: 'T1', domain: 'contoso' },
        user: { id: 'U2', username: 'pat', team_id: 'T1' },
        channel: { id: 'C1', name: 'it-help' },
        message: {
          type: 'message',
          ts: '1700000000.000001',
          thread_ts: '1700000001.000100',
          text: first.args.text,
          blocks,
        },
        container: { type: 'message', message_ts: '1700000000.000001', channel_id: 'C1' },
        actions: [
          {
            type: 'button',
            action_id: button.action_id,
            block_id: row.block_id,
            value: button.value,
            text: button.text,
            action_ts: '1700000003.1',
          },
        ],
        trigger_id: 'trig-1',
        api_app_id: 'A1',
        token: 'legacy',
        response_url: `${fake.origin}/respond`,
      },
      ack: () => {
        acked = true;
        return Promise.resolve();
      },
    });
    expect(ackedBeforeWork).toBe(true);
    const update = fake.calls.find((c) => c.method === 'chat.update');
    expect(update?.args).toMatchObject({ channel: 'C1', ts: '1700000000.000001' });
    const updated = update!.args.blocks as SlackMessage['blocks'];
    expect(updated.some((b) => b.type === 'actions' && b.block_id === row.block_id)).toBe(false);
    expect(JSON.stringify(updated)).toContain(`<@U2> chose *${button.text.text}*`);
    expect(posted(fake.posts())).toEqual(expectedMessages([STRIPPED, action]).messages);
    expect(fake.posts().every((p) => p.args.thread_ts === '1700000001.000100')).toBe(true);
  });

  it('answers direct messages at the top level and remembers the conversation there', async () => {
    const app = makeApp();
    const dm = { type: 'message', channel_type: 'im', channel: 'D1', user: 'U2' };
    await sendEvent(
      app,
      { ...dm, text: 'sc-status 401 sc-substatus 1 sc-win32-status 1326', ts: '1700000001.000100' },
      'Ev1',
    );
    await sendEvent(app, { ...dm, text: 'only for some users', ts: '1700000002.000100' }, 'Ev2');
    const posts = fake.posts();
    expect(posts.every((p) => p.args.channel === 'D1' && p.args.thread_ts === undefined)).toBe(
      true,
    );
    const second = expectedMessages([
      'sc-status 401 sc-substatus 1 sc-win32-status 1326',
      'only for some users',
    ]).messages;
    expect(posted(posts.slice(-second.length))).toEqual(second);
  });

  it('answers a reply in a DM thread in that thread, continuing the DM conversation', async () => {
    const app = makeApp();
    const dm = { type: 'message', channel_type: 'im', channel: 'D1', user: 'U2' };
    const first = 'sc-status 401 sc-substatus 1 sc-win32-status 1326';
    await sendEvent(app, { ...dm, text: first, ts: '1700000001.000100' }, 'Ev1');
    fake.reset();
    await sendEvent(
      app,
      {
        ...dm,
        text: 'only for some users',
        ts: '1700000003.000100',
        thread_ts: '1700000000.000001',
      },
      'Ev2',
    );
    expect(posted(fake.posts())).toEqual(expectedMessages([first, 'only for some users']).messages);
    expect(fake.posts().every((p) => p.args.thread_ts === '1700000000.000001')).toBe(true);
  });

  it('starts a DM conversation afresh after two idle hours', async () => {
    let clock = NOW;
    const app = makeApp({ now: () => clock });
    const dm = { type: 'message', channel_type: 'im', channel: 'D1', user: 'U2' };
    const first = 'sc-status 401 sc-substatus 1 sc-win32-status 1326';
    await sendEvent(app, { ...dm, text: first, ts: '1700000001.000100' }, 'Ev1');
    fake.reset();
    clock += 3 * 60 * 60 * 1000;
    await sendEvent(app, { ...dm, text: 'only for some users', ts: '1700010001.000100' }, 'Ev2');
    const fresh = expectedMessages(['only for some users']).messages;
    expect(expectedMessages([first, 'only for some users']).messages).not.toEqual(fresh);
    expect(posted(fake.posts())).toEqual(fresh);
  });

  it('records feedback from its buttons with the answer id, without another turn', async () => {
    const store = new MemoryStore();
    const app = makeApp({ store });
    const blocks = renderBlocks(
      { ...expectedMessages(['help']).reply, id: 'ans-7' },
      { feedback: true },
    ).blocks;
    const row = blocks.find((b) => b.type === 'actions' && b.block_id === 'fb:ans-7');
    if (row?.type !== 'actions') throw new Error('no feedback row');
    const helpful = row.elements[0] as Button;
    await app.processEvent({
      body: {
        type: 'block_actions',
        team: { id: 'T1', domain: 'contoso' },
        user: { id: 'U2', username: 'pat', team_id: 'T1' },
        channel: { id: 'D1', name: 'directmessage' },
        message: { type: 'message', ts: '1700000000.000009', text: 'x', blocks },
        container: { type: 'message', message_ts: '1700000000.000009', channel_id: 'D1' },
        actions: [
          {
            type: 'button',
            action_id: helpful.action_id,
            block_id: row.block_id,
            value: helpful.value,
            text: helpful.text,
            action_ts: '1',
          },
        ],
        trigger_id: 'trig-2',
        api_app_id: 'A1',
        token: 'legacy',
        response_url: `${fake.origin}/respond`,
      },
      ack: () => Promise.resolve(),
    });
    expect(fake.posts()).toEqual([]);
    const updated = JSON.stringify(fake.calls.find((c) => c.method === 'chat.update')?.args.blocks);
    expect(updated).toContain('Thanks for the feedback, <@U2>');
    expect(updated).not.toContain('fb:ans-7');
    const key = feedbackKey({ channelId: 'slack', conversationId: 'T1:D1:main' }, 'ans-7', 'U2');
    expect((await store.read(key))?.value).toMatchObject({
      answerId: 'ans-7',
      reaction: 'like',
      messageId: '1700000000.000009',
    });
  });

  const W3C_LOG = [
    '#Software: Microsoft Internet Information Services 10.0',
    '#Version: 1.0',
    '#Date: 2024-05-02 08:14:00',
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
    ...Array.from({ length: 5 }, (_, i) => [
      `2024-05-02 08:14:0${i} 10.0.0.5 GET /intranet/ - 80 - 10.0.0.${20 + i} Mozilla/5.0 - 401 2 5 15`,
      `2024-05-02 08:14:0${i} 10.0.0.5 GET /intranet/ - 80 - 10.0.0.${20 + i} Mozilla/5.0 - 401 1 2148074254 3`,
    ]).flat(),
  ].join('\r\n');

  it('downloads a log shared in a DM with the bot token and answers from its content', async () => {
    fake.files.set('u_ex240502.log', { body: W3C_LOG, chunks: 4 });
    const app = makeApp();
    const file = {
      id: 'F1',
      name: 'u_ex240502.log',
      filetype: 'text',
      mimetype: 'text/plain',
      size: W3C_LOG.length,
      url_private_download: `${fake.origin}/files/u_ex240502.log`,
    };
    await sendEvent(
      app,
      {
        type: 'message',
        subtype: 'file_share',
        channel_type: 'im',
        channel: 'D1',
        user: 'U2',
        text: '',
        ts: '1700000001.000100',
        files: [file],
      },
      'Ev1',
    );
    expect(fake.fileRequests).toEqual([
      { path: '/files/u_ex240502.log', authorization: 'Bearer xoxb-test' },
    ]);
    // the dialogue's reply to the file, led by the file's summary under the file's own name
    const { reply } = expectedMessages([W3C_LOG]);
    const summary = fileSummary(W3C_LOG, 'u_ex240502.log');
    expect(summary.join('\n')).toContain('u_ex240502.log');
    const withSummary = { ...reply, notes: [...summary, ...reply.notes] };
    expect(posted(fake.posts())).toEqual([
      renderBlocks(withSummary, { feedback: wantsFeedback(withSummary) }),
    ]);
    expect(JSON.stringify(fake.posts())).not.toContain('The paste');
  });

  it('reads the file with the words sent beside it', async () => {
    fake.files.set('u_ex240502.log', { body: W3C_LOG });
    const app = makeApp();
    const file = {
      id: 'F1',
      name: 'u_ex240502.log',
      filetype: 'text',
      size: W3C_LOG.length,
      url_private: `${fake.origin}/files/u_ex240502.log`,
    };
    await sendEvent(
      app,
      {
        type: 'message',
        subtype: 'file_share',
        channel_type: 'im',
        channel: 'D1',
        user: 'U2',
        text: 'log attached',
        ts: '1',
        files: [file],
      },
      'Ev1',
    );
    const { reply } = expectedMessages([`log attached\n\n${W3C_LOG}`]);
    const withSummary = {
      ...reply,
      notes: [...fileSummary(W3C_LOG, 'u_ex240502.log'), ...reply.notes],
    };
    expect(posted(fake.posts())).toEqual([
      renderBlocks(withSummary, { feedback: wantsFeedback(withSummary) }),
    ]);
  });

  it('refuses a file over the size cap without downloading it and says so', async () => {
    const app = makeApp();
    const file = {
      id: 'F2',
      name: 'u_ex_big.log',
      filetype: 'text',
      size: 5 * 1024 * 1024,
      url_private_download: `${fake.origin}/files/u_ex_big.log`,
    };
    await sendEvent(
      app,
      {
        type: 'message',
        subtype: 'file_share',
        channel_type: 'im',
        channel: 'D1',
        user: 'U2',
        text: '',
        ts: '1',
        files: [file],
      },
      'Ev1',
    );
    expect(fake.fileRequests).toEqual([]);
    const text = JSON.stringify(fake.posts().map((p) => p.args.blocks));
    expect(text).toContain('u_ex_big.log is 5.0 MB, over the 0.1 MB I read from a chat');
  });

  it('apologises in the thread, logs with the event id and never logs what was pasted when a turn fails', async () => {
    class BrokenStore extends MemoryStore {
      override read(): never {
        throw new TypeError('disk on fire');
      }
    }
    const app = makeApp({ store: new BrokenStore() });
    const secret = '<@UBOT> 401.1 with Authorization: Basic dXNlcjpodW50ZXIy and password=hunter2';
    await sendEvent(
      app,
      { type: 'app_mention', user: 'U2', text: secret, ts: '1700000001.000100', channel: 'C1' },
      'EvFail',
    );
    expect(fake.posts().map((p) => [p.args.thread_ts, p.args.text])).toEqual([
      ['1700000001.000100', expect.stringContaining('Sorry, something went wrong')],
    ]);
    const failed = logLines
      .map((l) => JSON.parse(l) as { msg: string; eventId?: string })
      .find((l) => l.msg === 'slack turn failed');
    expect(failed?.eventId).toBe('EvFail');
    expect(logLines.join('\n')).not.toMatch(/hunter2|dXNlcjpodW50ZXIy/);
  });

  it('logs each answer without the user text', async () => {
    const app = makeApp();
    await sendEvent(
      app,
      {
        type: 'app_mention',
        user: 'U2',
        text: '<@UBOT> password=hunter2 gives 401.1',
        ts: '1',
        channel: 'C1',
      },
      'Ev9',
    );
    const answered = logLines
      .map((l) => JSON.parse(l) as { msg: string; eventId?: string; via?: string })
      .find((l) => l.msg === 'answered');
    expect(answered).toMatchObject({ eventId: 'Ev9', via: 'mention' });
    expect(logLines.join('\n')).not.toContain('hunter2');
  });
});
