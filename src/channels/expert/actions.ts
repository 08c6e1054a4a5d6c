import { z } from 'zod';

/** Marks the data of the ticket's buttons and of the asker's answer form. */
export const EXPERT_KEY = 'iisTriageExpert';
/** The "Ask an expert" button's value (the same envelope as the engine's buttons). */
export const ASK_EXPERT = { action: { type: 'ask-expert' } } as const;

export const TicketId = z.string().regex(/^T-[A-Z0-9]{1,12}$/);

/**
 * A ticket action as a card or modal sends it back: which, on which ticket, and the inputs
 * (Adaptive Card inputs arrive beside the button's data; empty inputs may be missing).
 */
export const ExpertAction = z.object({
  [EXPERT_KEY]: z.enum(['assign', 'ask', 'resolve', 'answer']),
  ticket: TicketId,
  question: z.string().max(20_000).optional(),
  answer: z.string().max(20_000).optional(),
  cause: z.string().max(100).optional(),
  other: z.string().max(20_000).optional(),
  note: z.string().max(20_000).optional(),
});
export type ExpertAction = z.infer<typeof ExpertAction>;

/** The expert action in a submitted value, or undefined when it is not one. */
export const readExpertAction = (value: unknown): ExpertAction | undefined => {
  const parsed = ExpertAction.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

export const isAskExpert = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (value as { action?: { type?: unknown } }).action?.type === ASK_EXPERT.action.type;
