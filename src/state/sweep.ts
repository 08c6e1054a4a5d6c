import { errorLine, unlessStorageDown } from '../errors.js';
import type { Logger } from '../logger.js';
import { purgeExpired } from './retention.js';
import type { StateStore } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes kept records and tickets past the retention now and then once a day, for as long as
 * the process runs (several instances each sweep: deleting twice is harmless). Returns `stop`.
 */
export const startRetention = (
  store: StateStore,
  options: { retentionDays: number; now: () => number; logger: Logger; everyMs?: number },
): (() => void) => {
  const { logger } = options;
  const sweep = (): Promise<void> =>
    unlessStorageDown(
      async () => {
        const removed = await purgeExpired(store, {
          now: options.now(),
          retentionDays: options.retentionDays,
        });
        if (removed.kept || removed.tickets) {
          logger.info(
            { removed, retentionDays: options.retentionDays },
            'retention: old records deleted',
          );
        }
      },
      (e) => logger.warn({ err: e.message }, 'retention sweep failed; tried again later'),
    );
  const run = (): void => {
    sweep().catch((e: unknown) =>
      logger.error({ err: errorLine(e, 300) }, 'retention sweep failed'),
    );
  };
  run();
  const timer = setInterval(run, options.everyMs ?? DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
};
