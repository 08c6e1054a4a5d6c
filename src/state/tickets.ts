import { z } from 'zod';
import type { TriageNote } from '../triage/index.js';
import { keyPart } from './conversation.js';
import { CodeShape } from './kept.js';
import type { StateStore } from './types.js';

const PersonShape = z.object({ id: z.string(), name: z.string() });
export type Person = z.infer<typeof PersonShape>;

const EventShape = z.object({
  at: z.number(),
  kind: z.enum(['opened', 'assigned', 'asked', 'answered', 'resolved']),
  by: z.string(),
  /** The relayed question or answer (redacted). */
  text: z.string().optional(),
});
/** Something that happened to a ticket, shown on its card in order. */
export type TicketEvent = z.infer<typeof EventShape>;

const TicketShape = z.object({
  version: z.literal(1),
  id: z.string(),
  status: z.enum(['open', 'assigned', 'resolved']),
  /** The asker's channel and conversation (their dialogue state lives there). */
  conversation: z.object({ channelId: z.string(), conversationId: z.string() }),
  asker: PersonShape,
  /**
   * How the bot reaches the asker later: Teams' conversation reference, or Slack's channel and
   * thread. Only the channel that stored it reads it.
   */
  replyTo: z.record(z.string(), z.unknown()),
  /** The asker's words as the ranking read them (redacted). */
  text: z.string(),
  codes: z.array(CodeShape),
  facts: z.record(z.string(), z.string()),
  /** The triage note of the conversation when the ticket was opened (ranked causes, evidence). */
  note: z.object({ verdict: z.string(), causes: z.array(z.unknown()) }).passthrough(),
  /** Where the ticket's card is in the experts' channel (null until it is posted). */
  post: z.object({ conversationId: z.string(), activityId: z.string() }).nullable(),
  assignee: PersonShape.nullable(),
  events: z.array(EventShape),
  /** cause: a knowledge entry id, or null when the expert named a cause in their own words. */
  resolution: z
    .object({
      cause: z.string().nullable(),
      other: z.string().nullable(),
      note: z.string(),
      by: PersonShape,
      at: z.number(),
    })
    .nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});

/** An "Ask an expert" ticket: what the asker had said, what the bot made of it, and its course. */
export type TicketRecord = Omit<z.infer<typeof TicketShape>, 'note'> & { note: TriageNote };

/** Events a ticket keeps (the first, its opening, always stays). */
export const MAX_EVENTS = 30;

export const TICKET_PREFIX = 'tickets/';
export const ticketKey = (id: string): string => `${TICKET_PREFIX}${keyPart(id)}`;

export const asTicket = (value: unknown): TicketRecord | undefined => {
  const parsed = TicketShape.safeParse(value);
  return parsed.success ? (parsed.data as unknown as TicketRecord) : undefined;
};

/** Adds an event, keeping the opening and the newest. */
export const withEvent = (events: readonly TicketEvent[], event: TicketEvent): TicketEvent[] => {
  const all = [...events, event];
  return all.length <= MAX_EVENTS ? all : [all[0]!, ...all.slice(all.length - MAX_EVENTS + 1)];
};

export type TicketChange<P> = { ticket: TicketRecord } | { problem: P };

export type TicketUpdate<P> =
  | { ok: true; ticket: TicketRecord; before: TicketRecord }
  | { ok: false; problem: P | 'not-found' | 'busy' };

const ATTEMPTS = 5;

/**
 * Read-modify-write of one ticket under its eTag (two experts clicking at once: the second sees
 * the first's change). `change` says what to write, or why not.
 */
export const updateTicket = async <P>(
  store: StateStore,
  id: string,
  change: (ticket: TicketRecord) => TicketChange<P>,
): Promise<TicketUpdate<P>> => {
  const key = ticketKey(id);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const item = await store.read(key);
    const before = asTicket(item?.value);
    if (!item || !before) return { ok: false, problem: 'not-found' };
    const changed = change(before);
    if ('problem' in changed) return { ok: false, problem: changed.problem };
    const written = await store.write(key, changed.ticket, { etag: item.etag });
    if (written.ok) return { ok: true, ticket: changed.ticket, before };
  }
  return { ok: false, problem: 'busy' };
};

export const readTicket = async (
  store: StateStore,
  id: string,
): Promise<TicketRecord | undefined> => asTicket((await store.read(ticketKey(id)))?.value);
