import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * Paths that may carry secrets if someone ever logs a request, an activity or a config object.
 * User text is never logged at info level in the first place; this is the second line of defence.
 */
const REDACT = [
  'authorization',
  'password',
  'connectionString',
  'appPassword',
  'triageApiKey',
  'text',
  'message',
  'value.feedback',
  '*.authorization',
  '*.Authorization',
  '*.password',
  '*.appPassword',
  '*.connectionString',
  '*.triageApiKey',
  '*.text',
  'req.headers.authorization',
  'req.headers.cookie',
  'activity.text',
  'activity.value',
  'activity.attachments',
];

/** The one logger of the adapters (the core never logs). JSON lines on stdout unless a stream is given. */
export const createLogger = (
  options: { level: LogLevel; destination?: DestinationStream } = { level: 'info' },
): Logger =>
  pino(
    {
      name: 'iis-triage',
      level: options.level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    options.destination,
  );

/** A logger that drops everything (tests, scripts). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
