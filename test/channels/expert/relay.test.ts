import { beforeAll, describe, expect, it } from 'vitest';
import {
  createConversations,
  KNOWLEDGE_LOADING,
  type KnowledgeStatus,
} from '../../../src/channels/bot-seam.js';
import { createEngine } from '../../../src/channels/engine.js';
import {
  createExpertDesk,
  createRelay,
  NOTHING_YET,
  type AskerNews,
} from '../../../src/channels/expert/index.js';
import { createTurns } from '../../../src/channels/turns.js';
import type { Knowledge } from '../../../src/knowledge/index.js';
import { silentLogger } from '../../../src/logger.js';
import { MemoryStore, readTicket, type TicketRecord } from '../../../src/state/index.js';
import { realKnowledge } from '../../server/helpers.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

const REF = { channelId: 'slack', conversationId: 'T1:C1:1.0' };
const ASKER = { id: 'U1', name: '<@U1>' };
const EXPERT = { id: 'U2', name: '<@U2>' };
const WORDS = { where: '<#CEXP>', postHint: 'is the app there?', askerPlace: 'conversation' };
const POST = { conversationId: 'CEXP', activityId: '2.0' };

const setup = (status?: KnowledgeStatus) => {
  const store = new MemoryStore();
  const ready: KnowledgeStatus = status ?? {
    state: 'ready',
    knowledge,
    engine: createEngine(knowledge),
  };
  const deps = { knowledge: () => ready, store, now: () => 0, logger: silentLogger() };
  let n = 0;
  const desk = createExpertDesk({ ...deps, newId: () => `T-${++n}` });
  const told: AskerNews[] = [];
  const updated: TicketRecord[] = [];
  const ports = (reachable = true) => ({
    postTicket: () => Promise.resolve(POST),
    updateTicket: (t: TicketRecord) => Promise.resolve(void updated.push(t)),
    tellAsker: (_t: TicketRecord, news: AskerNews) => {
      told.push(news);
      return Promise.resolve(reachable);
    },
  });
  const relay = createRelay(desk, silentLogger(), WORDS);
  return { store, desk, relay, ports, told, updated, conversations: createConversations(deps) };
};
const INPUT = { ref: REF, asker: ASKER, replyTo: { channel: 'C1' } };

describe('the expert relay', () => {
  it('says why no ticket was opened: knowledge loading, or nothing said yet', async () => {
    const loading = setup({ state: 'loading' });
    expect(await loading.relay.escalate(loading.ports(), INPUT)).toBe(KNOWLEDGE_LOADING);
    const empty = setup();
    expect(await empty.relay.escalate(empty.ports(), INPUT)).toBe(NOTHING_YET);
  });

  it('keeps the post of a new ticket, and drops a ticket the experts never saw', async () => {
    const s = setup();
    await s.conversations.respond(REF, 'HTTP Error 401.1 on the server itself');
    expect(await s.relay.escalate(s.ports(), INPUT)).toContain('to <#CEXP> as ticket T-1');
    expect((await readTicket(s.store, 'T-1'))?.post).toEqual(POST);
    const failing = { postTicket: () => Promise.reject(new Error('not_in_channel')) };
    expect(await s.relay.escalate(failing, INPUT)).toContain('(is the app there?)');
    expect(await readTicket(s.store, 'T-2')).toBeUndefined();
  });

  it('updates the ticket, tells the asker, and says so to the expert, or that the asker is out of reach', async () => {
    const s = setup();
    await s.conversations.respond(REF, 'HTTP Error 401.1 on the server itself');
    await s.relay.escalate(s.ports(), INPUT);
    const assigned = await s.desk.assign('T-1', EXPERT);
    expect(await s.relay.relay(s.ports(), assigned, 'assign', EXPERT)).toBe('');
    expect(s.told[0]).toEqual({
      kind: 'assigned',
      text: '<@U2> (an expert) is looking at your question (ticket T-1).',
    });
    const asked = await s.desk.ask('T-1', EXPERT, 'From another machine too?');
    expect(await s.relay.relay(s.ports(false), asked, 'ask', EXPERT)).toMatch(
      /could not reach <@U1> in their conversation/,
    );
    expect(s.told[1]).toEqual({
      kind: 'asked',
      expert: '<@U2>',
      question: 'From another machine too?',
    });
    expect(s.updated.map((t) => t.status)).toEqual(['assigned', 'assigned']);
    const resolved = await s.desk.resolve('T-1', EXPERT, {
      cause: 'loopback-check',
      other: '',
      note: '',
    });
    expect(await s.relay.relay(s.ports(), resolved, 'resolve', EXPERT)).toBe(
      'Resolved; I sent <@U1> the answer.',
    );
    expect(s.told[2]?.kind).toBe('resolved');
    const again = await s.desk.assign('T-1', EXPERT);
    expect(await s.relay.relay(s.ports(), again, 'assign', EXPERT)).toMatch(/already resolved/);
  });

  it('forgets the user on "forget me" and resets the conversation, counting what it deleted', async () => {
    const s = setup();
    await s.conversations.respond(REF, 'HTTP Error 401.1 on the server itself');
    await s.relay.escalate(s.ports(), INPUT);
    const turns = createTurns({ ...s, logger: silentLogger(), now: () => 0 });
    const said: string[] = [];
    const ports = {
      send: () => Promise.reject(new Error('no turn expected')),
      askExpert: () => Promise.reject(new Error('no ticket expected')),
      say: (text: string) => Promise.resolve(void said.push(text)),
    };
    await turns.text({ ref: REF, userId: 'U1', log: {} }, 'Forget me', ports);
    expect(said).toEqual([expect.stringMatching(/^Done: I deleted 1 record kept about you/)]);
    expect(s.store.keys('conversations/')).toEqual([]);
    expect(await readTicket(s.store, 'T-1')).toBeUndefined();
  });
});
