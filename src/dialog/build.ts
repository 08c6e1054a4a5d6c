import type { CodeTriple } from '../extract/types.js';
import { findStatusCode, findWin32 } from '../knowledge/index.js';
import type { Entry, Fact, ReferenceData, VersionedSteps } from '../knowledge/schema.js';
import { formatCode, type RankedCause } from '../match/index.js';
import type { CauseView, Choice, CodeExplanation, Reply, StepBlock } from './types.js';

const BENIGN_FIRST_LEG = new Set([5, 2148074254]);
const BENIGN_MIDDLE_LEG = new Set([0, 2148074254]);

/** A leg of the normal challenge: 401.2 with 5 / SEC_E_NO_CREDENTIALS, 401.1 with 0 / SEC_E_NO_CREDENTIALS. */
export const isChallengeLeg = (c: CodeTriple): boolean =>
  c.status === 401 &&
  c.win32 !== null &&
  ((c.substatus === 2 && BENIGN_FIRST_LEG.has(c.win32)) ||
    (c.substatus === 1 && BENIGN_MIDDLE_LEG.has(c.win32)));

/** What each code (and its win32 value) means, from the reference tables. */
export const explainCode = (ref: ReferenceData, c: CodeTriple): CodeExplanation => {
  const w = c.win32 === null ? undefined : findWin32(ref, c.win32);
  const winText = c.win32 === null ? '' : ` with win32 ${c.win32}${w ? ` (${w.name})` : ''}`;
  if (c.status === null) {
    return {
      code: c,
      label: `win32 ${c.win32 ?? '?'}${w ? ` (${w.name})` : ''}`,
      meaning: w ? w.meaning : 'A Windows error number that is not in our table.',
      ...(w ? { win32Meaning: w.in_iis, win32Name: w.name } : {}),
      benign: w?.benign ?? false,
    };
  }
  const found = findStatusCode(ref, c.status, c.substatus);
  const meaning = found
    ? `${found.code.label}: ${found.code.meaning}${found.note ? ` (${found.note})` : ''}`
    : `HTTP ${c.status}, a status we have no IIS notes for.`;
  const benign =
    (c.status === 401 && c.substatus === 2 && c.win32 !== null && BENIGN_FIRST_LEG.has(c.win32)) ||
    (c.status !== null && c.status < 400);
  return {
    code: c,
    label: `${c.status}${c.substatus === null ? '' : `.${c.substatus}`}${winText}`,
    meaning,
    ...(w
      ? { win32Meaning: `${w.meaning} ${w.in_iis}`, win32Name: w.name }
      : c.win32 !== null && c.win32 !== 0
        ? {
            win32Meaning: `win32 ${c.win32} is not in our table; try \`certutil -error ${c.win32}\`.`,
          }
        : {}),
    benign,
  };
};

export const causeViews = (ranked: readonly RankedCause[], n = 3): CauseView[] =>
  ranked
    .slice(0, n)
    .map((r) => ({ id: r.id, title: r.title, score: r.score, why: r.why.slice(0, 3) }));

const block = (title: string, s: VersionedSteps, version: string | undefined): StepBlock => ({
  title,
  all: s.all ?? [],
  iis6: version === 'iis7' ? [] : (s.iis6 ?? []),
  iis7: version === 'iis6' || version === 'iis5' ? [] : (s.iis7 ?? []),
});

/** The steps of an entry; `full` adds the fix and how to verify it. */
export const stepsFor = (entry: Entry, version: string | undefined, full: boolean): StepBlock[] => {
  if (entry.kind === 'howto') return [block(entry.title, entry.steps.do, version)];
  const out = [block('Check first', entry.steps.confirm, version)];
  if (full) {
    out.push(block('Fix it', entry.steps.fix, version));
    out.push({ title: 'Confirm the fix', all: entry.steps.verify, iis6: [], iis7: [] });
  }
  return out;
};

export const questionView = (fact: Fact): NonNullable<Reply['question']> => ({
  fact: fact.id,
  text: fact.question,
  ...(fact.how ? { how: fact.how } : {}),
  choices: [
    ...fact.answers.map((a): Choice => ({
      label: a.label,
      action: { type: 'answer', fact: fact.id, value: a.value },
    })),
    { label: "I don't know", action: { type: 'answer', fact: fact.id, value: 'unknown' } },
  ],
});

/** FNV-1a over a string: deterministic ids without clocks or randomness. */
export const hashId = (s: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
};

export const codeKey = (c: CodeTriple): string => formatCode(c);

export const emptyReply = (kind: Reply['kind'], headline: string): Reply => ({
  id: hashId(`${kind}:${headline}`),
  kind,
  headline,
  codes: [],
  causes: [],
  steps: [],
  notes: [],
  actions: [],
  redactions: [],
});
