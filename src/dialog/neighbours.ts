import type { CodeTriple } from '../extract/types.js';
import { findStatusCode, findWin32 } from '../knowledge/index.js';
import type { Entry, Knowledge } from '../knowledge/schema.js';
import type { Diagnosis } from '../match/index.js';
import { emptyReply, statusText } from './build.js';
import type { CodeExplanation, Reply, StepBlock } from './types.js';

/** A Win32 error in HRESULT form (0x8007xxxx) as its Win32 value; anything else as it is. */
const unwrapped = (win32: number): number => (win32 >>> 16 === 0x8007 ? win32 & 0xffff : win32);

/** Whether the win32 table links this value (or its Win32 value) to any knowledge entry. */
const isAuthWin32 = (knowledge: Knowledge, win32: number): boolean =>
  [win32, unwrapped(win32)].some(
    (v) => (findWin32(knowledge.reference, v)?.entries.length ?? 0) > 0,
  );

/** Whether a cause's code pattern speaks to this code (which has a substatus). */
const covers = (knowledge: Knowledge, p: Entry['codes'][number], c: CodeTriple): boolean => {
  if (p.status !== c.status || (p.substatus ?? 0) !== c.substatus) return false;
  if (p.win32 !== undefined)
    return c.win32 !== null && [c.win32, unwrapped(c.win32)].includes(p.win32);
  // a weak pattern counts unless the win32 value points away from every entry (500.19 with 13)
  return p.fit !== 'weak' || c.win32 === null || isAuthWin32(knowledge, c.win32);
};

/**
 * Whether the knowledge's causes speak to this code: any 401; a code without a substatus (too
 * little to rule anything out); or a cause that lists this status.substatus (and its win32,
 * where the pattern names one). A blanket pattern (`500`) does not cover 500.19.
 */
export const isAboutAuthentication = (knowledge: Knowledge, c: CodeTriple): boolean =>
  c.status === 401 ||
  c.substatus === null ||
  knowledge.entries.some((e) => e.kind === 'cause' && e.codes.some((p) => covers(knowledge, p, c)));

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
  const shown = failing.slice(0, MAX_CODES).map((c) => ({
    c,
    found:
      c.code.status === null
        ? undefined
        : findStatusCode(knowledge.reference, c.code.status, c.code.substatus),
  }));
  const steps = shown.flatMap(({ c, found }): StepBlock[] =>
    found
      ? [
          {
            title: `First steps for ${statusText(c.code)}`,
            all: found.code.first_steps,
            iis6: [],
            iis7: [],
          },
        ]
      : [],
  );
  const names = shown.map(({ c, found }) =>
    found?.exact ? `${statusText(c.code)} (${found.code.label})` : statusText(c.code),
  );
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
