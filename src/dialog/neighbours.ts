import type { CodeTriple } from '../extract/types.js';
import { findStatusCode } from '../knowledge/index.js';
import type { Knowledge } from '../knowledge/schema.js';
import type { Diagnosis } from '../match/index.js';
import { emptyReply, statusText } from './build.js';
import type { CodeExplanation, Reply, StepBlock } from './types.js';

/**
 * Whether the knowledge's causes speak to this code: any 401, or a cause that lists this very
 * status.substatus (and win32, where it names one) as more than a weak fit. A blanket pattern
 * (`500` for any 500.x) does not make every substatus an authentication question.
 */
export const isAboutAuthentication = (knowledge: Knowledge, c: CodeTriple): boolean =>
  c.status === 401 ||
  knowledge.entries.some(
    (e) =>
      e.kind === 'cause' &&
      e.codes.some(
        (p) =>
          p.fit !== 'weak' &&
          p.status === c.status &&
          (p.substatus ?? null) === c.substatus &&
          (p.win32 === undefined || p.win32 === c.win32),
      ),
  );

/** At most this many codes get their own first steps. */
const MAX_CODES = 3;

/**
 * The answer for failing codes that are not about authentication: what they mean and their
 * first steps from the status table, said plainly, with no authentication cause ranked.
 */
export const neighbourReply = (
  knowledge: Knowledge,
  failing: readonly CodeExplanation[],
  codes: CodeExplanation[],
): Reply => {
  const shown = failing.slice(0, MAX_CODES);
  const steps = shown.flatMap((c): StepBlock[] => {
    if (c.code.status === null) return [];
    const found = findStatusCode(knowledge.reference, c.code.status, c.code.substatus);
    return found
      ? [
          {
            title: `First steps for ${statusText(c.code)}`,
            all: found.code.first_steps,
            iis6: [],
            iis7: [],
          },
        ]
      : [];
  });
  const names = shown.map((c) => {
    const found =
      c.code.status === null
        ? undefined
        : findStatusCode(knowledge.reference, c.code.status, c.code.substatus);
    return found?.exact ? `${statusText(c.code)} (${found.code.label})` : statusText(c.code);
  });
  const are = names.length > 1 ? 'are' : 'is';
  return {
    ...emptyReply(
      'diagnosis',
      `${names.join(' and ')} ${are} not about authentication, so I rank no 401 causes for ${names.length > 1 ? 'them' : 'it'}.`,
    ),
    codes,
    steps,
    notes: [
      steps.length
        ? 'The steps come from the IIS status table. I know the 401 family and its neighbours; paste the 401 too if there is one.'
        : 'I have no notes on this code. I know the 401 family and its neighbours; paste the 401 too if there is one.',
    ],
    actions: [{ label: 'Start over', action: { type: 'reset' } }],
  };
};

/** The diagnosis as the answer reports it: nothing ranked. */
export const unranked = (d: Diagnosis): Diagnosis => ({ ...d, ranked: [] });
