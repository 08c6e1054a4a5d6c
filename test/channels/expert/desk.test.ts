import { beforeAll, describe, expect, it } from 'vitest';
import { createConversations, type KnowledgeStatus } from '../../../src/channels/bot-seam.js';
import { createEngine } from '../../../src/channels/engine.js';
import {
  causeChoices,
  createExpertDesk,
  parseExpertCommand,
  resolutionReply,
  unsureReason,
} from '../../../src/channels/expert/index.js';
import type { Knowledge } from '../../../src/knowledge/index.js';
import { silentLogger } from '../../../src/logger.js';
import { listKept, MemoryStore, readTicket } from '../../../src/state/index.js';
import { realKnowledge } from '../../server/helpers.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

const REF = { channelId: 'msteams', conversationId: 'a:chat-1' };
const ASKER = { id: 'aad-asker', name: 'Megan' };
const EXPERT = { id: 'aad-expert', name: 'Ravi' };
const NOW = Date.UTC(2026, 11, 7, 12);

const setup = () => {
  const store = new MemoryStore();
  const status: KnowledgeStatus = { state: 'ready', knowledge, engine: createEngine(knowledge) };
  const deps = { knowledge: () => status, store, now: () => NOW, logger: silentLogger() };
  const conversations = createConversations(deps);
  let n = 0;
  const desk = createExpertDesk({ ...deps, newId: () => `T-${++n}` });
  return { store, conversations, desk };
};

const opened = async (text: string) => {
  const s = setup();
  await s.conversations.respond(REF, text);
  const result = await s.desk.open({ ref: REF, asker: ASKER, replyTo: { channelId: 'msteams' } });
  if (result.kind !== 'opened') throw new Error(`not opened: ${result.kind}`);
  return { ...s, ticket: result.ticket };
};

const QUESTION = 'HTTP Error 401.1 when I browse the site by its host name on the server itself';

describe('the expert desk', () => {
  it('opens nothing before the user has said anything', async () => {
    const { desk } = setup();
    expect(await desk.open({ ref: REF, asker: ASKER, replyTo: {} })).toEqual({
      kind: 'nothing-yet',
    });
  });

  it('opens a ticket with the conversation: its words, codes and the ranked causes', async () => {
    const { ticket, store } = await opened(QUESTION);
    expect(ticket).toMatchObject({ id: 'T-1', status: 'open', asker: ASKER, assignee: null });
    expect(ticket.text).toContain('host name');
    expect(ticket.codes).toContainEqual({ status: 401, substatus: 1, win32: null });
    expect(ticket.note.causes.length).toBeGreaterThan(0);
    expect(await readTicket(store, 'T-1')).toEqual(ticket);
  });

  it('assigns, relays a question and the asker’s answer, each on the ticket', async () => {
    const { desk } = await opened(QUESTION);
    const assigned = await desk.assign('T-1', EXPERT);
    expect(assigned.ok && assigned.ticket).toMatchObject({ status: 'assigned', assignee: EXPERT });
    expect(await desk.ask('T-1', EXPERT, '   ')).toEqual({ ok: false, problem: 'empty' });
    const asked = await desk.ask('T-1', EXPERT, 'Is the browser on the server?');
    expect(asked.ok && asked.ticket.events.at(-1)).toMatchObject({
      kind: 'asked',
      text: 'Is the browser on the server?',
    });
    expect(await desk.answer('T-1', { id: 'someone-else', name: 'X' }, 'no')).toEqual({
      ok: false,
      problem: 'not-asker',
    });
    const answered = await desk.answer('T-1', ASKER, 'Yes, on the server');
    expect(answered.ok && answered.ticket.events.map((e) => e.kind)).toEqual([
      'opened',
      'assigned',
      'asked',
      'answered',
    ]);
  });

  it('resolves with a knowledge cause, keeps a labelled case, and refuses further changes', async () => {
    const { desk, store } = await opened(QUESTION);
    expect(await desk.resolve('T-1', EXPERT, { cause: '', other: '', note: '' })).toEqual({
      ok: false,
      problem: 'no-cause',
    });
    expect(
      await desk.resolve('T-1', EXPERT, { cause: 'no-such-cause', other: '', note: '' }),
    ).toEqual({ ok: false, problem: 'unknown-cause' });
    const resolved = await desk.resolve('T-1', EXPERT, {
      cause: 'loopback-check',
      other: '',
      note: 'Set BackConnectionHostNames',
    });
    expect(resolved.ok && resolved.ticket.resolution).toMatchObject({
      cause: 'loopback-check',
      by: EXPERT,
    });
    expect(await desk.assign('T-1', EXPERT)).toEqual({ ok: false, problem: 'resolved' });
    const { records } = await listKept(store, { now: NOW, retentionDays: 180 });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      kind: 'resolved',
      userId: ASKER.id,
      resolution: { ticket: 'T-1', cause: 'loopback-check', note: 'Set BackConnectionHostNames' },
    });
    expect(records[0]!.ranking.length).toBeGreaterThan(0);
  });

  it('resolves as "other" only with the cause in words', async () => {
    const { desk } = await opened(QUESTION);
    expect(await desk.resolve('T-1', EXPERT, { cause: 'other', other: ' ', note: '' })).toEqual({
      ok: false,
      problem: 'no-cause',
    });
    const r = await desk.resolve('T-1', EXPERT, {
      cause: 'other',
      other: 'a proxy dropped the header',
      note: '',
    });
    expect(r.ok && r.ticket.resolution).toMatchObject({
      cause: null,
      other: 'a proxy dropped the header',
    });
  });

  it('tells the asker the confirmed cause, the expert’s note and the entry’s steps', async () => {
    const { desk } = await opened(QUESTION);
    const r = await desk.resolve('T-1', EXPERT, {
      cause: 'loopback-check',
      other: '',
      note: 'Set BackConnectionHostNames',
    });
    if (!r.ok) throw new Error(r.problem);
    const reply = resolutionReply(r.ticket, knowledge);
    const entry = knowledge.entries.find((e) => e.id === 'loopback-check')!;
    expect(reply.headline).toContain(entry.title);
    expect(reply.notes).toContain('Ravi: Set BackConnectionHostNames');
    expect(reply.steps.length).toBeGreaterThan(0);
  });

  it('offers the ticket’s ranked causes first, then every other cause once', () => {
    const choices = causeChoices(knowledge, ['loopback-check', 'not-an-entry']);
    expect(choices[0]!.id).toBe('loopback-check');
    const ids = choices.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('not-an-entry');
  });

  it('deletes a user’s records and tickets on request', async () => {
    const { desk, store } = await opened(QUESTION);
    await desk.resolve('T-1', EXPERT, { cause: 'loopback-check', other: '', note: '' });
    expect(await desk.forget(ASKER.id, 'msteams')).toEqual({ kept: 1, tickets: 1 });
    expect(store.keys('kept/')).toEqual([]);
    expect(store.keys('tickets/')).toEqual([]);
  });
});

describe('unsureReason', () => {
  it.each([
    ['collect', 0.9, 'none-of-these'],
    ['ask-code', null, 'no-code'],
    ['diagnosis', null, 'no-cause'],
    ['diagnosis', 0.05, 'low-confidence'],
    ['diagnosis', 0.99, null],
    ['help', null, null],
  ] as const)('calls a %s reply at %s %s', (kind, confidence, reason) =>
    expect(unsureReason(kind, confidence)).toBe(reason),
  );
});

describe('parseExpertCommand', () => {
  it.each([
    ['ask an expert', 'ask-expert'],
    ['/Escalate!', 'ask-expert'],
    ['talk to a human', 'ask-expert'],
    ['Forget me.', 'forget-me'],
    ['delete my data', 'forget-me'],
    ['ask an expert why 401.1 happens', null],
    ['401.2', null],
  ] as const)('reads %j as %s', (text, command) => expect(parseExpertCommand(text)).toBe(command));
});
