import { decodeWin32 } from '../extract/index.js';
import type { CodeTriple } from '../extract/types.js';
import { findStatusCode } from '../knowledge/index.js';
import type { Entry, Fact, ReferenceData, VersionedSteps } from '../knowledge/schema.js';
import type { RankedCause } from '../match/index.js';
import type { CauseView, Choice, CodeExplanation, Reply, StepBlock } from './types.js';

const BENIGN_FIRST_LEG = new Set([5, 2148074254]);
const BENIGN_MIDDLE_LEG = new Set([0, 2148074254]);

/** A leg of the normal challenge: 401.2 with 5 / SEC_E_NO_CREDENTIALS, 401.1 with 0 / SEC_E_NO_CREDENTIALS. */
export const isChallengeLeg = (c: CodeTriple): boolean =>
  c.status === 401 &&
  c.win32 !== null &&
  ((c.substatus === 2 && BENIGN_FIRST_LEG.has(c.win32)) ||
    (c.substatus === 1 && BENIGN_MIDDLE_LEG.has(c.win32)));

/** Failing codes that are all first (and middle) legs of the challenge: normal on their own. */
export const onlyChallengeLegs = (
  errors: readonly CodeTriple[],
  isLeg: (c: CodeTriple) => boolean = isChallengeLeg,
): boolean => errors.length > 0 && errors.every(isLeg) && errors.some((c) => c.substatus === 2);

/** The first sentence of a paragraph (a sentence ends before a space and a capital). */
export const firstSentence = (text: string): string => {
  const m = /^(.{20,}?[.!?])\s+(?=[A-Z(])/s.exec(text);
  return m?.[1] ?? text;
};

/** What a win32 value is, HRESULT-wrapped Win32 errors (0x8007xxxx) by their Win32 value. */
const win32Of = (
  ref: ReferenceData,
  value: number,
): {
  label: string;
  name?: string;
  meaning?: string;
  brief?: string;
  inIis?: string;
  benign: boolean;
} => {
  const d = decodeWin32(value, ref);
  const w = d?.info;
  if (w) {
    return {
      label: `win32 ${value} (${w.name})`,
      name: w.name,
      meaning: `${w.meaning} ${w.in_iis}`,
      brief: w.meaning,
      inIis: w.in_iis,
      benign: w.benign ?? false,
    };
  }
  const inner = d?.wrapped;
  if (d && inner) {
    const hex = d.hex;
    return {
      label: `${hex} (win32 ${inner.value}, ${inner.name})`,
      name: inner.name,
      meaning: `${hex} is the HRESULT form of win32 ${inner.value}: ${inner.meaning} ${inner.in_iis}`,
      brief: `${hex} is win32 ${inner.value}: ${inner.meaning}`,
      inIis: inner.in_iis,
      benign: false,
    };
  }
  if (d && d.value >>> 16 === 0x8007) {
    // a Win32 error in HRESULT form whose Win32 value is not in our table: still say which it is
    const code = d.value & 0xffff;
    const said = `${d.hex} is the HRESULT form of win32 ${code}, which is not in our table; \`net helpmsg ${code}\` names it.`;
    return { label: `${d.hex} (win32 ${code})`, meaning: said, brief: said, benign: false };
  }
  return { label: `win32 ${value}`, benign: false };
};

/** "401.2", "500", or "win32 5" for a code without a status. */
export const statusText = (c: CodeTriple): string =>
  c.status === null
    ? `win32 ${c.win32 ?? '?'}`
    : `${c.status}${c.substatus === null ? '' : `.${c.substatus}`}`;

/** What each code (and its win32 value) means, from the reference tables. */
export const explainCode = (ref: ReferenceData, c: CodeTriple): CodeExplanation => {
  const w = c.win32 === null ? undefined : win32Of(ref, c.win32);
  if (c.status === null) {
    const meaning = w?.brief ?? 'A Windows error number that is not in our table.';
    return {
      code: c,
      label: w?.label ?? `win32 ${c.win32 ?? '?'}`,
      meaning,
      brief: meaning,
      ...(w?.name ? { win32Meaning: w.inIis, win32Name: w.name } : {}),
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
  const status = statusText(c);
  return {
    code: c,
    label: w ? `${status} with ${w.label}` : status,
    meaning,
    brief: firstSentence(meaning),
    ...(w?.name
      ? { win32Meaning: w.meaning, win32Brief: w.brief, win32Name: w.name }
      : w?.meaning
        ? { win32Meaning: w.meaning }
        : c.win32 !== null && c.win32 !== 0
          ? {
              win32Meaning: `win32 ${c.win32} is not in our table; try \`certutil -error ${c.win32}\`.`,
            }
          : {}),
    benign,
  };
};

export const causeViews = (ranked: readonly RankedCause[]): CauseView[] =>
  ranked
    .slice(0, 3)
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
