import type { Worker } from 'node:worker_threads';
import type { Activity } from 'botbuilder';
import { AppError } from '../../errors.js';
import type { Knowledge } from '../../knowledge/index.js';
import type { Logger } from '../../logger.js';
import { spawnModuleWorker } from '../../module-worker.js';
import { answerTurn, type AnsweredTurn, type AnswerJob } from './answer.js';
import { JsonText } from './json-text.js';

/** Runs turns and renders their answers: on the calling thread, or on engine threads. */
export interface AnswerEngine {
  answer(job: AnswerJob): Promise<AnsweredTurn>;
  /** Stops the engine's threads; answers asked for afterwards fail. */
  close(): Promise<void>;
}

/** An answer as it crosses threads: each attachment's content as JSON in UTF-8 (see JsonText). */
export interface WireAnswer extends Omit<AnsweredTurn, 'outgoing'> {
  outgoing: Omit<AnsweredTurn['outgoing'], 'activity' | 'contentJson'> & {
    activity: Partial<Activity>;
    contents: Uint8Array[];
  };
}

export type EngineRequest =
  { kind: 'init'; knowledge: Knowledge } | { kind: 'answer'; id: number; job: AnswerJob };

export type EngineResponse =
  | 'ready'
  | { id: number; ok: true; answer: WireAnswer }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

const UTF8 = new TextEncoder();

/** The attachments' contents as JSON bytes (the card's from the text its rendering made). */
export const toWire = (answered: AnsweredTurn): WireAnswer => {
  const { activity, contentJson, ...rest } = answered.outgoing;
  const attachments = activity.attachments ?? [];
  return {
    ...answered,
    outgoing: {
      ...rest,
      activity: attachments.length
        ? { ...activity, attachments: attachments.map((a) => ({ ...a, content: undefined })) }
        : activity,
      // a buffer of its own (Buffer.from may share a pool, all of which a copy would carry)
      contents: attachments.map((a, i) =>
        UTF8.encode((i === 0 ? contentJson : undefined) ?? JSON.stringify(a.content ?? null)),
      ),
    },
  };
};

/** The answer with each attachment's content as JsonText, written into the HTTP answer as it is. */
export const fromWire = (wire: WireAnswer): AnsweredTurn => {
  const { contents, activity, ...rest } = wire.outgoing;
  return {
    ...wire,
    outgoing: {
      ...rest,
      activity: activity.attachments?.length
        ? {
            ...activity,
            attachments: activity.attachments.map((a, i) => ({
              ...a,
              content: contents[i] ? new JsonText(contents[i]) : JsonText.of('null'),
            })),
          }
        : activity,
    },
  };
};

/** The engine on the calling thread (tests, and hosts with one core). */
export const inlineEngine = (knowledge: () => Knowledge): AnswerEngine => ({
  answer: (job) => Promise.resolve().then(() => fromWire(toWire(answerTurn(knowledge(), job)))),
  close: () => Promise.resolve(),
});

/** The activity with every JsonText content parsed back into objects (for senders other than ours). */
export const materialise = (activity: Partial<Activity>): Partial<Activity> =>
  activity.attachments?.some((a) => a.content instanceof JsonText)
    ? {
        ...activity,
        attachments: activity.attachments.map((a) =>
          a.content instanceof JsonText ? { ...a, content: a.content.toJSON() } : a,
        ),
      }
    : activity;

/** An engine thread: engine-worker's module (through tsx's loader when running from the sources). */
export const spawnEngineThread = (): Worker =>
  spawnModuleWorker(import.meta.url.replace(/engine\.(ts|js)$/, 'engine-worker.$1'));

interface Waiting {
  job: AnswerJob;
  resolve: (a: AnsweredTurn) => void;
  reject: (e: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Waiting>;
  /** The thread has loaded its modules and taken the knowledge. */
  isReady: boolean;
  isStopped: boolean;
  /** Settles when it is ready or has stopped. */
  started: Promise<void>;
}

const asError = (e: { name: string; message: string; stack?: string }): Error =>
  Object.assign(new Error(e.message), { name: e.name, stack: e.stack });

/**
 * Engine threads: each turn, and the rendering of its answer, run off the thread that serves
 * HTTP, which keeps only the reading and writing of requests. Each thread gets its own copy of
 * the knowledge. A thread that dies fails the turns it held (the adapter apologises for those)
 * and is replaced for the next; when one cannot even start, turns run on the calling thread.
 */
export class WorkerEngine implements AnswerEngine {
  private readonly threads: (Thread | null)[];
  private readonly inline: AnswerEngine;
  private next = 0;
  private isClosed = false;
  private isBroken = false;
  /** Settles once every thread started now is ready (or has stopped, leaving turns here). */
  readonly started: Promise<void>;

  private readonly spawn: () => Worker;

  constructor(
    private readonly knowledge: Knowledge,
    private readonly logger: Logger,
    options: { threads?: number; spawn?: () => Worker } = {},
  ) {
    this.inline = inlineEngine(() => knowledge);
    this.spawn = options.spawn ?? spawnEngineThread;
    this.threads = Array.from({ length: Math.max(1, options.threads ?? 1) }, () => null);
    // started now, so they boot (and copy the knowledge) before the first message
    const starting: Promise<void>[] = [];
    for (let i = 0; i < this.threads.length; i++) {
      const thread = this.start(i);
      this.threads[i] = thread;
      starting.push(thread.started);
    }
    this.started = Promise.all(starting).then(() => undefined);
  }

  answer(job: AnswerJob): Promise<AnsweredTurn> {
    if (this.isClosed) return Promise.reject(new AppError('E_INPUT', 'the engine is closed'));
    if (this.isBroken) return this.inline.answer(job);
    const thread = this.leastBusy();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { job, resolve, reject });
      thread.worker.postMessage({ kind: 'answer', id, job } satisfies EngineRequest);
    });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    const running = this.threads.filter((t): t is Thread => t !== null);
    this.threads.fill(null);
    await Promise.all(running.map((t) => t.worker.terminate()));
  }

  private leastBusy(): Thread {
    let best: Thread | undefined;
    for (let i = 0; i < this.threads.length; i++) {
      const t = this.threads[i] ?? (this.threads[i] = this.start(i));
      if (!best || t.pending.size < best.pending.size) best = t;
    }
    return best!;
  }

  private start(slot: number): Thread {
    let settle = (): void => undefined;
    const thread: Thread = {
      worker: this.spawn(),
      pending: new Map(),
      isReady: false,
      isStopped: false,
      started: new Promise((resolve) => (settle = resolve)),
    };
    const { worker, pending } = thread;
    worker.postMessage({ kind: 'init', knowledge: this.knowledge } satisfies EngineRequest);
    worker.on('message', (m: EngineResponse) => {
      if (m === 'ready') {
        thread.isReady = true;
        settle();
        return;
      }
      const waiting = pending.get(m.id);
      if (!waiting) return;
      pending.delete(m.id);
      if (m.ok) waiting.resolve(fromWire(m.answer));
      else waiting.reject(asError(m.error));
    });
    const stop = (e: Error): void => {
      if (thread.isStopped) return;
      thread.isStopped = true;
      settle();
      if (this.threads[slot] === thread) this.threads[slot] = null;
      if (this.isClosed) return;
      this.logger.error({ err: { name: e.name, message: e.message } }, 'engine thread stopped');
      if (!thread.isReady) {
        // it never started (a broken build, no memory): answer here from now on
        this.isBroken = true;
        for (const w of pending.values()) this.inline.answer(w.job).then(w.resolve, w.reject);
      } else for (const w of pending.values()) w.reject(e);
      pending.clear();
    };
    worker.on('error', stop);
    worker.on('exit', (code) => stop(new Error(`the engine thread exited (code ${code})`)));
    // the HTTP server keeps the process up; an idle engine thread must not
    worker.unref();
    return thread;
  }
}
