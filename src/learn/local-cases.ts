import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.js';
import type { Knowledge } from '../knowledge/schema.js';
import { buildMatcher, modelToData } from '../match/index.js';
import { knowledgeCases, parseCaseFile } from './cases.js';
import { DEFAULT_SETTINGS, prepareCases, trainModel } from './train.js';

/** Problem lines shown when a case file is refused. */
const SHOWN = 10;

export interface LocalCasesLoaded {
  knowledge: Knowledge;
  /** Confirmed cases learned from. */
  cases: number;
  /** Examples the ranking trained on: the knowledge's samples and the cases. */
  trainedOn: number;
}

/**
 * The knowledge with its ranking retrained on its samples plus an organisation's confirmed cases
 * (`review --export` writes them; the scorer's case format), which the ranking also compares new
 * messages with. A file with any line it cannot use is refused whole (E_CONFIG, line by line):
 * learning from half a file would hide the mistake.
 */
export const withLocalCases = (
  knowledge: Knowledge,
  text: string,
  name: string,
): LocalCasesLoaded => {
  const { cases, problems } = parseCaseFile(text, knowledge);
  if (problems.length || !cases.length) {
    const lines = problems.length ? problems : ['it holds no cases'];
    const more = lines.length > SHOWN ? [`  and ${lines.length - SHOWN} more`] : [];
    throw new AppError(
      'E_CONFIG',
      [
        `LOCAL_CASES ${name} is refused: ${lines.length} problem${lines.length === 1 ? '' : 's'} (each line must be {"id", "message", "expected": {"cause": <a knowledge id>}})`,
        ...lines.slice(0, SHOWN).map((p) => `  ${p}`),
        ...more,
      ].join('\n'),
    );
  }
  const base: Knowledge = { ...knowledge, ranking: undefined, localCases: undefined };
  const matcher = buildMatcher(base);
  const prepared = prepareCases(matcher, [...knowledgeCases(base), ...cases]);
  const model = trainModel(matcher, prepared, DEFAULT_SETTINGS);
  return {
    knowledge: {
      ...knowledge,
      ranking: modelToData(model, {
        settings: DEFAULT_SETTINGS,
        samples: prepared.length - cases.length,
        localCases: cases.length,
      }),
      localCases: cases.map((c) => ({ entry: c.ok[0]!, text: c.message, group: c.group })),
    },
    cases: cases.length,
    trainedOn: prepared.length,
  };
};

/** Reads LOCAL_CASES and retrains with it (E_CONFIG when the file cannot be read or used). */
export const loadLocalCases = async (
  knowledge: Knowledge,
  path: string,
): Promise<LocalCasesLoaded> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const why = (e as { code?: string }).code === 'ENOENT' ? 'no such file' : String(e);
    throw new AppError('E_CONFIG', `LOCAL_CASES ${path} cannot be read: ${why}`);
  }
  return withLocalCases(knowledge, text, path);
};
