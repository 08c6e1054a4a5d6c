import { unlessStorageDown } from '../errors.js';
import { initialState } from '../dialog/index.js';
import type { Logger } from '../logger.js';
import { asConversationRecord, type ConversationRecord } from './conversation.js';
import type { StateStore } from './types.js';

/** Reads, changes and writes of one record tried at most (each after a conflicting write). */
const MAX_ATTEMPTS = 6;
/** Pause after a conflict, times the attempt number, give or take half. */
const RETRY_PAUSE_MS = 15;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Loaded {
  record: ConversationRecord;
  etag?: string;
  /** The read failed: `record` is fresh, and must not be written over what is stored. */
  degraded: boolean;
}

export type ConversationChange = (
  record: ConversationRecord,
) => ConversationRecord | Promise<ConversationRecord>;

/**
 * Conversation records read and written under optimistic concurrency; a storage outage is logged
 * and reads as a fresh record marked degraded, never as a failed turn.
 */
export const conversationRecords = (store: StateStore, logger: Logger, now: () => number) => {
  const fresh = (): ConversationRecord => ({
    version: 1,
    dialog: initialState(),
    sent: [],
    updatedAt: now(),
  });

  const load = (key: string): Promise<Loaded> =>
    unlessStorageDown<Loaded>(
      async () => {
        const item = await store.read(key);
        const record = asConversationRecord(item?.value);
        if (item && !record) logger.warn({ key }, 'stored conversation unusable; starting afresh');
        return { record: record ?? fresh(), etag: item?.etag, degraded: false };
      },
      (e) => {
        logger.error({ key, err: e.message }, 'state read failed');
        return { record: fresh(), degraded: true };
      },
    );

  /**
   * Writes with the read eTag, or only if still absent when nothing was read (two first messages
   * at once must not overwrite each other); a conflict when another turn or instance wrote first.
   */
  const save = (
    key: string,
    record: ConversationRecord,
    etag: string | undefined,
  ): Promise<'ok' | 'conflict' | 'failed'> =>
    unlessStorageDown(
      async () => {
        const guard = etag === undefined ? { absent: true as const } : { etag };
        const result = await store.write(key, record, guard);
        return result.ok ? 'ok' : 'conflict';
      },
      (e) => {
        logger.error({ key, err: e.message }, 'state write failed');
        return 'failed' as const;
      },
    );

  /**
   * Read-modify-write, retried on conflicts. After a failed read `change` works on a fresh record,
   * which is not written.
   */
  const update = async (
    key: string,
    change: ConversationChange,
  ): Promise<'ok' | 'read-failed' | 'write-failed'> => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { record, etag, degraded } = await load(key);
      const next = await change(record);
      // never overwrite a conversation we could not read
      if (degraded) return 'read-failed';
      const saved = await save(key, next, etag);
      if (saved === 'ok') return 'ok';
      if (saved === 'failed') return 'write-failed';
      logger.debug({ key, attempt }, 'state changed under us; turn re-run');
      // turns that collided once would collide again at once: spread the retries
      await pause(RETRY_PAUSE_MS * attempt * (0.5 + Math.random()));
    }
    logger.warn({ key }, 'state write kept conflicting; gave up');
    return 'write-failed';
  };

  return { load, update };
};
