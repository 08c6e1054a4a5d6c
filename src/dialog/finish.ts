import type { Findings } from '../extract/types.js';
import type { Knowledge } from '../knowledge/schema.js';
import { formatCode, rankCauses, type Diagnosis, type Matcher } from '../match/index.js';
import { hashId } from './build.js';
import { NO_CODE_NOTE } from './notes.js';
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

/** Things told at most this many (a conversation keeps at most MAX_CODES codes). */
const MAX_TOLD = 40;

/** A stored state's `told`, read defensively: a record from a remote store may be older or damaged. */
const toldOf = (state: DialogState): string[] =>
  Array.isArray(state.told) ? state.told.filter((t) => typeof t === 'string') : [];

/** What this reply explains in full, added to what the conversation was already told. */
const toldAfter = (state: DialogState, reply: Reply): string[] => {
  const told = new Set(toldOf(state));
  for (const c of reply.codes) if (!c.repeat) told.add(`code:${formatCode(c.code)}`);
  if (reply.notes.includes(NO_CODE_NOTE)) told.add('no-code');
  return [...told].slice(-MAX_TOLD);
};

/** Whether a conversation was already told this (a code's meaning: 'code:<key>'). */
export const wasTold = (state: DialogState, what: string): boolean => toldOf(state).includes(what);

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
    state: {
      ...state,
      lastReplyId: id,
      pending: reply.question?.fact ?? null,
      told: toldAfter(state, reply),
    },
    ...(d ? { diagnosis: d } : {}),
    ...(f ? { findings: f } : {}),
  };
};
