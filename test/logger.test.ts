import { Writable } from 'node:stream';
import fc from 'fast-check';
import { pino, type Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger, REDACT } from '../src/logger.js';

/** A logger and the lines it wrote. */
const capture = (make: (destination: Writable) => Logger): { logger: Logger; lines: string[] } => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: make(destination), lines };
};

/** pino redacting every path itself (what createLogger did before it took over the '*.key' ones). */
const reference = (destination: Writable): Logger =>
  pino(
    {
      name: 'iis-triage',
      level: 'info',
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    destination,
  );

const ours = (destination: Writable): Logger => createLogger({ level: 'info', destination });

const KEYS = [
  'authorization',
  'Authorization',
  'password',
  'appPassword',
  'connectionString',
  'triageApiKey',
  'text',
  'message',
  'value',
  'feedback',
  'req',
  'headers',
  'cookie',
  'activity',
  'attachments',
  'err',
  'reply',
  'causes',
  'id',
];

class Thing {
  constructor(readonly text: string) {}
}

const logged = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 3 }),
    tie('object'),
    fc.string({ maxLength: 8 }).map((s) => new Thing(s)),
    fc
      .tuple(fc.string({ maxLength: 8 }), tie('object'))
      .map(([m, extra]) => Object.assign(new Error(m), extra)),
  ),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), {
    maxKeys: 4,
    noNullPrototype: true,
  }),
})).object;

const withoutTime = (line: string): unknown => {
  const { time: _time, ...rest } = JSON.parse(line) as Record<string, unknown>;
  return rest;
};

describe('createLogger', () => {
  it('redacts what pino redacting every path itself redacts, in log objects and bindings', () => {
    fc.assert(
      fc.property(logged, logged, logged, (bindings, more, obj) => {
        const a = capture(reference);
        const b = capture(ours);
        a.logger.info(obj, 'x');
        b.logger.info(obj, 'x');
        a.logger.child(bindings).child(more).info(obj, 'x');
        b.logger.child(bindings).child(more).info(obj, 'x');
        expect(b.lines.map(withoutTime)).toEqual(a.lines.map(withoutTime));
      }),
      { numRuns: 2000 },
    );
  });

  it('censors secrets one level down, and leaves the object it was given alone', () => {
    const { logger, lines } = capture(ours);
    const input = {
      activityId: 'a1',
      req: { headers: { authorization: 'Bearer abc', cookie: 'c=1', host: 'x' } },
      config: { appPassword: 'p', port: 1 },
      err: Object.assign(new Error('boom'), { password: 'hunter2' }),
    };
    logger.info(input, 'x');
    const line = JSON.parse(lines[0]!) as Record<string, Record<string, unknown>>;
    expect(line.req).toEqual({
      headers: { authorization: '[redacted]', cookie: '[redacted]', host: 'x' },
    });
    expect(line.config).toEqual({ appPassword: '[redacted]', port: 1 });
    expect(line.err).toMatchObject({ type: 'Error', message: 'boom', password: '[redacted]' });
    expect(input.config.appPassword).toBe('p');
    expect(input.err.password).toBe('hunter2');
  });
});
