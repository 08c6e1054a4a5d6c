import { proseOf } from '../extract/index.js';
import type { CodeTriple, Findings } from '../extract/types.js';
import { formatCode, type RankInput } from '../match/index.js';
import type { DialogState } from './types.js';

/** Prose of the conversation the ranking reads (the newest kept). */
export const MAX_CONTEXT = 6_000;
/** Distinct codes a conversation keeps. */
export const MAX_CODES = 24;

/** A conversation before its first message. */
export const initialState = (): DialogState => ({
  version: 1,
  known: {},
  observed: {},
  sequences: [],
  codes: [],
  context: '',
  asked: [],
  excluded: [],
  pending: null,
  lastReplyId: null,
  turns: 0,
  told: [],
});

const mergeCodes = (a: readonly CodeTriple[], b: readonly CodeTriple[]): CodeTriple[] => {
  const seen = new Set(a.map(formatCode));
  const out = [...a];
  for (const c of b) {
    const k = formatCode(c);
    if (!seen.has(k) && out.length < MAX_CODES) {
      seen.add(k);
      out.push({ status: c.status, substatus: c.substatus, win32: c.win32 });
    }
  }
  return out;
};

/** Folds what a message says into the state. */
export const absorb = (state: DialogState, f: Findings): DialogState => {
  const observed = { ...state.observed };
  for (const s of f.signals) if (!(s.fact in state.known)) observed[s.fact] = s.value;
  return {
    ...state,
    observed,
    codes: mergeCodes(state.codes, f.codes),
    sequences: [...new Set([...state.sequences, ...f.sequences.map((s) => s.kind)])],
    context: extendContext(state.context, proseOf(f)),
  };
};

/**
 * The conversation's prose with a message's new lines appended, newest kept within MAX_CONTEXT.
 * A line already in the context adds nothing (ranking reads the words present, not how often), so
 * a re-pasted message neither costs reading time nor pushes older details out.
 */
export const extendContext = (context: string, prose: string): string => {
  const seen = new Set(context.split('\n').map((l) => l.trim()));
  const fresh = prose
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => {
      if (l === '' || seen.has(l)) return false;
      seen.add(l);
      return true;
    });
  if (!fresh.length) return context;
  return `${context}\n${fresh.join('\n')}`.trim().slice(-MAX_CONTEXT);
};

/** What the ranking reads of a conversation so far. */
export const rankInputOf = (state: DialogState): RankInput => ({
  codes: state.codes,
  text: state.context,
  answered: state.known,
  observed: state.observed,
  sequences: state.sequences,
  excluded: state.excluded,
});

/** What the ranking reads of one message on its own: the first turn of a conversation. */
export const firstRankInput = (findings: Findings): RankInput =>
  rankInputOf(absorb(initialState(), findings));
