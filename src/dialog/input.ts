import type { Findings } from '../extract/types.js';
import type { Matcher } from '../match/index.js';
import { parseAnswer } from './answers.js';
import type { Action, DialogState } from './types.js';

/** Longest user message a turn reads (the reader bounds further). */
export const MAX_TURN_CHARS = 200_000;

const ACTION_TYPES = new Set(['answer', 'pick', 'none-of-these', 'reset', 'feedback']);

/** A button value or typed text -> the input of a turn. Unknown shapes become text. */
export const parseInput = (value: unknown): string | Action => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const a = (typeof v.action === 'object' && v.action !== null ? v.action : v) as Record<
      string,
      unknown
    >;
    const type = a.type;
    if (typeof type === 'string' && ACTION_TYPES.has(type)) {
      if (type === 'answer' && typeof a.fact === 'string' && typeof a.value === 'string') {
        return { type, fact: a.fact.slice(0, 80), value: a.value.slice(0, 80) };
      }
      if (type === 'pick' && typeof a.cause === 'string')
        return { type, cause: a.cause.slice(0, 80) };
      if (type === 'none-of-these' || type === 'reset') return { type };
      if (type === 'feedback' && typeof a.answerId === 'string' && typeof a.helpful === 'boolean') {
        return { type, answerId: a.answerId.slice(0, 80), helpful: a.helpful };
      }
    }
    if (typeof v.text === 'string') return v.text;
  }
  return '';
};

/** The IIS version the user told or the reader saw. */
export const versionOf = (s: DialogState): string | undefined =>
  s.known['iis-version'] ?? s.observed['iis-version'];

/** A typed message read as the answer to the question the last reply asked, when it is one. */
export const answerPending = (
  state: DialogState,
  findings: Findings,
  matcher: Matcher,
): DialogState => {
  if (!state.pending) return state;
  const fact = matcher.facts.get(state.pending);
  const read = findings.signals.find((x) => x.fact === state.pending)?.value;
  const value = fact ? parseAnswer(fact, findings.text, read) : null;
  if (!fact || !value) return state;
  return {
    ...state,
    known: value === 'unknown' ? state.known : { ...state.known, [fact.id]: value },
    pending: null,
  };
};
