import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  answerTurn,
  inlineEngine,
  JsonText,
  WorkerEngine,
  type AnsweredTurn,
  type AnswerJob,
} from '../../../src/channels/teams/index.js';
import { materialise, spawnEngineThread } from '../../../src/channels/teams/engine.js';
import { initialState } from '../../../src/dialog/index.js';
import type { Knowledge } from '../../../src/knowledge/index.js';
import { silentLogger } from '../../../src/logger.js';
import { LOG_401_1_1326, LOG_401_2_5, realKnowledge } from '../../server/helpers.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

const engines: WorkerEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});

const workerEngine = (options: ConstructorParameters<typeof WorkerEngine>[2] = {}) => {
  const engine = new WorkerEngine(knowledge, silentLogger(), options);
  engines.push(engine);
  return engine;
};

const job = (input: AnswerJob['input'], over: Partial<AnswerJob> = {}): AnswerJob => ({
  state: initialState(),
  input,
  file: null,
  now: 1_700_000_000_000,
  channelId: 'msteams',
  notes: [],
  ...over,
});

/** An answer as the channel sees it: cards as objects. */
const plain = (a: AnsweredTurn) => ({
  ...a,
  outgoing: { ...a.outgoing, activity: materialise(a.outgoing.activity) },
});

/** answerTurn's answer, less the card's JSON text (which the engines turn into JsonText). */
const expected = (knowledge: Knowledge, asked: AnswerJob): AnsweredTurn => {
  const answered = answerTurn(knowledge, asked);
  const { contentJson, ...outgoing } = answered.outgoing;
  const content: unknown = outgoing.activity.attachments?.[0]?.content;
  if (content) expect(contentJson).toBe(JSON.stringify(content));
  return { ...answered, outgoing };
};

/** A thread that takes the knowledge and then dies on the first turn it is given. */
const dyingThread = (): Worker =>
  new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', (m) => { if (m.kind === 'init') parentPort.postMessage('ready'); else process.exit(3); });`,
    { eval: true },
  );

describe('WorkerEngine', () => {
  it('answers a conversation as the engine on this thread does, cards as JSON bytes', async () => {
    const engine = workerEngine();
    let here = initialState();
    let there = initialState();
    for (const input of [
      LOG_401_2_5,
      { type: 'answer', fact: 'users-see-error', value: 'yes' } as const,
      LOG_401_1_1326,
      'help',
      { type: 'none-of-these' } as const,
    ]) {
      const want = expected(knowledge, job(input, { state: here }));
      const got = await engine.answer(job(input, { state: there }));
      expect(got.outgoing.activity.attachments?.[0]?.content).toBeInstanceOf(JsonText);
      expect(plain(got)).toEqual(want);
      here = want.state;
      there = got.state;
    }
  });

  it('answers turns asked at once on two threads, each its own', async () => {
    const engine = workerEngine({ threads: 2 });
    const inputs = Array.from({ length: 24 }, (_, i) =>
      i % 3 === 0 ? `explain 401.${(i % 5) + 1}` : i % 3 === 1 ? LOG_401_2_5 : `win32 ${1326 + i}`,
    );
    const got = await Promise.all(inputs.map((input) => engine.answer(job(input))));
    got.forEach((g, i) => expect(plain(g)).toEqual(expected(knowledge, job(inputs[i]!))));
  });

  it('renders a file summary above the answer and the notes it is given at the end', async () => {
    const engine = workerEngine();
    const log = `#Fields: date time cs-method cs-uri-stem sc-status sc-substatus sc-win32-status\n${'2024-01-01 10:00:00 GET /app 401 2 5\n'.repeat(3)}`;
    const asked = job(log, { file: 'u_ex240101.log', notes: ['storage was down'] });
    const got = plain(await engine.answer(asked));
    expect(got).toEqual(expected(knowledge, asked));
    const text = JSON.stringify(got.outgoing.activity);
    expect(text).toContain('u_ex240101.log: 4 lines, 3 log entries');
    expect(text).toContain('storage was down');
  });

  it('fails only the turn that throws, with its error, and answers the next', async () => {
    const engine = workerEngine();
    const broken = job(LOG_401_2_5, { state: null as unknown as AnswerJob['state'] });
    await expect(engine.answer(broken)).rejects.toMatchObject({
      name: 'TypeError',
      message: expect.stringMatching(/null/) as string,
    });
    const next = await engine.answer(job(LOG_401_2_5));
    expect(plain(next)).toEqual(expected(knowledge, job(LOG_401_2_5)));
  });

  it('fails the turns a dying thread held, and answers the next on a new thread', async () => {
    const spawned: string[] = [];
    const engine = workerEngine({
      spawn: () => {
        spawned.push(spawned.length === 0 ? 'dying' : 'real');
        return spawned.length === 1 ? dyingThread() : spawnEngineThread();
      },
    });
    await expect(engine.answer(job(LOG_401_2_5))).rejects.toThrow(/exited \(code 3\)/);
    const next = await engine.answer(job(LOG_401_2_5));
    expect(plain(next)).toEqual(expected(knowledge, job(LOG_401_2_5)));
    expect(spawned).toEqual(['dying', 'real']);
  });

  it('answers on this thread when its thread cannot start', async () => {
    const engine = workerEngine({
      spawn: () => new Worker('throw new Error("no such module")', { eval: true }),
    });
    await engine.started;
    const got = await engine.answer(job(LOG_401_1_1326));
    expect(plain(got)).toEqual(expected(knowledge, job(LOG_401_1_1326)));
  });

  it('refuses turns once closed', async () => {
    const engine = workerEngine();
    await engine.close();
    await expect(engine.answer(job('help'))).rejects.toThrow(/closed/);
  });
});

describe('inlineEngine', () => {
  it('answers as answerTurn does, the card as JSON bytes', async () => {
    const got = await inlineEngine(() => knowledge).answer(job(LOG_401_2_5));
    expect(got.outgoing.activity.attachments?.[0]?.content).toBeInstanceOf(JsonText);
    expect(plain(got)).toEqual(expected(knowledge, job(LOG_401_2_5)));
  });
});
