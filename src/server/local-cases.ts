import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AppError } from '../errors.js';
import type { Knowledge } from '../knowledge/index.js';
import type { LocalCasesLoaded } from '../learn/index.js';
import { workerExecArgv } from '../module-worker.js';
import type { RetrainResult, RetrainTask } from './local-cases-worker.js';

const WORKER = new URL(import.meta.url.replace(/local-cases\.(ts|js)$/, 'local-cases-worker.$1'));

/**
 * LOCAL_CASES read and the ranking retrained on a thread of its own: the retrain takes seconds
 * (16-19 s on a busy 2-core machine), and the thread that serves HTTP must keep answering
 * meanwhile (/healthz 503, messages "still loading") rather than hang. E_CONFIG when the file
 * cannot be read or used, as on the calling thread.
 */
export const retrainInThread = async (
  knowledge: Knowledge,
  path: string,
): Promise<LocalCasesLoaded> => {
  const pool = new Piscina<RetrainTask, RetrainResult>({
    filename: fileURLToPath(WORKER),
    minThreads: 0,
    maxThreads: 1,
    execArgv: workerExecArgv(WORKER.pathname),
  });
  try {
    const result = await pool.run({ knowledge, path });
    if (!result.ok) throw new AppError(result.code, result.message);
    return {
      knowledge: { ...knowledge, ranking: result.ranking, localCases: result.localCases },
      cases: result.cases,
      trainedOn: result.trainedOn,
    };
  } finally {
    await pool.destroy();
  }
};
