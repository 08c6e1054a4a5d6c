import { errorLine } from '../errors.js';
import type { Logger } from '../logger.js';
import { DAY_MS } from './kept.js';
import { purgeExpired } from './retention.js';
import type { StateStore } from './types.js';

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
