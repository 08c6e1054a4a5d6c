import { beforeAll, describe, expect, it } from 'vitest';
import { createConversations, type KnowledgeStatus } from '../../src/channels/bot-seam.js';
import { createEngine } from '../../src/channels/engine.js';
import { createExpertDesk } from '../../src/channels/expert/index.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { silentLogger } from '../../src/logger.js';
import { buildReview, casesJsonl, renderReview } from '../../src/review/index.js';
import { listKept, MemoryStore } from '../../src/state/index.js';
import { realKnowledge } from '../server/helpers.js';
import { SECRET_KINDS } from './secret-kinds.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

/** Credentials the expert loop is handed besides the asker's message (all made up). */
const MORE = {
  password: 'Hunter2-Sekrit-991',
  basic: 'c3ZjLXdlYjpTdW1tZXIyMDI0IVNlY3JldA==',
  relayed: 'Rel4yed-Pa55-7781',
  answer: 'Answ3r-Pa55-2290',
  note: 'N0te-Pa55-5512',
  other: '0ther-Pa55-3307',
  comment: 'C0mment-Pa55-4406',
};

const NOW = Date.UTC(2026, 11, 7, 12);
const ASKER = { id: 'aad-asker', name: 'Megan' };
const EXPERT = { id: 'aad-expert', name: 'Ravi' };

/** Everything the store holds and everything review prints or exports, as one text. */
const everything = async (store: MemoryStore) => {
  const values = await Promise.all(store.keys().map(async (k) => (await store.read(k))?.value));
  const { records } = await listKept(store, { now: NOW, retentionDays: 180 });
  const review = buildReview(records, knowledge);
  return [
    JSON.stringify(values),
    renderReview(review, { retentionDays: 180 }),
    casesJsonl(review.resolved.flatMap((r) => (r.case ? [r.case] : []))),
  ].join('\n');
};

describe('the expert loop keeps no secret', () => {
  it.each(SECRET_KINDS.map((k) => [k.name, k] as const))(
    'from %s in the question, on the ticket, the kept records, the review or the export',
    async (_name, kind) => {
      const store = new MemoryStore();
      const status: KnowledgeStatus = {
        state: 'ready',
        knowledge,
        engine: createEngine(knowledge),
      };
      const deps = { knowledge: () => status, store, now: () => NOW, logger: silentLogger() };
      const conversations = createConversations(deps);
      const desk = createExpertDesk({ ...deps, newId: () => 'T-1' });
      const ref = { channelId: 'msteams', conversationId: `a:${kind.name}` };
      await conversations.respond(
        ref,
        `HTTP Error 401.1 on the intranet site.\n${kind.line}\ncurl -H "Authorization: Basic ${MORE.basic}" and password=${MORE.password}`,
      );
      const opened = await desk.open({ ref, asker: ASKER, replyTo: {} });
      expect(opened.kind).toBe('opened');
      await desk.ask('T-1', EXPERT, `try password=${MORE.relayed} please`);
      await desk.answer('T-1', ASKER, `I used password=${MORE.answer}`);
      await desk.keepUnsure(ref, ASKER.id, 'answer-1', 'low-confidence');
      const feedback = await conversations.recordFeedback(ref, ASKER.id, {
        messageId: null,
        answerId: 'answer-1',
        reaction: 'dislike',
        comment: `password=${MORE.comment}`,
      });
      await desk.keepFeedback(ref, ASKER.id, feedback);
      const resolved = await desk.resolve('T-1', EXPERT, {
        cause: 'wrong-credentials',
        other: '',
        note: `reset it, the old one was password=${MORE.note}`,
      });
      expect(resolved.ok).toBe(true);
      const all = await everything(store);
      expect(all).toContain('"kind":"resolved"');
      expect(all).toContain('ticket-T-1');
      for (const secret of [...kind.secrets, ...Object.values(MORE)])
        expect(all).not.toContain(secret);
    },
  );

  it('nor from an expert naming the cause in their own words', async () => {
    const store = new MemoryStore();
    const status: KnowledgeStatus = { state: 'ready', knowledge, engine: createEngine(knowledge) };
    const deps = { knowledge: () => status, store, now: () => NOW, logger: silentLogger() };
    const conversations = createConversations(deps);
    const desk = createExpertDesk({ ...deps, newId: () => 'T-2' });
    const ref = { channelId: 'slack', conversationId: 'D1' };
    await conversations.respond(ref, 'HTTP Error 401.2 on /app');
    await desk.open({ ref, asker: ASKER, replyTo: {} });
    await desk.resolve('T-2', EXPERT, { cause: 'other', other: `pwd=${MORE.other}`, note: '' });
    expect(await everything(store)).not.toContain(MORE.other);
  });
});
