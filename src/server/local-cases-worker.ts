import { isAppError, type ErrorCode } from '../errors.js';
import type { Knowledge } from '../knowledge/index.js';
import { loadLocalCases } from '../learn/index.js';

export interface RetrainTask {
  knowledge: Knowledge;
  path: string;
}

/** What crosses back: the retrained parts of the knowledge, or why the file was refused. */
export type RetrainResult =
  | {
      ok: true;
      ranking: Knowledge['ranking'];
      localCases: Knowledge['localCases'];
      cases: number;
      trainedOn: number;
    }
  | { ok: false; code: ErrorCode; message: string };

/** The LOCAL_CASES retrain, on a thread of its own (see retrainInThread). */
export default async ({ knowledge, path }: RetrainTask): Promise<RetrainResult> => {
  try {
    const loaded = await loadLocalCases(knowledge, path);
    return {
      ok: true,
      ranking: loaded.knowledge.ranking,
      localCases: loaded.knowledge.localCases,
      cases: loaded.cases,
      trainedOn: loaded.trainedOn,
    };
  } catch (e) {
    // a refused file is an AppError; its class does not survive the trip between threads
    if (isAppError(e)) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
};
