import type { Findings } from '../extract/types.js';
import type { Matcher } from '../match/index.js';
import { parseAnswer } from './answers.js';
import type { DialogState } from './types.js';

/** Longest user message a turn reads (the reader bounds further). */
export const MAX_TURN_CHARS = 200_000;

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
