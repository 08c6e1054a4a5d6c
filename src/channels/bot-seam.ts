/**
 * The seam between a channel SDK (botbuilder today, the Microsoft 365 Agents SDK tomorrow) and the
 * dialogue engine: channel-neutral, no botbuilder import. A channel handler turns activities into
 * calls on `TriageConversations` and renders the Reply it gets back.
 */
import { emptyReply, type Action, type Reply } from '../dialog/index.js';
import { AppError, unlessStorageDown } from '../errors.js';
import { redact } from '../extract/index.js';
import type { Knowledge } from '../knowledge/index.js';
import type { Logger } from '../logger.js';
import type { TriageNote } from '../triage/index.js';
import type { Engine } from './engine.js';
import type { AnsweredTurn, LogFile } from './engine-tasks.js';
import { timelineText } from '../render/index.js';
import {
  conversationKey,
  conversationRecords,
  feedbackKey,
  rememberSent,
  type ConversationRef,
  type FeedbackRecord,
  type StateStore,
} from '../state/index.js';

export type { ConversationRef, FeedbackRecord };

export type KnowledgeStatus =
  | { state: 'loading' }
  | { state: 'ready'; knowledge: Knowledge; engine: Engine }
  | { state: 'failed'; reason: string };

export interface FeedbackInput {
  /** The channel message the feedback is about, when the channel says. */
  messageId: string | null;
  /** The answer id when the channel carries it (card buttons); else looked up from messageId. */
  answerId?: string;
  reaction: 'like' | 'dislike';
  comment?: string | null;
}

interface ConversationDeps {
  knowledge: () => KnowledgeStatus;
  store: StateStore;
  now: () => number;
  logger: Logger;
}

const MAX_COMMENT = 1000;

/** What a channel says while the knowledge is loading. */
export const KNOWLEDGE_LOADING = 'I am still loading my knowledge. Try again in a few seconds.';
/** The note on an answer to a message cut at `max` characters. */
export const cutNote = (max: number): string =>
  `Only the first ${max.toLocaleString('en-US')} characters of your message were read.`;
/** What a channel says after a turn failed (its state cleared). */
export const APOLOGY =
  'Sorry, something went wrong on my side. I have cleared this conversation; please send your message again.';

/** What a triage-note action says while the knowledge is loading or after it failed to load. */
export const noteUnavailable = (status: KnowledgeStatus): string =>
  status.state === 'loading'
    ? KNOWLEDGE_LOADING
    : 'My knowledge base failed to load, so I cannot triage right now.';

export const noticeReply = (id: string, headline: string, notes: string[] = []): Reply => ({
  ...emptyReply('notice', headline),
  id,
  notes,
});

/** The notice a channel sends while the knowledge is loading or after it failed to load. */
export const unavailableReply = (status: Exclude<KnowledgeStatus, { state: 'ready' }>): Reply =>
  status.state === 'loading'
    ? noticeReply('knowledge-loading', KNOWLEDGE_LOADING)
    : noticeReply(
        'knowledge-failed',
        'My knowledge base failed to load, so I cannot diagnose anything right now.',
        ['An administrator can see why at /healthz and in the logs.'],
      );

const withNote = (reply: Reply, note: string): Reply => ({
  ...reply,
  notes: [...reply.notes, note],
});

/** What the reply says after its conversation could not be read, or not saved. */
const STORAGE_NOTES: Record<'ok' | 'read-failed' | 'write-failed', string | null> = {
  ok: null,
  'read-failed':
    'I could not reach my conversation storage, so this answer does not take your earlier messages into account.',
  'write-failed':
    'I could not save this conversation, so my next answer may not remember this one.',
};

/** A turn's reply for a channel without cards: the report's summary (its timeline as text) first. */
export const textReply = ({ reply, report }: Omit<AnsweredTurn, 'state'>): Reply => {
  if (!report) return reply;
  const over = report.timeline ? timelineText(report.timeline) : '';
  return { ...reply, notes: [...report.notes, ...(over ? [over] : []), ...reply.notes] };
};

/** What every channel adapter needs from the product. */
export const createConversations = (deps: ConversationDeps) => {
  const { store, logger } = deps;
  const { load, update } = conversationRecords(store, logger, deps.now);

  return {
    knowledgeStatus: deps.knowledge,

    /**
     * One turn of the conversation: state is read, advanced by the engine, and written back (run
     * again on newer state after a conflicting write). A log `file`'s text (`input`) or a pasted
     * log comes back with its report; a storage outage is said in a note at the reply's end.
     */
    async respond(
      ref: ConversationRef,
      input: string | Action,
      file?: LogFile,
    ): Promise<Omit<AnsweredTurn, 'state'>> {
      const status = deps.knowledge();
      if (status.state !== 'ready') return { reply: unavailableReply(status), report: null };
      let answered: AnsweredTurn | undefined;
      const outcome = await update(conversationKey(ref), async (record) => {
        answered = await status.engine.run('turn', {
          state: record.dialog,
          input,
          now: deps.now(),
          ...(file ? { file } : {}),
        });
        return { ...record, dialog: answered.state, updatedAt: deps.now() };
      });
      if (!answered) throw new AppError('E_INPUT', 'the turn produced no answer');
      const { reply, report } = answered;
      const note = STORAGE_NOTES[outcome];
      return { reply: note ? withNote(reply, note) : reply, report };
    },

    /** Notes which channel message carried which answer (for feedback on that message). */
    async remember(ref: ConversationRef, messageId: string, replyId: string): Promise<void> {
      await update(conversationKey(ref), (record) => ({
        ...record,
        sent: rememberSent(record.sent, messageId, replyId),
      }));
    },

    async recordFeedback(
      ref: ConversationRef,
      userId: string,
      input: FeedbackInput,
    ): Promise<FeedbackRecord> {
      let answerId = input.answerId;
      if (!answerId) {
        const { record } = await load(conversationKey(ref));
        answerId =
          record.sent.find((s) => s.messageId === input.messageId)?.replyId ??
          record.dialog.lastReplyId ??
          'unknown';
      }
      const feedback: FeedbackRecord = {
        answerId,
        messageId: input.messageId,
        reaction: input.reaction,
        // people paste what failed, credentials included: stored redacted, like conversations
        comment: input.comment
          ? redact(input.comment.slice(0, MAX_COMMENT * 4)).text.slice(0, MAX_COMMENT)
          : null,
        channelId: ref.channelId,
        at: deps.now(),
      };
      const key = feedbackKey(ref, answerId, userId);
      await unlessStorageDown<unknown>(
        () => store.write(key, feedback),
        (e) => logger.error({ key, err: e.message }, 'feedback write failed'),
      );
      logger.info({ answerId, reaction: feedback.reaction, channelId: ref.channelId }, 'feedback');
      return feedback;
    },

    /** Forgets the conversation (start over, or after a failed turn). */
    async reset(ref: ConversationRef): Promise<void> {
      await store.delete(conversationKey(ref));
    },

    /** The triage note for the conversation so far; null when there is nothing to note yet. */
    async ticketNote(ref: ConversationRef): Promise<TriageNote | null> {
      const status = deps.knowledge();
      if (status.state !== 'ready') return null;
      const { record } = await load(conversationKey(ref));
      const d = record.dialog;
      if (!d.codes.length && !d.context.trim() && !Object.keys(d.known).length) return null;
      return status.engine.run('conversationNote', d);
    },
  };
};

export type TriageConversations = ReturnType<typeof createConversations>;
