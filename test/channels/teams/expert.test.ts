import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listKept, MemoryStore, readTicket } from '../../../src/state/index.js';
import {
  cardButtons,
  cardOf,
  exchange,
  realKnowledge,
  startTestServer,
  teamsMessage,
} from '../../server/helpers.js';
import { startFakeConnector } from './fake-connector.js';

const CHANNEL = '19:experts@thread.tacv2';
const EXPERT = { id: '29:expert-1', name: 'Ravi Expert', aadObjectId: 'aad-expert-1' };
const OUTSIDER = { id: '29:outsider', name: 'Olga Outsider', aadObjectId: 'aad-outsider' };
const QUESTION =
  'HTTP Error 401.1 - Unauthorized when I browse the intranet site by its host name on the web server itself';

const textOf = (a: Partial<Activity> | undefined): string =>
  JSON.stringify([a?.text ?? '', a?.attachments?.map((x) => x.content as unknown) ?? []]);

describe('Ask an expert in Teams (a fake Bot Connector in place of Teams)', () => {
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const store = new MemoryStore();

  beforeAll(async () => {
    connector = await startFakeConnector([EXPERT.id]);
    server = await startTestServer({ env: { EXPERT_TEAMS_CHANNEL: CHANNEL }, store });
  });
  afterAll(async () => {
    await server?.app.close();
    await connector?.close();
  });

  const asker = (over: Record<string, unknown>) =>
    exchange(server.url, teamsMessage({ serviceUrl: connector.url, ...over }));
  const inChannel = (from: typeof EXPERT, value: Record<string, unknown>, postId: string) =>
    exchange(
      server.url,
      teamsMessage({
        serviceUrl: connector.url,
        from,
        conversation: {
          id: `${CHANNEL};messageid=${postId}`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: 'tenant-1',
        },
        channelData: {
          tenant: { id: 'tenant-1' },
          channel: { id: CHANNEL },
          team: { id: '19:team@thread.tacv2' },
        },
        replyToId: postId,
        value,
      }),
    );

  it('posts a ticket, lets a member assign and resolve it, and tells the asker', async () => {
    const answer = await asker({ text: QUESTION });
    const buttons = cardButtons(cardOf(answer.find((a) => a.attachments?.length)));
    const ask = buttons.find((b) => b.title === 'Ask an expert');
    expect(ask).toBeDefined();

    const sent = await asker({ text: '', value: ask!.data });
    const said = sent.map((a) => a.text ?? '').join('\n');
    const ticket = /ticket (T-[A-Z0-9]+)/.exec(said)?.[1];
    expect(ticket, said).toBeDefined();
    const post = connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(post?.body.channelData).toMatchObject({ channel: { id: CHANNEL } });
    const posted = textOf(post?.body.activity as Partial<Activity>);
    expect(posted).toContain(`Expert ticket ${ticket}`);
    expect(posted).toContain('host name');
    expect(posted).toContain('Assign to me');

    // someone outside the experts' team is refused, and nothing changes
    const refused = await inChannel(OUTSIDER, { iisTriageExpert: 'assign', ticket }, 'post-1');
    expect(refused.map((a) => a.text).join('\n')).toMatch(/Only members of the experts/);
    expect(connector.updates()).toHaveLength(0);

    await inChannel(EXPERT, { iisTriageExpert: 'assign', ticket }, 'post-1');
    expect(textOf(connector.updates().at(-1)?.body)).toContain('Assigned to Ravi Expert');
    const toAsker = () => connector.sentTo('a:personal-1').map((c) => textOf(c.body));
    expect(toAsker().join('\n')).toContain('Ravi Expert (an expert) is looking at your question');

    const done = await inChannel(
      EXPERT,
      {
        iisTriageExpert: 'resolve',
        ticket,
        cause: 'loopback-check',
        other: '',
        note: 'Add the host name to BackConnectionHostNames',
      },
      'post-1',
    );
    expect(done.map((a) => a.text).join('\n')).toContain('Resolved; I sent Megan Bowen the answer');
    const updated = textOf(connector.updates().at(-1)?.body);
    expect(updated).toContain('Resolved by Ravi Expert');
    expect(updated).toContain('Confirmed cause');
    expect(updated).not.toContain('Assign to me');
    const knowledge = await realKnowledge();
    const title = knowledge.entries.find((e) => e.id === 'loopback-check')!.title;
    const resolution = toAsker().at(-1)!;
    expect(resolution).toContain(`ticket ${ticket}`);
    expect(resolution).toContain(title);
    expect(resolution).toContain('BackConnectionHostNames');

    const { records } = await listKept(store, { now: Date.now(), retentionDays: 180 });
    expect(records.find((r) => r.kind === 'resolved')?.resolution?.cause).toBe('loopback-check');
    expect(records.some((r) => r.kind === 'unsure' || r.kind === 'resolved')).toBe(true);
  }, 60_000);

  it('relays a question to the asker and their answer back to the ticket', async () => {
    await asker({
      text: QUESTION,
      conversation: { id: 'a:personal-2', conversationType: 'personal', tenantId: 'tenant-1' },
    });
    const sent = await asker({
      text: 'ask an expert',
      conversation: { id: 'a:personal-2', conversationType: 'personal', tenantId: 'tenant-1' },
    });
    const ticket = /ticket (T-[A-Z0-9]+)/.exec(sent.map((a) => a.text).join('\n'))?.[1];
    expect(ticket).toBeDefined();
    const postId = (await readTicket(store, ticket!))?.post?.activityId;
    expect(postId).toMatch(/^post-/);
    await inChannel(
      EXPERT,
      { iisTriageExpert: 'ask', ticket, question: 'Is the browser on the server itself?' },
      postId!,
    );
    const relayed = connector.sentTo('a:personal-2').map((c) => textOf(c.body));
    expect(relayed.join('\n')).toContain('Is the browser on the server itself?');
    const answered = await asker({
      text: '',
      value: { iisTriageExpert: 'answer', ticket, answer: 'Yes, on the server' },
      conversation: { id: 'a:personal-2', conversationType: 'personal', tenantId: 'tenant-1' },
    });
    expect(answered.map((a) => a.text).join('\n')).toContain('I passed your answer to the expert');
    const inThread = connector.calls.filter((c) =>
      c.path.startsWith(`/v3/conversations/${CHANNEL}`),
    );
    expect(inThread.map((c) => textOf(c.body)).join('\n')).toContain('Yes, on the server');
  }, 60_000);
});

describe('Ask an expert in Teams without an experts\u2019 channel', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const store = new MemoryStore();
  beforeAll(async () => {
    server = await startTestServer({ store });
  });
  afterAll(async () => {
    await server?.app.close();
  });

  it('offers no button, says who can set it up, and still forgets a user on request', async () => {
    const answer = await exchange(server.url, teamsMessage({ text: QUESTION }));
    const card = answer.find((a) => a.attachments?.length);
    expect(cardButtons(cardOf(card)).map((b) => b.title)).not.toContain('Ask an expert');
    const asked = await exchange(server.url, teamsMessage({ text: 'ask an expert' }));
    expect(asked.map((a) => a.text).join('\n')).toMatch(/EXPERT_TEAMS_CHANNEL/);
    expect(store.keys('conversations/msteams/a:personal-1')).toHaveLength(1);
    const forgot = await exchange(server.url, teamsMessage({ text: 'forget me' }));
    expect(forgot.map((a) => a.text).join('\n')).toMatch(/^Done: I deleted \d+ records?/);
    expect(store.keys('kept/')).toEqual([]);
    expect(store.keys('conversations/msteams/a:personal-1')).toEqual([]);
  }, 60_000);
});
