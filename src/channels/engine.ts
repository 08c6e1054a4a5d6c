import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { errorInfo } from '../errors.js';
import type { Knowledge } from '../knowledge/index.js';
import type { Logger } from '../logger.js';
import { getMatcher } from '../match/index.js';
import { workerExecArgv } from '../module-worker.js';
import {
  runTask,
  taskChars,
  type TaskInput,
  type TaskName,
  type TaskOutput,
} from './engine-tasks.js';

/**
 * Input, in characters, that a task may have to run on the calling thread: a turn on that much
 * costs a few milliseconds at most, where a 200,000-character paste costs hundreds.
 */
export const INLINE_MAX_CHARS = 8_000;
/** An idle pool thread (and its copy of the knowledge) leaves after this long. */
const IDLE_MS = 5 * 60_000;

/** The engine for every channel and route: turns, answers, triage notes. */
export interface Engine {
  run<K extends TaskName>(name: K, input: TaskInput<K>): Promise<TaskOutput<K>>;
  /** Tasks the pool has finished (the rest ran on the calling thread). */
  poolTasks(): number;
  /** Ends the pool's threads; tasks still running there fail. */
  close(): Promise<void>;
}

export interface EngineOptions {
  logger?: Logger;
  /** Pool threads at most (default: one per core beside the one serving HTTP, at most 4). */
  threads?: number;
  /** Tests: another bound than INLINE_MAX_CHARS (0 sends every task to the pool). */
  inlineMaxChars?: number;
}

const WORKER = new URL(import.meta.url.replace(/engine\.(ts|js)$/, 'engine-worker.$1'));

/**
 * One way to run the engine: a task on little input runs here, at once (a `help`, a button, a
 * pasted line); one on more goes to a pool of threads (piscina), so a 1 MB paste never holds the
 * thread that serves HTTP. Pool threads start on the first such task, take a copy of the
 * knowledge, and leave after IDLE_MS unused. Answers cross threads as plain objects.
 */
export const createEngine = (knowledge: Knowledge, options: EngineOptions = {}): Engine => {
  // the indexes are built now, not in the time of the first user's turn
  getMatcher(knowledge);
  const pool = new Piscina({
    minThreads: 0,
    maxThreads: options.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1)),
    idleTimeout: IDLE_MS,
    workerData: { knowledge },
    execArgv: workerExecArgv(WORKER.pathname),
  });
  // a thread that dies outside a task (its tasks fail with the reason, and it is replaced)
  pool.on('error', (e: unknown) =>
    options.logger?.error({ err: errorInfo(e) }, 'engine thread failed'),
  );
  const filename = fileURLToPath(WORKER);
  const inlineMax = options.inlineMaxChars ?? INLINE_MAX_CHARS;
  return {
    run: (name, input) => {
      const task = { name, input };
      return taskChars(task) <= inlineMax && inlineMax > 0
        ? Promise.resolve().then(() => runTask(knowledge, task))
        : // the module is named per task: one that cannot load fails its task, never hangs it
          (pool.run(task, { filename }) as Promise<TaskOutput<typeof name>>);
    },
    poolTasks: () => pool.completed,
    close: () => pool.destroy(),
  };
};
