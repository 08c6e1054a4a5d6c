import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

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

const ours = (destination: Writable): Logger => createLogger({ level: 'info', destination });

describe('createLogger', () => {
  it('redacts secrets in the bindings of children, top level and one level down', () => {
    const { logger, lines } = capture(ours);
    logger
      .child({ password: 'p', config: { connectionString: 'c', port: 1 } })
      .child({ activity: { text: 't' }, authorization: 'a' })
      .info({ message: 'm' }, 'x');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      password: '[redacted]',
      config: { connectionString: '[redacted]', port: 1 },
      activity: { text: '[redacted]' },
      authorization: '[redacted]',
      message: '[redacted]',
    });
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
