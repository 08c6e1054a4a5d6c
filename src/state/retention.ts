import { errorLine } from '../errors.js';
import type { Logger } from '../logger.js';
import {
  asKeptRecord,
  DAY_MS,
  digestOfKey,
  KEPT_PREFIX,
  readEach,
  retentionMs,
  userDigest,
} from './kept.js';
import { keyPart } from './conversation.js';
import { asTicket, TICKET_PREFIX } from './tickets.js';
import type { StateStore } from './types.js';

export interface Removed {
  kept: number;
  tickets: number;
}

const deleteAll = async (store: StateStore, keys: readonly string[]): Promise<void> => {
  for (let i = 0; i < keys.length; i += 16) {
    await Promise.all(keys.slice(i, i + 16).map((k) => store.delete(k)));
  }
};

/**
 * Deletes kept records and tickets older than the retention (by when they were made, or for a
 * ticket last changed), and values under those prefixes that are not records at all.
 */
export const purgeExpired = async (
  store: StateStore,
  options: { now: number; retentionDays: number },
): Promise<Removed> => {
  if (!store.list) return { kept: 0, tickets: 0 };
  const oldest = options.now - retentionMs(options.retentionDays);
  const kept: string[] = [];
  await readEach(store, await store.list(KEPT_PREFIX), (key, value) => {
    const r = asKeptRecord(value);
    if (!r || r.at < oldest) kept.push(key);
  });
  const tickets: string[] = [];
  await readEach(store, await store.list(TICKET_PREFIX), (key, value) => {
    const t = asTicket(value);
    if (!t || t.updatedAt < oldest) tickets.push(key);
  });
  await deleteAll(store, [...kept, ...tickets]);
  return { kept: kept.length, tickets: tickets.length };
};

/**
 * Deletes everything kept about one user: their kept records (in one channel, or in any when
 * `channelId` is null) and the tickets they asked.
 */
export const forgetUser = async (
  store: StateStore,
  userId: string,
  channelId: string | null,
): Promise<Removed> => {
  if (!store.list) return { kept: 0, tickets: 0 };
  const digest = userDigest(userId);
  const kept = (await store.list(KEPT_PREFIX)).filter(
    (k) =>
      digestOfKey(k) === digest &&
      (channelId === null || k.startsWith(`${KEPT_PREFIX}${keyPart(channelId)}/`)),
  );
  const tickets: string[] = [];
  await readEach(store, await store.list(TICKET_PREFIX), (key, value) => {
    const t = asTicket(value);
    if (
      t &&
      t.asker.id === userId &&
      (channelId === null || t.conversation.channelId === channelId)
    )
      tickets.push(key);
  });
  await deleteAll(store, [...kept, ...tickets]);
  return { kept: kept.length, tickets: tickets.length };
};

/**
 * Deletes kept records and tickets past the retention now and then once a day, for as long as
 * the process runs (several instances each sweep: deleting twice is harmless). Returns `stop`.
 */
export const startRetention = (
  store: StateStore,
  options: { retentionDays: number; now: () => number; logger: Logger },
): (() => void) => {
  const { logger, retentionDays } = options;
  const sweep = async (): Promise<void> => {
    try {
      const removed = await purgeExpired(store, { now: options.now(), retentionDays });
      if (removed.kept || removed.tickets) {
        logger.info({ removed, retentionDays }, 'retention: old records deleted');
      }
    } catch (e) {
      // a storage outage or anything else: the next day's sweep tries again
      logger.warn({ err: errorLine(e, 300) }, 'retention sweep failed; tried again later');
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
};
