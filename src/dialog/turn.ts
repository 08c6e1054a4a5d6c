import { readMessage } from '../extract/index.js';
import type { Knowledge } from '../knowledge/schema.js';
import { getMatcher } from '../match/index.js';
import { emptyReply } from './build.js';
import { parseCommand } from './commands.js';
import { collectReply, diagnose, pickReply } from './diagnose.js';
import { diagnosisOf, finish, type Context } from './finish.js';
import { answerPending, MAX_TURN_CHARS } from './input.js';
import { earlierAnswerNote, OUTDATED_BUTTON_NOTE } from './notes.js';
import { codeReply, codesReply, helpReply, win32Reply } from './replies.js';
import { absorb, initialState } from './state.js';
import type { Action, DialogState, TurnResult } from './types.js';

export { MAX_TURN_CHARS } from './input.js';

const resetResult = (): TurnResult =>
  finish(initialState(), {
    ...emptyReply('reset', 'Starting over.'),
    notes: ['Paste a log line or an error page, or describe what happens.'],
  });

const handleAction = (ctx: Context, state: DialogState, action: Action): TurnResult => {
  switch (action.type) {
    case 'reset':
      return resetResult();
    case 'answer': {
      const fact = ctx.matcher.facts.get(action.fact);
      const ok =
        fact && (action.value === 'unknown' || fact.answers.some((a) => a.value === action.value));
      if (!ok) return diagnose(ctx, state, [OUTDATED_BUTTON_NOTE]);
      const earlier = earlierAnswerNote(fact, action.value, state);
      const known =
        action.value === 'unknown' ? state.known : { ...state.known, [action.fact]: action.value };
      const asked = state.asked.includes(action.fact) ? state.asked : [...state.asked, action.fact];
      return diagnose(ctx, { ...state, known, asked, pending: null }, earlier ? [earlier] : []);
    }
    case 'pick':
      return pickReply(ctx, state, action.cause);
    case 'none-of-these': {
      const d = diagnosisOf(ctx, state);
      const excluded = [...new Set([...state.excluded, ...d.ranked.slice(0, 3).map((r) => r.id)])];
      return collectReply(ctx, { ...state, excluded });
    }
    case 'feedback':
      return finish(state, {
        ...emptyReply(
          'notice',
          action.helpful ? 'Thanks, glad it helped.' : 'Thanks for telling me; I will do better.',
        ),
      });
  }
};

/** One conversation turn: pure, deterministic, bounded. */
export const turn = (
  state: DialogState,
  input: string | Action,
  knowledge: Knowledge,
  _now = 0,
): TurnResult => {
  const ctx: Context = { knowledge, matcher: getMatcher(knowledge) };
  const next: DialogState = { ...state, turns: state.turns + 1 };
  if (typeof input !== 'string') return handleAction(ctx, next, input);

  const text = input.length > MAX_TURN_CHARS ? input.slice(0, MAX_TURN_CHARS) : input;
  const cmd = parseCommand(text);
  if (cmd) {
    switch (cmd.type) {
      case 'help':
        return finish(next, helpReply());
      case 'reset':
        return resetResult();
      case 'codes':
        return finish(next, codesReply(knowledge));
      case 'explain':
        return finish(next, codeReply(knowledge, cmd.code));
      case 'win32':
        return finish(next, win32Reply(knowledge, cmd.value));
      case 'action':
        return handleAction(ctx, next, cmd.action);
    }
  }

  const findings = readMessage(text, knowledge.reference);
  if (input.length > MAX_TURN_CHARS) findings.truncated = true;
  const s = answerPending(next, findings, ctx.matcher);
  if (!findings.text.trim() && !findings.codes.length) {
    return finish(s, {
      ...helpReply(),
      kind: 'ask-code',
      headline: 'Paste a log line or describe the problem, and I will take it from there.',
    });
  }
  return diagnose({ ...ctx, findings }, absorb(s, findings));
};
