import { parentPort } from 'node:worker_threads';
import { AppError } from '../../errors.js';
import type { Knowledge } from '../../knowledge/index.js';
import { getMatcher } from '../../match/index.js';
import { answerTurn } from './answer.js';
import { toWire, type EngineRequest, type EngineResponse } from './engine.js';

const describe = (e: unknown): { name: string; message: string; stack?: string } =>
  e instanceof Error
    ? { name: e.name, message: e.message, stack: e.stack }
    : { name: 'unknown', message: String(e).slice(0, 200) };

/** An engine thread (see WorkerEngine): takes the knowledge once, then answers turns in order. */
const serve = (): void => {
  const port = parentPort;
  if (!port) throw new AppError('E_CONFIG', 'the engine thread module runs only as a worker');
  let knowledge: Knowledge | undefined;
  port.on('message', (m: EngineRequest) => {
    if (m.kind === 'init') {
      knowledge = m.knowledge;
      // the phrase index is built now, not on (and in the time of) the first user's turn
      getMatcher(knowledge);
      port.postMessage('ready' satisfies EngineResponse);
      return;
    }
    let response: EngineResponse;
    try {
      if (!knowledge) throw new AppError('E_KNOWLEDGE', 'the engine thread has no knowledge');
      response = { id: m.id, ok: true, answer: toWire(answerTurn(knowledge, m.job)) };
    } catch (e) {
      // a failed turn is reported like an inline one: the adapter apologises and logs it
      response = { id: m.id, ok: false, error: describe(e) };
    }
    // the card bytes are handed over, not copied (each has a buffer of its own: toWire)
    port.postMessage(
      response,
      response.ok ? response.answer.outgoing.contents.map((c) => c.buffer as ArrayBuffer) : [],
    );
  });
};

serve();
