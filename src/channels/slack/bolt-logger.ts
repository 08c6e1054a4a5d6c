import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/** Bolt's messages are strings and errors; payloads are not passed on (they may carry user text). */
const describe = (args: unknown[]): string =>
  args
    .map((a) =>
      a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : typeof a,
    )
    .join(' ')
    .slice(0, 500);

/** Bolt skips building debug messages (some hold whole payloads) unless pino would write them. */
const boltLevel = (level: string): LogLevel =>
  level === 'trace' || level === 'debug'
    ? LogLevel.DEBUG
    : level === 'info'
      ? LogLevel.INFO
      : level === 'warn'
        ? LogLevel.WARN
        : LogLevel.ERROR;

/** Bolt and its Socket Mode client log through our pino logger instead of the console. */
export const boltLogger = (logger: Logger): BoltLogger => {
  const log = logger.child({ component: 'slack-bolt' });
  return {
    debug: (...args: unknown[]) => log.debug(describe(args)),
    info: (...args: unknown[]) => log.info(describe(args)),
    warn: (...args: unknown[]) => log.warn(describe(args)),
    error: (...args: unknown[]) => log.error(describe(args)),
    setLevel: () => undefined,
    getLevel: () => boltLevel(log.level),
    setName: () => undefined,
  };
};
