import { z } from 'zod';
import type { Action } from './types.js';

/** Longest string an Action carries back (cause ids, fact values and answer ids are far shorter). */
export const MAX_ACTION_CHARS = 100;

const Id = z.string().max(MAX_ACTION_CHARS);
const ActionSchema: z.ZodType<Action> = z.union([
  z.object({ type: z.literal('answer'), fact: Id, value: Id }).strict(),
  z.object({ type: z.literal('pick'), cause: Id }).strict(),
  z.object({ type: z.literal('none-of-these') }).strict(),
  z.object({ type: z.literal('reset') }).strict(),
  z.object({ type: z.literal('feedback'), answerId: Id, helpful: z.boolean() }).strict(),
]);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A button's Action as a client sends it back, bare (a Slack button's value) or as a card's
 * `{ action }` (an Adaptive Card submit); undefined when it is not one of ours, whole.
 */
export const readAction = (value: unknown): Action | undefined => {
  const parsed = ActionSchema.safeParse(
    isRecord(value) && 'action' in value ? value.action : value,
  );
  return parsed.success ? parsed.data : undefined;
};

/** A card submit -> the input of a turn: its Action, the text of a `{ text }` button, else ''. */
export const parseInput = (value: unknown): string | Action => {
  if (typeof value === 'string') return value;
  const action = readAction(value);
  if (action) return action;
  return isRecord(value) && typeof value.text === 'string' ? value.text : '';
};
