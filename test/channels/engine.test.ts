import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, INLINE_MAX_CHARS, type Engine } from '../../src/channels/engine.js';
import { answerTurn, type TurnJob } from '../../src/channels/engine-tasks.js';
import { analyse } from '../../src/analysis.js';
import { initialState } from '../../src/dialog/index.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { buildTriageNote } from '../../src/triage/index.js';
import { LOG_401_1_1326, LOG_401_2_5, realKnowledge } from '../server/helpers.js';

let knowledge: Knowledge;
let engine: Engine;
/** Every task on the pool: what the threads answer must be what this thread answers. */
let pooled: Engine;
beforeAll(async () => {
  knowledge = await realKnowledge();
  engine = createEngine(knowledge, { threads: 2 });
  pooled = createEngine(knowledge, { threads: 2, inlineMaxChars: 0 });
});
afterAll(async () => {
  await Promise.all([engine?.close(), pooled?.close()]);
});

const job = (input: TurnJob['input'], over: Partial<TurnJob> = {}): TurnJob => ({
  state: initialState(),
  input,
  now: 1_700_000_000_000,
  ...over,
});

/** A paste past the inline bound: log lines with prose between them. */
const bigPaste = (): string => {
  const text = `users get a login box since this morning\n${LOG_401_1_1326}\n`.repeat(200);
  expect(text.length).toBeGreaterThan(INLINE_MAX_CHARS);
  return text;
};

describe('createEngine', () => {
  it('answers a conversation on the pool as on this thread, as plain objects', async () => {
    let here = initialState();
    let there = initialState();
    const before = pooled.poolTasks();
    const inputs = [
      LOG_401_2_5,
      { type: 'answer', fact: 'users-see-error', value: 'yes' } as const,
      LOG_401_1_1326,
      'help',
      { type: 'none-of-these' } as const,
    ];
    for (const input of inputs) {
      const want = answerTurn(knowledge, job(input, { state: here }));
      const got = await pooled.run('turn', job(input, { state: there }));
      expect(got).toEqual(want);
      expect(Object.getPrototypeOf(got.reply)).toBe(Object.prototype);
      here = want.state;
      there = got.state;
    }
    expect(pooled.poolTasks() - before).toBe(inputs.length);
  });

  it('runs small tasks on this thread and big ones on the pool', async () => {
    const before = engine.poolTasks();
    const small = await engine.run('turn', job('help'));
    expect(small).toEqual(answerTurn(knowledge, job('help')));
    expect(engine.poolTasks()).toBe(before);
    const paste = bigPaste();
    const big = await engine.run('turn', job(paste));
    expect(big).toEqual(answerTurn(knowledge, job(paste)));
    expect(engine.poolTasks()).toBe(before + 1);
  });

  it('answers tasks asked at once on two threads, each its own', async () => {
    const inputs = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0 ? `explain 401.${(i % 5) + 1}` : i % 3 === 1 ? LOG_401_2_5 : `win32 ${1326 + i}`,
    );
    const got = await Promise.all(inputs.map((input) => pooled.run('turn', job(input))));
    got.forEach((g, i) => expect(g).toEqual(answerTurn(knowledge, job(inputs[i]!))));
  });

  it('reports on a log file beside the answer to its text', async () => {
    const log = `#Fields: date time cs-method cs-uri-stem sc-status sc-substatus sc-win32-status\n${'2024-01-01 10:00:00 GET /app 401 2 5\n'.repeat(3)}`;
    const asked = job(log, { file: { name: 'u_ex240101.log' } });
    const got = await pooled.run('turn', asked);
    expect(got).toEqual(answerTurn(knowledge, asked));
    expect(got.report?.notes[0]).toContain('u_ex240101.log: 4 lines, 3 log entries');
    expect(got.reply.codes.map((c) => c.code)).toContainEqual({
      status: 401,
      substatus: 2,
      win32: 5,
    });
  });

  it('triages and notes on the pool as the core does here', async () => {
    const paste = bigPaste();
    const answer = await engine.run('triage', paste);
    expect(answer).toMatchObject(analyse(paste, knowledge));
    expect(answer.note).toEqual(buildTriageNote(paste, knowledge));
    expect(answer.noteMarkdown).toContain(answer.note.verdict);
    expect(await pooled.run('note', LOG_401_2_5)).toEqual(buildTriageNote(LOG_401_2_5, knowledge));
  });

  it('fails only the task that throws, with its error, and answers the next', async () => {
    const broken = job(LOG_401_2_5, { state: null as unknown as TurnJob['state'] });
    await expect(pooled.run('turn', broken)).rejects.toMatchObject({
      name: 'TypeError',
      message: expect.stringMatching(/null/) as string,
    });
    const next = await pooled.run('turn', job(LOG_401_2_5));
    expect(next).toEqual(answerTurn(knowledge, job(LOG_401_2_5)));
  });
});
