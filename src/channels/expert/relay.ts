import type { Reply } from '../../dialog/index.js';
import { errorLine, unlessStorageDown } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { ConversationRef, Person, TicketRecord } from '../../state/index.js';
import { KNOWLEDGE_LOADING } from '../bot-seam.js';
import { PROBLEM_TEXT, type DeskResult, type ExpertDesk } from './desk.js';

// What every channel's expert loop says and does around the desk; channels only render and deliver.

export const NOTHING_YET =
  'Tell me about the problem first (the error, the code or the log lines); then I can pass it to an expert with what I found.';
export const EXPERTS_ONLY = 'Only members of the experts\u2019 channel can act on tickets.';
const STORAGE_DOWN = 'I could not reach my storage, so nothing changed; try again.';

/** `setting`: what an administrator sets, and to what ("EXPERT_SLACK_CHANNEL to ... id"). */
export const notSetUp = (setting: string): string =>
  `Asking an expert is not set up for this bot yet: an administrator sets ${setting}.`;

/** The text of the ticket's latest event (the question or answer just relayed). */
export const latestText = (t: TicketRecord): string => t.events[t.events.length - 1]?.text ?? '';

/** What the asker is told when an expert acts on their ticket. */
export type AskerNews =
  | { kind: 'assigned'; text: string }
  | { kind: 'asked'; expert: string; question: string }
  | { kind: 'resolved'; reply: Reply };

/** How a channel delivers the expert loop's messages. */
export interface RelayPorts {
  /** Posts a new ticket in the experts' channel: where it landed. Throws when it could not. */
  postTicket(t: TicketRecord): Promise<NonNullable<TicketRecord['post']>>;
  /** Rewrites the ticket's message in place (failures are the channel's to log). */
  updateTicket(t: TicketRecord): Promise<void>;
  /** A message in the asker's own conversation; false when the channel refused it. */
  tellAsker(t: TicketRecord, news: AskerNews): Promise<boolean>;
}

export interface RelayWords {
  /** Where tickets go, as the asker reads it ("<#C1>", "the Experts channel"). */
  where: string;
  /** Why a post may have failed ("is the app invited there?"). */
  postHint: string;
  /** The asker's place ("chat", "conversation"). */
  askerPlace: string;
}

/**
 * The expert loop's course, channel-neutral: open and post a ticket, relay an expert's change to
 * the asker; each returns the words to say, and the channel says them.
 */
export const createRelay = (desk: ExpertDesk, logger: Logger, words: RelayWords) => {
  const unreachable = (t: TicketRecord): string =>
    `The ticket is updated, but I could not reach ${t.asker.name} in their ${words.askerPlace} (the app may have been removed there).`;

  return {
    /** An expert's (or the asker's) action on a ticket; a storage outage is logged and said. */
    guard: (ticket: string, run: () => Promise<string>): Promise<string> =>
      unlessStorageDown(run, (e) => {
        logger.error({ err: e.message, ticket }, 'ticket action failed');
        return STORAGE_DOWN;
      }),

    /** Opens a ticket from the conversation and posts it in the experts' channel. */
    async escalate(
      ports: Pick<RelayPorts, 'postTicket'>,
      input: { ref: ConversationRef; asker: Person; replyTo: Record<string, unknown> },
    ): Promise<string> {
      const opened = await desk.open(input);
      if (opened.kind === 'unavailable') return KNOWLEDGE_LOADING;
      if (opened.kind === 'nothing-yet') return NOTHING_YET;
      const t = opened.ticket;
      try {
        await desk.posted(t.id, await ports.postTicket(t));
      } catch (e) {
        logger.warn({ ticket: t.id, err: errorLine(e) }, 'expert ticket not posted');
        await desk.discard(t.id);
        return `I could not post in the experts\u2019 channel (${words.postHint}), so no expert has your question yet. Try again later.`;
      }
      return `I sent your question to ${words.where} as ticket ${t.id}, with what I found so far. When an expert answers, their answer comes here.`;
    },

    /** An expert's change on the desk: the ticket updated, the asker told; what the expert reads. */
    async relay(
      ports: Omit<RelayPorts, 'postTicket'>,
      result: DeskResult,
      kind: 'assign' | 'ask' | 'resolve',
      expert: Person,
    ): Promise<string> {
      if (!result.ok) return PROBLEM_TEXT[result.problem];
      const t = result.ticket;
      await ports.updateTicket(t);
      if (kind === 'assign') {
        const text = `${expert.name} (an expert) is looking at your question (ticket ${t.id}).`;
        await ports.tellAsker(t, { kind: 'assigned', text });
        return '';
      }
      if (kind === 'ask') {
        const news = { kind: 'asked' as const, expert: expert.name, question: latestText(t) };
        return (await ports.tellAsker(t, news))
          ? `Sent to ${t.asker.name}; their answer will show on the ticket.`
          : unreachable(t);
      }
      const reply = desk.resolutionReply(t);
      const sent = reply !== undefined && (await ports.tellAsker(t, { kind: 'resolved', reply }));
      return sent ? `Resolved; I sent ${t.asker.name} the answer.` : unreachable(t);
    },
  };
};
