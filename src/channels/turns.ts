import type { Action } from '../dialog/index.js';
import type { Logger } from '../logger.js';
import type { ConversationRef, FeedbackInput, TriageConversations } from './bot-seam.js';
import type { AnsweredTurn, LogFile } from './engine-tasks.js';
import { parseExpertCommand, unsureReason, type ExpertDesk } from './expert/index.js';

/** A turn's answer as a channel renders it: the reply and a log's report (see AnsweredTurn). */
export type Answer = Omit<AnsweredTurn, 'state'>;

/** What a channel does with a turn; everything else about a turn is decided here. */
export interface TurnPorts {
  /** Shows that the bot is at work, before the engine runs (Teams' "typing"). */
  typing?: () => Promise<void>;
  /** Sends the answer rendered for the channel. */
  send: (answer: Answer) => Promise<void>;
  /** "ask an expert", typed. */
  askExpert: () => Promise<void>;
  /** Sends a line of text. */
  say: (text: string) => Promise<void>;
}

export interface Turn {
  ref: ConversationRef;
  /** Who typed or clicked (unsure answers and feedback are kept under them); null: unknown. */
  userId: string | null;
  /** What the channel logs of the turn beside its answer (ids, never user text). */
  log: Record<string, unknown>;
}

export interface TurnDeps {
  conversations: TriageConversations;
  desk: ExpertDesk;
  logger: Logger;
  now: () => number;
}

/**
 * The turn pipeline of every chat channel: typed commands of the expert loop, then the engine's
 * turn through the seam, the answer sent by the channel, an unsure answer kept for review, and one
 * log line. Channels map their events into `Turn`s and render what `send` gets.
 */
export const createTurns = ({ conversations, desk, logger, now }: TurnDeps) => {
  /** A turn on text, a button's Action or a log file; `notes` end the reply (a cut message). */
  const answer = async (
    turn: Turn,
    input: string | Action,
    ports: Pick<TurnPorts, 'send' | 'typing'>,
    options: { file?: LogFile; notes?: string[] } = {},
  ): Promise<void> => {
    const started = now();
    await ports.typing?.();
    const { reply, report } = await conversations.respond(turn.ref, input, options.file);
    const notes = options.notes ?? [];
    await ports.send({
      reply: notes.length ? { ...reply, notes: [...reply.notes, ...notes] } : reply,
      report,
    });
    const unsure = unsureReason(reply.kind, reply.causes[0]?.score ?? null);
    if (unsure && turn.userId) await desk.keepUnsure(turn.ref, turn.userId, reply.id, unsure);
    logger.info(
      {
        ...turn.log,
        input:
          typeof input !== 'string'
            ? { action: input.type }
            : options.file
              ? { fileChars: input.length }
              : { chars: input.length },
        reply: {
          kind: reply.kind,
          causes: reply.causes.map((c) => c.id),
          codes: reply.codes.length,
        },
        ms: now() - started,
      },
      'answered',
    );
  };

  /** "forget me": what is kept about the user in this channel, and the conversation, deleted. */
  const forget = async ({ ref }: Turn, userId: string): Promise<string> => {
    const removed = await desk.forget(userId, ref.channelId);
    await conversations.reset(ref);
    logger.info({ removed }, 'user records deleted on request');
    const n = removed.kept + removed.tickets;
    return `Done: I deleted ${n} record${n === 1 ? '' : 's'} kept about you (tickets, feedback, questions I was unsure of) and this conversation.`;
  };

  return {
    answer,

    /** Typed text: "ask an expert" and "forget me" go to the expert loop; the rest is a turn. */
    async text(turn: Turn, text: string, ports: TurnPorts, notes: string[] = []): Promise<void> {
      const command = parseExpertCommand(text);
      if (command === 'ask-expert') await ports.askExpert();
      else if (command === 'forget-me' && turn.userId)
        await ports.say(await forget(turn, turn.userId));
      else await answer(turn, text, ports, { notes });
    },

    /** A 👍/👎 kept with its conversation, and as a record for review. */
    async feedback(ref: ConversationRef, userId: string, input: FeedbackInput): Promise<void> {
      const feedback = await conversations.recordFeedback(ref, userId, input);
      await desk.keepFeedback(ref, userId, feedback);
    },
  };
};

export type ChannelTurns = ReturnType<typeof createTurns>;
