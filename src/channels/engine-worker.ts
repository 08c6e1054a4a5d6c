import { workerData } from 'node:worker_threads';
import type { Knowledge } from '../knowledge/index.js';
import { runTask, type Task } from './engine-tasks.js';

/** A pool thread (see createEngine): the knowledge it was started with, then tasks in turn. */
const { knowledge } = workerData as { knowledge: Knowledge };

export default (task: Task) => runTask(knowledge, task);
