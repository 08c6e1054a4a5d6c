import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/channels/engine.js';
import {
  createConversations,
  textReply,
  type KnowledgeStatus,
} from '../../../src/channels/bot-seam.js';
import { AppError } from '../../../src/errors.js';
import type { Knowledge } from '../../../src/knowledge/index.js';
import { silentLogger } from '../../../src/logger.js';
import { conversationKey, MemoryStore, type StateStore } from '../../../src/state/index.js';
import { LOG_401_1_1326, LOG_401_2_5, realKnowledge } from '../../server/helpers.js';

const ref = { channelId: 'msteams', conversationId: 'a:seam' };
let ready: KnowledgeStatus;
beforeAll(async () => {
  const knowledge: Knowledge = await realKnowledge();
  ready = { state: 'ready', knowledge, engine: createEngine(knowledge) };
});

/** The seam, its turns answered as a text channel shows them (a file's summary in the notes). */
const make = (store: StateStore, status?: KnowledgeStatus) => {
  const conversations = createConversations({
    knowledge: () => status ?? ready,
    store,
    now: () => 1_700_000_000_000,
    logger: silentLogger(),
  });
  return {
    ...conversations,
    respond: async (...args: Parameters<typeof conversations.respond>) =>
      textReply(await conversations.respond(...args)),
  };
};

/** A store whose reads or writes fail like a storage outage. */
const broken = (fail: 'read' | 'write'): StateStore => {
  const inner = new MemoryStore();
  return {
    kind: 'memory',
    read: (k) =>
      fail === 'read' ? Promise.reject(new AppError('E_STORAGE', 'down')) : inner.read(k),
    write: (k, v, e) =>
      fail === 'write' ? Promise.reject(new AppError('E_STORAGE', 'down')) : inner.write(k, v, e),
    delete: (k) => inner.delete(k),
    health: () => inner.health(),
  };
};

describe('TriageConversations (the seam)', () => {
  it('keeps the dialogue state between turns', async () => {
    const store = new MemoryStore();
    const conversations = make(store);
    const first = await conversations.respond(ref, LOG_401_2_5);
    expect(first.codes.map((c) => c.code)).toContainEqual({ status: 401, substatus: 2, win32: 5 });
    await conversations.respond(ref, LOG_401_1_1326);
    const record = (await store.read(conversationKey(ref)))?.value as {
      dialog: { turns: number; codes: unknown[] };
    };
    expect(record.dialog.turns).toBe(2);
    expect(record.dialog.codes).toContainEqual({ status: 401, substatus: 1, win32: 1326 });
  });

  it('keeps every one of several first messages sent at once, or says it could not', async () => {
    const store = new MemoryStore();
    const conversations = make(store);
    const replies = await Promise.all(
      [LOG_401_2_5, LOG_401_1_1326, '401.2', 'HTTP Error 401.1', '401 2 5'].map((text) =>
        conversations.respond(ref, text),
      ),
    );
    const unsaved = replies.filter((r) => /could not save/.test(r.notes.join(' '))).length;
    const record = (await store.read(conversationKey(ref)))?.value as { dialog: { turns: number } };
    expect(record.dialog.turns + unsaved).toBe(replies.length);
  });

  it('starts afresh after reset', async () => {
    const store = new MemoryStore();
    const conversations = make(store);
    await conversations.respond(ref, LOG_401_2_5);
    await conversations.reset(ref);
    expect(await store.read(conversationKey(ref))).toBeUndefined();
  });

  it('answers without memory and says so when storage cannot be read', async () => {
    const reply = await make(broken('read')).respond(ref, LOG_401_1_1326);
    expect(reply.codes.length).toBeGreaterThan(0);
    expect(reply.notes.join(' ')).toMatch(/could not reach my conversation storage/);
  });

  it('answers and says so when storage cannot be written', async () => {
    const reply = await make(broken('write')).respond(ref, LOG_401_1_1326);
    expect(reply.notes.join(' ')).toMatch(/could not save this conversation/);
  });

  it('says when the knowledge is loading or broken instead of answering', async () => {
    const loading = await make(new MemoryStore(), { state: 'loading' }).respond(ref, '401.2');
    expect(loading.headline).toMatch(/still loading/);
    const failed = await make(new MemoryStore(), { state: 'failed', reason: 'x' }).respond(
      ref,
      '401.2',
    );
    expect(failed.headline).toMatch(/failed to load/);
  });

  it('records feedback against the answer the message carried', async () => {
    const store = new MemoryStore();
    const conversations = make(store);
    const reply = await conversations.respond(ref, LOG_401_1_1326);
    await conversations.remember(ref, 'msg-42', reply.id);
    const fb = await conversations.recordFeedback(ref, 'user-1', {
      messageId: 'msg-42',
      reaction: 'like',
      comment: 'x'.repeat(5000),
    });
    expect(fb).toMatchObject({ answerId: reply.id, messageId: 'msg-42', reaction: 'like' });
    expect(fb.comment).toHaveLength(1000);
    const stored = await store.read(`feedback/msteams/a:seam/${reply.id}/user-1`);
    expect(stored?.value).toEqual(fb);
  });

  it('summarises the whole log file beside the engine answer', async () => {
    const fields =
      '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken';
    const lines = ['#Software: Microsoft Internet Information Services 10.0', fields];
    for (let i = 0; i < 30; i++) {
      const t = `2024-05-02 08:${String(10 + i).padStart(2, '0')}:03`;
      lines.push(
        `${t} 10.0.0.5 GET /intranet/ - 80 - 10.0.0.${20 + (i % 5)} Mozilla/5.0 - 401 2 5 1`,
      );
      lines.push(
        i % 3
          ? `${t} 10.0.0.5 GET /intranet/ - 80 CONTOSO\\amy 10.0.0.${20 + (i % 5)} Mozilla/5.0 - 200 0 0 1`
          : `${t} 10.0.0.5 GET /intranet/ - 80 CONTOSO\\bob 10.0.0.${20 + (i % 5)} Mozilla/5.0 - 401 1 1326 1`,
      );
    }
    const reply = await make(new MemoryStore()).respond(ref, lines.join('\r\n'), {
      name: 'u_ex240502.log',
    });
    const summary = reply.notes;
    expect(summary[0]).toBe(
      'u_ex240502.log: 62 lines, 60 log entries, 2024-05-02 08:10:03 to 2024-05-02 08:39:03 UTC.',
    );
    expect(summary[1]).toMatch(/^20 of the 40 401 responses .* are real failures/);
    expect(summary.join('\n')).toMatch(/401\.1 with win32 1326/);
    expect(reply.codes.map((c) => c.code)).toContainEqual({
      status: 401,
      substatus: 1,
      win32: 1326,
    });
  });

  it('answers a file that is not a W3C log through the engine alone', async () => {
    const reply = await make(new MemoryStore()).respond(ref, 'HTTP Error 401.2 - Unauthorized', {
      name: 'error.txt',
    });
    expect(reply.notes.filter((n) => n.startsWith('error.txt'))).toEqual([]);
    expect(reply.codes.map((c) => c.code.substatus)).toContain(2);
  });
});
