import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import {
  forgetUser,
  keptKey,
  listKept,
  MemoryStore,
  purgeExpired,
  readTicket,
  startRetention,
  ticketKey,
  updateTicket,
  withEvent,
  MAX_EVENTS,
  type KeptRecord,
  type TicketRecord,
} from '../../src/state/index.js';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 5, 1);

const kept = (over: Partial<KeptRecord> = {}): KeptRecord => ({
  version: 1,
  kind: 'unsure',
  id: 'conv-1',
  channelId: 'msteams',
  userId: 'user-a',
  at: NOW - DAY,
  text: '401.1 from the intranet site',
  codes: [{ status: 401, substatus: 1, win32: null }],
  facts: {},
  ranking: [{ id: 'loopback-check', score: 0.4 }],
  unsure: { answerId: 'a1', reason: 'low-confidence' },
  ...over,
});

const ticket = (over: Partial<TicketRecord> = {}): TicketRecord => ({
  version: 1,
  id: 'T-1',
  status: 'open',
  conversation: { channelId: 'msteams', conversationId: 'c1' },
  asker: { id: 'user-a', name: 'Ann' },
  replyTo: {},
  text: 'text',
  codes: [],
  facts: {},
  note: { verdict: 'unsure', causes: [] } as unknown as TicketRecord['note'],
  post: null,
  assignee: null,
  events: [{ at: NOW, kind: 'opened', by: 'Ann' }],
  resolution: null,
  createdAt: NOW,
  updatedAt: NOW,
  ...over,
});

const store = async (records: KeptRecord[], tickets: TicketRecord[] = []) => {
  const s = new MemoryStore();
  for (const r of records) await s.write(keptKey(r), r);
  for (const t of tickets) await s.write(ticketKey(t.id), t);
  return s;
};

describe('kept records', () => {
  it('files a record under a digest of the user id, never the id itself', () => {
    const key = keptKey(kept({ userId: '29:1AbC-secret-user' }));
    expect(key).toMatch(/^kept\/msteams\/[0-9a-f]{32}\/unsure\/conv-1$/);
    expect(key).not.toContain('1AbC');
  });

  it('lists records within the retention, oldest first, and counts what it cannot read', async () => {
    const s = await store([
      kept({ id: 'new', at: NOW - DAY }),
      kept({ id: 'older', at: NOW - 10 * DAY }),
      kept({ id: 'expired', at: NOW - 200 * DAY }),
    ]);
    await s.write('kept/msteams/x/unsure/broken', { version: 2 });
    const listing = await listKept(s, { now: NOW, retentionDays: 180 });
    expect(listing.records.map((r) => r.id)).toEqual(['older', 'new']);
    expect(listing.unreadable).toBe(1);
  });
});

describe('purgeExpired', () => {
  it('deletes records and tickets past the retention and damaged values, and keeps the rest', async () => {
    const s = await store(
      [kept({ id: 'fresh' }), kept({ id: 'old', at: NOW - 31 * DAY })],
      [ticket({ id: 'T-NEW' }), ticket({ id: 'T-OLD', updatedAt: NOW - 40 * DAY })],
    );
    await s.write('tickets/T-JUNK', 'not a ticket');
    await s.write('conversations/msteams/c1', { untouched: true });
    const removed = await purgeExpired(s, { now: NOW, retentionDays: 30 });
    expect(removed).toEqual({ kept: 1, tickets: 2 });
    expect(s.keys('kept/')).toEqual([keptKey(kept({ id: 'fresh' }))]);
    expect(s.keys('tickets/')).toEqual(['tickets/T-NEW']);
    expect(s.keys('conversations/')).toEqual(['conversations/msteams/c1']);
  });
});

describe('forgetUser', () => {
  it("deletes one user's records and tickets in one channel, and nobody else's", async () => {
    const s = await store(
      [
        kept({ id: 'a-teams' }),
        kept({ id: 'a-slack', channelId: 'slack' }),
        kept({ id: 'b-teams', userId: 'user-b' }),
      ],
      [
        ticket({ id: 'T-A' }),
        ticket({ id: 'T-B', asker: { id: 'user-b', name: 'Bo' } }),
        ticket({
          id: 'T-AS',
          conversation: { channelId: 'slack', conversationId: 'D1' },
        }),
      ],
    );
    expect(await forgetUser(s, 'user-a', 'msteams')).toEqual({ kept: 1, tickets: 1 });
    expect(s.keys('tickets/')).toEqual(['tickets/T-AS', 'tickets/T-B']);
    expect(s.keys('kept/')).toHaveLength(2);
    expect(await forgetUser(s, 'user-a', null)).toEqual({ kept: 1, tickets: 1 });
    expect((await listKept(s, { now: NOW, retentionDays: 180 })).records.map((r) => r.id)).toEqual([
      'b-teams',
    ]);
  });

  it('finds records in a channel whose id is not key-safe', async () => {
    const s = await store([kept({ channelId: 'odd channel/id' })]);
    expect(await forgetUser(s, 'user-a', 'odd channel/id')).toEqual({ kept: 1, tickets: 0 });
  });
});

describe('tickets', () => {
  it('applies two changes made at once, each on the other (eTag retry)', async () => {
    const s = await store([], [ticket()]);
    const add = (by: string) =>
      updateTicket(s, 'T-1', (t) => ({
        ticket: { ...t, events: withEvent(t.events, { at: NOW, kind: 'asked', by }) },
      }));
    const results = await Promise.all([add('x'), add('y')]);
    expect(results.every((r) => r.ok)).toBe(true);
    const events = (await readTicket(s, 'T-1'))!.events.map((e) => e.by);
    expect(events.slice(1).sort()).toEqual(['x', 'y']);
  });

  it('answers a problem instead of writing, and not-found for a missing or damaged ticket', async () => {
    const s = await store([], [ticket()]);
    expect(await updateTicket(s, 'T-1', () => ({ problem: 'nope' }))).toEqual({
      ok: false,
      problem: 'nope',
    });
    expect(await updateTicket(s, 'T-2', (t) => ({ ticket: t }))).toEqual({
      ok: false,
      problem: 'not-found',
    });
    await s.write(ticketKey('T-3'), { version: 1, id: 'T-3' });
    expect((await updateTicket(s, 'T-3', (t) => ({ ticket: t }))).ok).toBe(false);
  });

  it('keeps the opening and the newest events', () => {
    let events = ticket().events;
    for (let i = 0; i < MAX_EVENTS + 5; i++)
      events = withEvent(events, { at: i, kind: 'asked', by: String(i) });
    expect(events).toHaveLength(MAX_EVENTS);
    expect(events[0]!.kind).toBe('opened');
    expect(events.at(-1)!.by).toBe(String(MAX_EVENTS + 4));
  });
});

describe('startRetention', () => {
  it('sweeps at once, and a storage outage is logged and tried again later', async () => {
    const s = await store([kept({ id: 'old', at: NOW - 400 * DAY })]);
    const logger = silentLogger();
    const warn = vi.spyOn(logger, 'warn');
    const stop = startRetention(s, { retentionDays: 180, now: () => NOW, logger });
    await vi.waitFor(() => expect(s.keys('kept/')).toEqual([]));
    stop();
    const down = new MemoryStore();
    down.list = () => Promise.reject(new AppError('E_STORAGE', 'storage is down'));
    const stopDown = startRetention(down, { retentionDays: 180, now: () => NOW, logger });
    await vi.waitFor(() =>
      expect(warn).toHaveBeenCalledWith(
        { err: 'storage is down' },
        'retention sweep failed; tried again later',
      ),
    );
    stopDown();
  });
});
