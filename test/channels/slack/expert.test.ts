import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { EXPERTS_ONLY } from '../../../src/channels/expert/index.js';
import { EXPERT_ACTIONS, EXPERT_VIEWS } from '../../../src/channels/slack/expert-blocks.js';
import type { SlackBlock } from '../../../src/render/index.js';
import { MemoryStore, readTicket } from '../../../src/state/index.js';
import { slackProblems } from '../../render/blocks-limits.js';
import { SECRET_KINDS } from '../../security/secret-kinds.js';
import type { ApiCall } from './fake-slack.js';
import { fake, makeApp, useFakeSlack } from './harness.js';

useFakeSlack();

const EXPERTS = 'CEXPERTS';
const THREAD = '1700000001.000100';
const PASSWORD = 'Hunter2-Sekrit-991';
const QUESTION = [
  '<@UBOT> HTTP Error 401.1 when I browse the site on the web server itself by its host name; from other machines it works.',
  ...SECRET_KINDS.map((k) => k.line),
  `net use \\\\web01\\c$ /user:svc-web password=${PASSWORD}`,
].join('\n');
const SECRETS = [PASSWORD, ...SECRET_KINDS.flatMap((k) => k.secrets)];

const mention = (app: App, text: string, id: string) =>
  app.processEvent({
    body: {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: id,
      event_time: 1,
      event: { type: 'app_mention', user: 'U2', text, ts: THREAD, channel: 'C1', team: 'T1' },
    },
    ack: () => Promise.resolve(),
  });

const click = (app: App, o: { user: string; channel: string; actionId: string; value: string }) =>
  app.processEvent({
    body: {
      type: 'block_actions',
      team: { id: 'T1', domain: 'contoso' },
      user: { id: o.user, username: o.user, team_id: 'T1' },
      channel: { id: o.channel, name: 'x' },
      message: {
        type: 'message',
        ts: '1700000000.000050',
        thread_ts: THREAD,
        text: 'x',
        blocks: [],
      },
      container: { type: 'message', message_ts: '1700000000.000050', channel_id: o.channel },
      actions: [
        {
          type: 'button',
          action_id: o.actionId,
          block_id: 'b',
          value: o.value,
          text: { type: 'plain_text', text: 'x' },
          action_ts: '1',
        },
      ],
      trigger_id: 'trig-1',
      api_app_id: 'A1',
      token: 'legacy',
      response_url: `${fake.origin}/respond`,
    },
    ack: () => Promise.resolve(),
  });

/** A modal submitted; returns what the handler acknowledged with (errors, or nothing). */
const submit = async (
  app: App,
  o: { user: string; callbackId: string; ticket: string; values: Record<string, string> },
): Promise<unknown> => {
  let acked: unknown = 'not acked';
  const values = Object.fromEntries(
    Object.entries(o.values).map(([k, v]) => [
      k,
      {
        [k]:
          k === 'cause'
            ? {
                type: 'static_select',
                selected_option: { text: { type: 'plain_text', text: v }, value: v },
              }
            : { type: 'plain_text_input', value: v },
      },
    ]),
  );
  await app.processEvent({
    body: {
      type: 'view_submission',
      team: { id: 'T1', domain: 'contoso' },
      user: { id: o.user, username: o.user, team_id: 'T1' },
      view: {
        id: 'V1',
        team_id: 'T1',
        type: 'modal',
        callback_id: o.callbackId,
        private_metadata: o.ticket,
        state: { values },
        hash: 'h',
        blocks: [],
      },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: 'trig-2',
    },
    ack: (r?: unknown) => {
      acked = r;
      return Promise.resolve();
    },
  });
  return acked;
};

const calls = (method: string): ApiCall[] => fake.calls.filter((c) => c.method === method);
const buttonsOf = (blocks: unknown): string[] =>
  ((blocks ?? []) as SlackBlock[]).flatMap((b) =>
    b.type === 'actions'
      ? b.elements.map((e) => ('action_id' in e ? (e.action_id ?? '') : ''))
      : [],
  );

/** The asker's question answered, then "Ask an expert" pressed under the answer. */
const escalate = async (store: MemoryStore) => {
  const app = makeApp({ store, expertChannel: EXPERTS });
  await mention(app, QUESTION, 'Ev1');
  const answer = fake.posts();
  fake.reset();
  fake.answers.set('conversations.members', { members: ['UEXP', 'UOTHER'] });
  await click(app, { user: 'U2', channel: 'C1', actionId: EXPERT_ACTIONS.ask, value: 'ask' });
  const ticketPost = fake.posts().find((p) => p.args.channel === EXPERTS);
  if (!ticketPost) throw new Error('no ticket posted');
  const id = /Expert ticket (T-[A-Z0-9]+)/.exec(String(ticketPost.args.text))?.[1] ?? '';
  return { app, answer, ticketPost, id };
};

describe('the Slack expert loop', () => {
  it('offers "Ask an expert" under answers only when EXPERT_SLACK_CHANNEL is set', async () => {
    await mention(makeApp(), QUESTION, 'Ev0');
    expect(fake.posts().flatMap((p) => buttonsOf(p.args.blocks))).not.toContain(EXPERT_ACTIONS.ask);
    fake.reset();
    await mention(makeApp({ expertChannel: EXPERTS }), QUESTION, 'Ev0');
    expect(fake.posts().at(-1)?.args.blocks).toBeDefined();
    expect(buttonsOf(fake.posts().at(-1)?.args.blocks)).toContain(EXPERT_ACTIONS.ask);
  });

  it('posts a ticket with the experts\u2019 buttons and tells the asker in their thread, no secret in either', async () => {
    const store = new MemoryStore();
    const { ticketPost, id } = await escalate(store);
    expect(buttonsOf(ticketPost.args.blocks)).toEqual([
      EXPERT_ACTIONS.assign,
      EXPERT_ACTIONS.askUser,
      EXPERT_ACTIONS.resolve,
    ]);
    expect(JSON.stringify(ticketPost.args.blocks)).toContain('on the web server itself');
    // Block Kit limits (the checker reads engine buttons' values; ours carry the ticket id)
    const blocks = ticketPost.args.blocks as SlackBlock[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    // ...and its mentions of people are meant (the checker takes any other < as unescaped)
    const noButtons = JSON.parse(
      JSON.stringify(blocks.filter((b) => b.type !== 'actions')).replace(/<@U[A-Z0-9]+>/g, '@x'),
    ) as SlackBlock[];
    expect(slackProblems({ text: String(ticketPost.args.text), blocks: noButtons })).toEqual([]);
    const told = fake.posts().find((p) => p.args.channel === 'C1');
    expect(told?.args).toMatchObject({ thread_ts: THREAD });
    expect(String(told?.args.text)).toContain(`<#${EXPERTS}> as ticket ${id}`);
    const stored = await readTicket(store, id);
    expect(stored?.post?.conversationId).toBe(EXPERTS);
    expect(stored?.post?.activityId).toMatch(/^\d+\.\d+$/);
    const everything = JSON.stringify([fake.calls, stored]);
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });

  it('answers the typed command "ask an expert" with a ticket too', async () => {
    const store = new MemoryStore();
    const app = makeApp({ store, expertChannel: EXPERTS });
    await mention(app, QUESTION, 'Ev1');
    fake.reset();
    await mention(app, '<@UBOT> ask an expert', 'Ev2');
    expect(fake.posts().map((p) => p.args.channel)).toEqual([EXPERTS, 'C1']);
  });

  it('refuses ticket actions from people outside the experts\u2019 channel', async () => {
    const store = new MemoryStore();
    const { app, id } = await escalate(store);
    fake.reset();
    fake.answers.set('conversations.members', { members: ['UEXP'] });
    await click(app, {
      user: 'UOUT',
      channel: EXPERTS,
      actionId: EXPERT_ACTIONS.assign,
      value: id,
    });
    expect(calls('conversations.members')[0]?.args).toMatchObject({ channel: EXPERTS });
    expect(calls('chat.postEphemeral')[0]?.args).toMatchObject({
      user: 'UOUT',
      text: EXPERTS_ONLY,
    });
    expect(calls('chat.update')).toEqual([]);
    expect((await readTicket(store, id))?.status).toBe('open');
  });

  it('assigns, relays a question and its answer, and resolves with the cause, updating the ticket in place', async () => {
    const store = new MemoryStore();
    const { app, id } = await escalate(store);
    const ts = (await readTicket(store, id))?.post?.activityId;
    expect(ts).toBeDefined();

    fake.reset();
    fake.answers.set('conversations.members', { members: ['UEXP'] });
    await click(app, {
      user: 'UEXP',
      channel: EXPERTS,
      actionId: EXPERT_ACTIONS.assign,
      value: id,
    });
    expect(calls('chat.update')[0]?.args).toMatchObject({ channel: EXPERTS, ts });
    expect(buttonsOf(calls('chat.update')[0]?.args.blocks)).toEqual([
      EXPERT_ACTIONS.askUser,
      EXPERT_ACTIONS.resolve,
    ]);
    expect(fake.posts()[0]?.args).toMatchObject({ channel: 'C1', thread_ts: THREAD });
    expect(String(fake.posts()[0]?.args.text)).toContain('<@UEXP> (an expert) is looking');
    expect(JSON.stringify(calls('chat.update')[0]?.args.blocks)).toContain('<@UEXP> took it');

    fake.reset();
    fake.answers.set('conversations.members', { members: ['UEXP'] });
    await click(app, {
      user: 'UEXP',
      channel: EXPERTS,
      actionId: EXPERT_ACTIONS.askUser,
      value: id,
    });
    expect(calls('views.open')[0]?.args).toMatchObject({
      view: { callback_id: EXPERT_VIEWS.askUser, private_metadata: id },
    });
    await submit(app, {
      user: 'UEXP',
      callbackId: EXPERT_VIEWS.askUser,
      ticket: id,
      values: { question: 'Does it fail from another machine too?' },
    });
    const relay = fake.posts().find((p) => p.args.channel === 'C1');
    expect(relay?.args.thread_ts).toBe(THREAD);
    expect(String(relay?.args.text)).toContain('Does it fail from another machine too?');
    expect(buttonsOf(relay?.args.blocks)).toEqual([EXPERT_ACTIONS.answer]);

    fake.reset();
    await click(app, { user: 'U2', channel: 'C1', actionId: EXPERT_ACTIONS.answer, value: id });
    expect(calls('views.open')[0]?.args).toMatchObject({
      view: { callback_id: EXPERT_VIEWS.answer },
    });
    // someone else in the asker's channel cannot answer for them
    const refused = await submit(app, {
      user: 'U9',
      callbackId: EXPERT_VIEWS.answer,
      ticket: id,
      values: { answer: 'no' },
    });
    expect(refused).toMatchObject({ response_action: 'errors' });
    await submit(app, {
      user: 'U2',
      callbackId: EXPERT_VIEWS.answer,
      ticket: id,
      values: { answer: 'Only on the server itself.' },
    });
    const back = fake.posts().find((p) => p.args.channel === EXPERTS);
    expect(back?.args).toMatchObject({ thread_ts: ts });
    expect(String(back?.args.text)).toContain('Only on the server itself.');

    fake.reset();
    fake.answers.set('conversations.members', { members: ['UEXP'] });
    await click(app, {
      user: 'UEXP',
      channel: EXPERTS,
      actionId: EXPERT_ACTIONS.resolve,
      value: id,
    });
    const view = calls('views.open')[0]?.args.view as {
      callback_id: string;
      blocks: { block_id: string; element: { options?: { value: string }[] } }[];
    };
    expect(view.callback_id).toBe(EXPERT_VIEWS.resolve);
    const options = view.blocks
      .find((b) => b.block_id === 'cause')
      ?.element.options?.map((o) => o.value);
    expect(options).toContain('loopback-check');
    expect(options?.at(-1)).toBe('other');
    // nothing chosen: the modal says so and nothing changes
    const unchosen = await submit(app, {
      user: 'UEXP',
      callbackId: EXPERT_VIEWS.resolve,
      ticket: id,
      values: { cause: 'other', other: '', note: '' },
    });
    expect(unchosen).toMatchObject({ response_action: 'errors' });
    expect(Object.keys((unchosen as { errors: object }).errors)).toEqual(['other']);
    expect((await readTicket(store, id))?.status).toBe('assigned');
    await submit(app, {
      user: 'UEXP',
      callbackId: EXPERT_VIEWS.resolve,
      ticket: id,
      values: {
        cause: 'loopback-check',
        other: '',
        note: `Added the name to BackConnectionHostNames; the old password=${PASSWORD} is irrelevant`,
      },
    });
    const update = calls('chat.update').at(-1);
    expect(update?.args).toMatchObject({ channel: EXPERTS, ts });
    expect(buttonsOf(update?.args.blocks)).toEqual([]);
    expect(JSON.stringify(update?.args.blocks)).toContain('Confirmed cause');
    expect(JSON.stringify(update?.args.blocks)).toContain('loopback-check');
    const toAsker = fake.posts().filter((p) => p.args.channel === 'C1');
    expect(toAsker[0]?.args.thread_ts).toBe(THREAD);
    expect(String(toAsker[0]?.args.text)).toContain(
      `An expert answered your question (ticket ${id})`,
    );
    expect(JSON.stringify(toAsker)).toContain('BackConnectionHostNames');
    const stored = await readTicket(store, id);
    expect(stored?.resolution?.cause).toBe('loopback-check');
    expect(JSON.stringify([fake.calls, stored])).not.toContain(PASSWORD);
  });
});
