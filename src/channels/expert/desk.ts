import { randomBytes } from 'node:crypto';
import type { Reply } from '../../dialog/index.js';
import { redact } from '../../extract/index.js';
import { entryById, type Knowledge } from '../../knowledge/index.js';
import type { Logger } from '../../logger.js';
import {
  forgetUser,
  ticketKey,
  updateTicket,
  withEvent,
  type ConversationRef,
  type Person,
  type Removed,
  type StateStore,
  type TicketEvent,
  type TicketRecord,
  type UnsureReason,
} from '../../state/index.js';
import { buildConversationNote } from '../../triage/index.js';
import type { FeedbackRecord, KnowledgeStatus } from '../bot-seam.js';
import { createKeeper, factsOf, KEPT_RANKING } from './records.js';
import {
  causeChoices,
  OTHER_CAUSE,
  resolutionReply,
  type CauseChoice,
  type Resolution,
} from './resolution.js';

/** Longest relayed question, answer, cause in the expert's words, and resolution note. */
export const MAX_RELAYED = 1000;
export const MAX_OTHER = 200;
export const MAX_NOTE = 2000;
export interface DeskDeps {
  store: StateStore;
  knowledge: () => KnowledgeStatus;
  now: () => number;
  logger: Logger;
  /** Ticket ids (tests pass a counter); default: T- and 6 random letters and digits. */
  newId?: () => string;
}

export type OpenResult =
  | { kind: 'opened'; ticket: TicketRecord }
  /** The conversation has nothing to ask about yet. */
  | { kind: 'nothing-yet' }
  | { kind: 'unavailable' };

/** Why an expert's (or the asker's) action was not taken, in words shown to them. */
export type DeskProblem =
  'not-found' | 'busy' | 'resolved' | 'empty' | 'not-asker' | 'no-cause' | 'unknown-cause';

export const PROBLEM_TEXT: Record<DeskProblem, string> = {
  'not-found': 'I cannot find that ticket any more (it may have passed the retention period).',
  busy: 'The ticket kept changing under me; try again.',
  resolved: 'That ticket is already resolved.',
  empty: 'Write the text first, then press the button.',
  'not-asker': 'Only the person who asked can answer that.',
  'no-cause': 'Choose the confirmed cause, or choose Other and name it in a few words.',
  'unknown-cause': 'That cause is not in the knowledge base; choose one from the list or Other.',
};

export type DeskResult =
  { ok: true; ticket: TicketRecord; before: TicketRecord } | { ok: false; problem: DeskProblem };

/** A change to a ticket: what to set, and the event it adds. */
interface Step {
  set: Partial<TicketRecord>;
  event: Omit<TicketEvent, 'at'>;
}

const clean = (text: string, max: number): string =>
  redact(text.slice(0, max * 4))
    .text.trim()
    .slice(0, max);

const newTicketId = (): string =>
  `T-${randomBytes(5).readUIntBE(0, 5).toString(36).toUpperCase().padStart(6, '0').slice(-6)}`;

/**
 * The expert loop, channel-neutral: tickets opened from a conversation, the experts' actions on
 * them, and the records kept to learn from. Channels render and deliver; this decides and stores.
 */
export const createExpertDesk = (deps: DeskDeps) => {
  const { store, logger } = deps;
  const newId = deps.newId ?? newTicketId;

  const ready = (): Knowledge | undefined => {
    const s = deps.knowledge();
    return s.state === 'ready' ? s.knowledge : undefined;
  };
  const { readConversation, keep, keepConversation } = createKeeper({ ...deps, ready });

  /** Changes a ticket that is not resolved yet, and notes on it what happened (at `at`). */
  const change = (
    id: string,
    step: (t: TicketRecord) => Step | { problem: DeskProblem },
    at = deps.now(),
  ): Promise<DeskResult> =>
    updateTicket<DeskProblem>(store, id, (t) => {
      if (t.status === 'resolved') return { problem: 'resolved' };
      const s = step(t);
      if ('problem' in s) return s;
      const events = withEvent(t.events, { at, ...s.event });
      return { ticket: { ...t, ...s.set, events, updatedAt: at } };
    });

  return {
    async open(input: {
      ref: ConversationRef;
      asker: Person;
      replyTo: Record<string, unknown>;
    }): Promise<OpenResult> {
      const knowledge = ready();
      if (!knowledge) return { kind: 'unavailable' };
      const record = await readConversation(input.ref);
      const d = record?.dialog;
      if (!record || !d || (!d.codes.length && !d.context.trim())) return { kind: 'nothing-yet' };
      const now = deps.now();
      const base: Omit<TicketRecord, 'id'> = {
        version: 1,
        status: 'open',
        conversation: input.ref,
        asker: { id: input.asker.id, name: clean(input.asker.name, 100) || 'someone' },
        replyTo: input.replyTo,
        text: d.context,
        codes: d.codes,
        facts: factsOf(record),
        note: buildConversationNote(d, knowledge),
        post: null,
        assignee: null,
        events: [{ at: now, kind: 'opened', by: clean(input.asker.name, 100) || 'someone' }],
        resolution: null,
        createdAt: now,
        updatedAt: now,
      };
      // a clash of random ids is rare; the guard makes it harmless
      for (let attempt = 0; attempt < 5; attempt++) {
        const ticket: TicketRecord = { ...base, id: newId() };
        const written = await store.write(ticketKey(ticket.id), ticket, { absent: true });
        if (written.ok) {
          logger.info(
            { ticket: ticket.id, channelId: input.ref.channelId },
            'expert ticket opened',
          );
          return { kind: 'opened', ticket };
        }
      }
      throw new Error('no free ticket id after 5 tries');
    },

    /** Drops a ticket that never reached the experts' channel. */
    async discard(id: string): Promise<void> {
      await store.delete(ticketKey(id));
    },

    /** Notes where the ticket's card was posted (for updates in place). */
    posted(id: string, post: NonNullable<TicketRecord['post']>): Promise<DeskResult> {
      return updateTicket<DeskProblem>(store, id, (t) => ({ ticket: { ...t, post } }));
    },

    assign(id: string, expert: Person): Promise<DeskResult> {
      return change(id, () => ({
        set: { status: 'assigned', assignee: expert },
        event: { kind: 'assigned', by: expert.name },
      }));
    },

    ask(id: string, expert: Person, question: string): Promise<DeskResult> {
      const text = clean(question, MAX_RELAYED);
      if (!text) return Promise.resolve({ ok: false, problem: 'empty' });
      return change(id, (t) => ({
        set: { status: 'assigned', assignee: t.assignee ?? expert },
        event: { kind: 'asked', by: expert.name, text },
      }));
    },

    answer(id: string, asker: Person, answer: string): Promise<DeskResult> {
      const text = clean(answer, MAX_RELAYED);
      if (!text) return Promise.resolve({ ok: false, problem: 'empty' });
      return change(id, (t) =>
        t.asker.id !== asker.id
          ? { problem: 'not-asker' }
          : { set: {}, event: { kind: 'answered', by: t.asker.name, text } },
      );
    },

    async resolve(id: string, expert: Person, input: Resolution): Promise<DeskResult> {
      const knowledge = ready();
      const other = clean(input.other, MAX_OTHER);
      const cause = input.cause.trim();
      if (!cause || (cause === OTHER_CAUSE && !other)) return { ok: false, problem: 'no-cause' };
      if (cause !== OTHER_CAUSE && (!knowledge || entryById(knowledge, cause)?.kind !== 'cause')) {
        return { ok: false, problem: 'unknown-cause' };
      }
      const note = clean(input.note, MAX_NOTE);
      const at = deps.now();
      const result = await change(
        id,
        (t) => ({
          set: {
            status: 'resolved',
            assignee: t.assignee ?? expert,
            resolution: {
              cause: cause === OTHER_CAUSE ? null : cause,
              other: cause === OTHER_CAUSE ? other : null,
              note,
              by: expert,
              at,
            },
          },
          event: { kind: 'resolved', by: expert.name },
        }),
        at,
      );
      if (result.ok) {
        const t = result.ticket;
        await keep({
          version: 1,
          kind: 'resolved',
          id: t.id,
          channelId: t.conversation.channelId,
          userId: t.asker.id,
          at,
          text: t.text,
          codes: t.codes,
          facts: t.facts,
          ranking: t.note.causes.slice(0, KEPT_RANKING).map((c) => ({ id: c.id, score: c.score })),
          resolution: {
            ticket: t.id,
            cause: t.resolution?.cause ?? null,
            other: t.resolution?.other ?? null,
            note,
            by: expert.name,
          },
        });
        logger.info(
          { ticket: t.id, cause: t.resolution?.cause ?? OTHER_CAUSE },
          'expert ticket resolved',
        );
      }
      return result;
    },

    /** 👍/👎 on an answer, kept with what the conversation said and how the bot ranked it. */
    async keepFeedback(ref: ConversationRef, userId: string, feedback: FeedbackRecord) {
      await keepConversation(ref, userId, {
        kind: 'feedback',
        id: feedback.answerId,
        feedback: {
          answerId: feedback.answerId,
          reaction: feedback.reaction,
          comment: feedback.comment,
        },
      });
    },

    /** A question the bot was unsure of: one record per conversation, the latest state. */
    async keepUnsure(ref: ConversationRef, userId: string, answerId: string, reason: UnsureReason) {
      await keepConversation(ref, userId, {
        kind: 'unsure',
        id: ref.conversationId,
        unsure: { answerId, reason },
      });
    },

    /** Everything kept about a user in this channel, on their request. */
    forget(userId: string, channelId: string): Promise<Removed> {
      return forgetUser(store, userId, channelId);
    },

    /** The knowledge when it is loaded (tickets show cause titles from it). */
    knowledge: ready,

    causeChoices(ticket: TicketRecord): CauseChoice[] {
      const knowledge = ready();
      return knowledge
        ? causeChoices(
            knowledge,
            ticket.note.causes.map((c) => c.id),
          )
        : [];
    },

    resolutionReply(ticket: TicketRecord): Reply | undefined {
      const knowledge = ready();
      return knowledge ? resolutionReply(ticket, knowledge) : undefined;
    },
  };
};

export type ExpertDesk = ReturnType<typeof createExpertDesk>;
