import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { POST_NOTE_ACTION_ID, SHORTCUT_CALLBACK_ID } from '../../../src/channels/slack/index.js';
import type { Button } from '@slack/types';
import type { SlackBlock, SlackMessage } from '../../../src/render/index.js';
import { MemoryStore } from '../../../src/state/index.js';
import { buildTriageNote, renderNoteBlocks } from '../../../src/triage/index.js';
import { slackProblems } from '../../render/blocks-limits.js';
import { fake, knowledge, logLines, makeApp, useFakeSlack } from './harness.js';

useFakeSlack();

const SECRET = 'Hunter2sup3r';
/** A customer's message as Slack stores it: a mention, a link, escapes, a pasted secret. */
const RAW =
  '<@U3> can you look? users get HTTP Error 401.2 - Unauthorized on <http://intranet.contoso.com|intranet.contoso.com> from IE &amp; Edge, but it works on the server itself. password=' +
  SECRET;
const PLAIN =
  'can you look? users get HTTP Error 401.2 - Unauthorized on intranet.contoso.com from IE & Edge, but it works on the server itself. password=' +
  SECRET;

const runShortcut = (app: App, message: Record<string, unknown> = {}) =>
  app.processEvent({
    body: {
      type: 'message_action',
      callback_id: SHORTCUT_CALLBACK_ID,
      trigger_id: 'trig-1',
      message_ts: '1700000001.000100',
      response_url: `${fake.origin}/respond/shortcut`,
      message: {
        type: 'message',
        user: 'U2',
        ts: '1700000001.000100',
        text: RAW,
        ...message,
      },
      user: { id: 'U9', name: 'eng', team_id: 'T1' },
      channel: { id: 'C1', name: 'it-help' },
      team: { id: 'T1', domain: 'contoso' },
      token: 'legacy',
      action_ts: '1700000002.1',
    },
    ack: () => Promise.resolve(),
  });

const clickPost = (app: App, value: string) =>
  app.processEvent({
    body: {
      type: 'block_actions',
      team: { id: 'T1', domain: 'contoso' },
      user: { id: 'U9', username: 'eng', team_id: 'T1' },
      channel: { id: 'C1', name: 'it-help' },
      container: {
        type: 'message',
        message_ts: '1700000003.000200',
        channel_id: 'C1',
        is_ephemeral: true,
      },
      actions: [
        {
          type: 'button',
          action_id: POST_NOTE_ACTION_ID,
          block_id: 'iis-triage-note',
          value,
          text: { type: 'plain_text', text: 'Post in thread' },
          action_ts: '1700000004.1',
        },
      ],
      trigger_id: 'trig-2',
      api_app_id: 'A1',
      token: 'legacy',
      response_url: `${fake.origin}/respond/click`,
    },
    ack: () => Promise.resolve(),
  });

const responses = (path: string) => fake.calls.filter((c) => c.method === `/respond/${path}`);

const postButton = (blocks: SlackBlock[]) => {
  const row = blocks.find((b) => b.type === 'actions');
  if (row?.type !== 'actions') throw new Error('no Post in thread button');
  return row.elements[0] as Button & { value: string };
};

describe('Slack message shortcut "Triage with iis-triage" (Bolt, offline)', () => {
  it('shows the note only to the person who ran it, with a Post in thread button', async () => {
    const app = makeApp();
    await runShortcut(app);
    expect(fake.posts()).toEqual([]);
    const [shown] = responses('shortcut');
    expect(shown?.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const blocks = shown!.args.blocks as SlackBlock[];
    // the engine read the message without the mention, link markup or escapes
    const button = postButton(blocks);
    const expected = renderNoteBlocks(buildTriageNote(PLAIN, knowledge), {
      caption: 'Triage note: only you can see this until you post it.',
      extra: blocks.slice(-1),
    });
    expect(blocks).toEqual(expected.blocks);
    expect(blocks[0]).toMatchObject({
      type: 'context',
      elements: [{ text: 'Triage note: only you can see this until you post it.' }],
    });
    expect(button).toMatchObject({ action_id: POST_NOTE_ACTION_ID, style: 'primary' });
    expect(button.value).toBe('notes/slack/T1/C1/1700000001.000100/U9');
    const text = JSON.stringify(shown!.args);
    expect(text).toMatch(/401\.2/);
    expect(text).toMatch(/Questions for the customer/);
    expect(text).toMatch(/Masked before reading, and not shown here: 1 password\./);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('<@U3>');
    expect(
      slackProblems({ text: shown!.args.text as string, blocks: blocks.slice(0, -1) }),
    ).toEqual([]);
    expect(logLines.join('\n')).not.toContain(SECRET);
  });

  it('posts the note in the message thread when the button is pressed, and says so privately', async () => {
    const store = new MemoryStore();
    const app = makeApp({ store });
    await runShortcut(app);
    const shown = responses('shortcut')[0]!.args.blocks as SlackBlock[];
    const key = postButton(shown).value;
    await clickPost(app, key);
    const posts = fake.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args).toMatchObject({ channel: 'C1', thread_ts: '1700000001.000100' });
    const posted = posts[0]!.args as unknown as SlackMessage;
    expect(posted.blocks).toEqual(shown.slice(1, -1));
    expect(slackProblems(posted)).toEqual([]);
    expect(responses('click')[0]?.args).toMatchObject({
      response_type: 'ephemeral',
      replace_original: true,
      text: 'Posted the triage note in the thread, <@U9>.',
    });
    expect(await store.read(key)).toBeUndefined();
  });

  it('posts under the thread root when the message is itself a reply', async () => {
    const app = makeApp();
    await runShortcut(app, { ts: '1700000009.000900', thread_ts: '1700000001.000100' });
    const key = postButton(responses('shortcut')[0]!.args.blocks as SlackBlock[]).value;
    await clickPost(app, key);
    expect(fake.posts()[0]?.args).toMatchObject({ thread_ts: '1700000001.000100' });
  });

  it('asks to be invited when it is not in the channel, and keeps the note for another try', async () => {
    const store = new MemoryStore();
    const app = makeApp({ store });
    await runShortcut(app);
    const key = postButton(responses('shortcut')[0]!.args.blocks as SlackBlock[]).value;
    fake.failures.set('chat.postMessage', 'not_in_channel');
    await clickPost(app, key);
    expect(responses('click')[0]?.args).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringMatching(/invite me first/) as string,
    });
    expect(await store.read(key)).toBeDefined();
  });

  it('says a note is gone when the button outlives it', async () => {
    const app = makeApp();
    await clickPost(app, 'notes/slack/T1/C1/1/U9');
    expect(fake.posts()).toEqual([]);
    expect(responses('click')[0]?.args.text).toMatch(/no longer available/);
  });

  it('answers a message without text, and a knowledge base still loading, in private', async () => {
    await runShortcut(makeApp(), { text: '' });
    expect(responses('shortcut')[0]?.args).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/no text I can read/) as string,
    });
    fake.reset();
    await runShortcut(makeApp({ knowledge: () => ({ state: 'loading' }) }));
    expect(responses('shortcut')[0]?.args.text).toMatch(/still loading/);
  });
});
