import type { Knowledge } from '../knowledge/schema.js';
import type { Action, DialogState, TurnResult } from './types.js';

export const initialState = (): DialogState => ({
  version: 1,
  known: {},
  codes: [],
  context: '',
  asked: [],
  excluded: [],
  pending: null,
  lastReplyId: null,
  turns: 0,
});

/** A button value or typed text -> the input of a turn. Unknown shapes become text. */
export const parseInput = (value: unknown): string | Action => {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
};

/** One conversation turn (engine under construction: the interface is final). */
export const turn = (
  state: DialogState,
  input: string | Action,
  _knowledge: Knowledge,
  _now = 0,
): TurnResult => {
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  return {
    state: { ...state, turns: state.turns + 1 },
    reply: {
      id: `r${state.turns + 1}`,
      kind: 'notice',
      headline: `Received: ${text.slice(0, 80)}`,
      codes: [],
      causes: [],
      steps: [],
      notes: [],
      actions: [],
      redactions: [],
    },
  };
};
