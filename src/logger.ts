import {
  pino,
  type Bindings,
  type ChildLoggerOptions,
  type DestinationStream,
  type Logger,
} from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/**
 * Paths that may carry secrets if someone ever logs a request, an activity or a config object.
 * User text is never logged at info level in the first place; this is the second line of defence.
 */
export const REDACT = [
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

const CENSOR = '[redacted]';

type Child = (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;

/** The '*.key' paths: a key of that name one level under any logged value (or binding). */
const NESTED = REDACT.filter((p) => p.startsWith('*.')).map((p) => p.slice(2));

const hasNested = (v: object): boolean => NESTED.some((k) => k in v);

/**
 * The '*.key' redactions, done as pino's redactor does them (a copy with the key censored) but
 * with the paths read once: pino's redactor parses every
 * wildcard path again for every value it is given, ~10 µs and ~14 KB of garbage a log line.
 * The other paths name top-level keys, which cost pino nothing where they are absent.
 */
const censorNested = (o: Record<string, unknown>): Record<string, unknown> => {
  let out = o;
  for (const key of Object.keys(o)) {
    const v = o[key];
    // JSON writes no named properties of an array
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !hasNested(v)) continue;
    // the same kind of object (an error stays one for pino's err serialiser), the key replaced
    const copy = Object.create(
      Object.getPrototypeOf(v) as object | null,
      Object.getOwnPropertyDescriptors(v),
    ) as object;
    for (const k of NESTED) if (k in v) Reflect.set(copy, k, CENSOR);
    if (out === o) out = { ...o };
    out[key] = copy;
  }
  return out;
};

/** The one logger of the adapters (the core never logs). JSON lines on stdout unless a stream is given. */
export const createLogger = (
  options: { level: LogLevel; destination?: DestinationStream } = { level: 'info' },
): Logger => {
  const logger = pino(
    {
      name: 'iis-triage',
      level: options.level,
      redact: { paths: REDACT.filter((p) => !p.startsWith('*.')), censor: CENSOR },
      formatters: { log: censorNested },
      base: { pid: process.pid },
    },
    options.destination,
  );
  // a child's bindings skip pino's formatters; children inherit this method from the root
  const child = Reflect.get(logger, 'child') as unknown as Child;
  Object.defineProperty(logger, 'child', {
    value: function (this: Logger, bindings: Bindings, childOptions?: ChildLoggerOptions) {
      return child.call(this, censorNested(bindings), childOptions);
    },
    writable: true,
    configurable: true,
  });
  return logger;
};

/** A logger that drops everything (tests, scripts). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
