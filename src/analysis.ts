import type { Analysis } from './analysis-types.js';
import { initialState, turn, type TurnResult } from './dialog/index.js';
import type { Knowledge } from './knowledge/schema.js';
import { followUps, renderMarkdown } from './render/index.js';

export type { Analysis };

/** The core's one front door: one message, analysed afresh (no conversation state). */
export const analyse = (message: string, knowledge: Knowledge): Analysis =>
  analysisOf(turn(initialState(), message, knowledge));

/** The Analysis of a first turn already taken (callers that also need its findings read once). */
export const analysisOf = ({ reply, diagnosis, findings }: TurnResult): Analysis => {
  const codes = (findings?.codes ?? []).map(({ status, substatus, win32 }) => ({
    status,
    substatus,
    win32,
  }));
  return {
    codes,
    causes: (diagnosis?.ranked ?? []).map((r) => ({ id: r.id, score: r.score })),
    reply: renderMarkdown(reply),
    followUps: followUps(reply),
    kind: reply.kind,
    headline: reply.headline,
    confidence: diagnosis?.ranked[0]?.score ?? 0,
    handshake: diagnosis?.handshake ?? 'none',
    facts: diagnosis?.known ?? {},
    entries: findings?.entries.length ?? 0,
    sequences: findings?.sequences.map((s) => s.kind) ?? [],
    redactions: reply.redactions,
    ...(findings?.truncated ? { truncated: true } : {}),
  };
};
