import type { Findings } from '../extract/types.js';
import type { Knowledge } from '../knowledge/schema.js';
import { rankCauses, type Diagnosis, type Matcher } from '../match/index.js';
import { hashId } from './build.js';
import { rankInputOf } from './state.js';
import type { DialogState, Reply, TurnResult } from './types.js';

/** What a turn works with besides the conversation state. */
export interface Context {
  knowledge: Knowledge;
  matcher: Matcher;
  findings?: Findings;
}

export const diagnosisOf = (ctx: Context, state: DialogState): Diagnosis =>
  rankCauses(ctx.matcher, rankInputOf(state));

/** The reply with its id, and the state that remembers it (and the question it asked). */
export const finish = (
  state: DialogState,
  reply: Reply,
  d?: Diagnosis,
  f?: Findings,
): TurnResult => {
  const id = hashId(
    `${state.turns}|${reply.kind}|${reply.headline}|${state.context.length}|${JSON.stringify(state.known)}`,
  );
  const withId = { ...reply, id, redactions: f?.redactions ?? reply.redactions };
  return {
    reply: withId,
    state: { ...state, lastReplyId: id, pending: reply.question?.fact ?? null },
    ...(d ? { diagnosis: d } : {}),
    ...(f ? { findings: f } : {}),
  };
};
