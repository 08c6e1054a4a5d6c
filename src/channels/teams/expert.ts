import { TurnContext, type Activity } from 'botbuilder';
import type { TeamsChannel } from '../../config.js';
import { isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Person, TicketRecord, UnsureReason } from '../../state/index.js';
import type { FeedbackRecord, KnowledgeStatus } from '../bot-seam.js';
import {
  isAskExpert,
  PROBLEM_TEXT,
  readExpertAction,
  type DeskResult,
  type ExpertAction,
  type ExpertDesk,
} from '../expert/index.js';
import { answerActivity } from './activities.js';
import { formActivity, renderRelayCard, renderTicketCard } from './expert-card.js';
import {
  continueIn,
  describe,
  isChannelMember,
  postInChannel,
  postReference,
} from './expert-connector.js';

export interface TeamsExpertDeps {
  desk: ExpertDesk;
  /** The experts' channel; undefined: the expert loop is off in Teams. */
  channel: TeamsChannel | undefined;
  /** The bot's app id, for messages sent outside a turn ('' when local). */
  appId: string | undefined;
  knowledge: () => KnowledgeStatus;
  logger: Logger;
}

export const NOT_SET_UP =
  'Asking an expert is not set up for this bot yet: an administrator sets EXPERT_TEAMS_CHANNEL to the experts\u2019 channel.';
export const NOTHING_YET =
  'Tell me about the problem first (the error, the code or the log lines); then I can pass it to an expert with what I found.';
export const EXPERTS_ONLY = 'Only members of the experts\u2019 channel can act on tickets.';

/** Who clicked or typed, as the ticket names them. */
export const personOf = (activity: Partial<Activity>): Person => ({
  id: activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown',
  name: activity.from?.name?.trim() || 'someone',
});

/**
 * The expert loop in Teams: "Ask an expert" posts a ticket card to the experts' channel; the
 * card's buttons (from members of that channel only) assign, relay a question into the asker's
 * chat, and resolve; the card is updated in place and the asker is told in their own chat.
 */
export class TeamsExperts {
  constructor(private readonly deps: TeamsExpertDeps) {}

  get isOn(): boolean {
    return this.deps.channel !== undefined;
  }

  /** Handles "Ask an expert" and ticket actions; false when the value is neither. */
  async submit(context: TurnContext, value: unknown): Promise<boolean> {
    if (isAskExpert(value)) {
      await this.ask(context);
      return true;
    }
    const action = readExpertAction(value);
    if (!action) return false;
    try {
      if (action.iisTriageExpert === 'answer') await this.answered(context, action);
      else await this.act(context, action);
    } catch (e) {
      if (!isAppError(e) || e.code !== 'E_STORAGE') throw e;
      this.deps.logger.error({ err: e.message, ticket: action.ticket }, 'ticket action failed');
      await context.sendActivity('I could not reach my storage, so nothing changed; try again.');
    }
    return true;
  }

  /** Opens a ticket from the conversation so far and posts it in the experts' channel. */
  async ask(context: TurnContext): Promise<void> {
    const { channel, desk, logger } = this.deps;
    if (!channel) {
      await context.sendActivity(NOT_SET_UP);
      return;
    }
    const activity = context.activity;
    const opened = await desk.open({
      ref: { channelId: activity.channelId, conversationId: activity.conversation.id },
      asker: personOf(activity),
      replyTo: TurnContext.getConversationReference(activity),
    });
    if (opened.kind === 'unavailable') {
      await context.sendActivity('I am still loading my knowledge. Try again in a few seconds.');
      return;
    }
    if (opened.kind === 'nothing-yet') {
      await context.sendActivity(NOTHING_YET);
      return;
    }
    const ticket = opened.ticket;
    const card = renderTicketCard(ticket, desk.causeChoices(ticket), this.knowledge());
    let post: { conversationId: string; activityId: string };
    try {
      post = await postInChannel(
        context,
        channel,
        formActivity(card, `Expert ticket ${ticket.id}`),
      );
    } catch (e) {
      logger.warn({ ticket: ticket.id, err: describe(e) }, 'expert ticket not posted');
      await desk.discard(ticket.id);
      await context.sendActivity(
        'I could not post in the experts\u2019 channel (is the app added to that team?), so no expert has your question yet. Try again later.',
      );
      return;
    }
    await desk.posted(ticket.id, post);
    const where = channel.name ? `the ${channel.name} channel` : 'the experts\u2019 channel';
    await context.sendActivity(
      `I sent your question to ${where} as ticket ${ticket.id}, with what I found so far. When an expert answers, their answer comes here.`,
    );
  }

  /** Assign, ask or resolve, by a member of the experts' channel. */
  private async act(context: TurnContext, action: ExpertAction): Promise<void> {
    const { desk, logger } = this.deps;
    const expert = personOf(context.activity);
    if (!(await isChannelMember(context, this.deps.channel, logger))) {
      logger.info({ ticket: action.ticket }, 'ticket action refused: not in the experts channel');
      await context.sendActivity(EXPERTS_ONLY);
      return;
    }
    const result: DeskResult =
      action.iisTriageExpert === 'assign'
        ? await desk.assign(action.ticket, expert)
        : action.iisTriageExpert === 'ask'
          ? await desk.ask(action.ticket, expert, action.question ?? '')
          : await desk.resolve(action.ticket, expert, {
              cause: action.cause ?? '',
              other: action.other ?? '',
              note: action.note ?? '',
            });
    if (!result.ok) {
      await context.sendActivity(PROBLEM_TEXT[result.problem]);
      return;
    }
    const t = result.ticket;
    await this.updateCard(context, t);
    const asker = t.asker.name;
    if (action.iisTriageExpert === 'assign') {
      await this.tellAsker(context, t, {
        type: 'message',
        text: `${expert.name} (an expert) is looking at your question (ticket ${t.id}).`,
      });
    } else if (action.iisTriageExpert === 'ask') {
      const question = t.events[t.events.length - 1]?.text ?? '';
      const card = renderRelayCard(t, expert.name, question);
      const sent = await this.tellAsker(context, t, formActivity(card, card.fallbackText));
      await context.sendActivity(
        sent ? `Sent to ${asker}; their answer will show on the ticket.` : this.unreachable(asker),
      );
    } else {
      const reply = desk.resolutionReply(t);
      const sent =
        reply !== undefined &&
        (await this.tellAsker(
          context,
          t,
          answerActivity(reply, t.conversation.channelId).activity,
        ));
      await context.sendActivity(
        sent ? `Resolved; I sent ${asker} the answer.` : this.unreachable(asker),
      );
    }
  }

  /** The asker's answer to a relayed question: onto the ticket, and into its thread. */
  private async answered(context: TurnContext, action: ExpertAction): Promise<void> {
    const result = await this.deps.desk.answer(
      action.ticket,
      personOf(context.activity),
      action.answer ?? '',
    );
    if (!result.ok) {
      await context.sendActivity(PROBLEM_TEXT[result.problem]);
      return;
    }
    const t = result.ticket;
    const said = t.events[t.events.length - 1]?.text ?? '';
    const post = postReference(t);
    let delivered = false;
    if (post) {
      try {
        await continueIn(context, this.deps.appId ?? '', post, async (ctx) => {
          await this.updateCard(ctx, t);
          await ctx.sendActivity(`${t.asker.name} answered (ticket ${t.id}): "${said}"`);
        });
        delivered = true;
      } catch (e) {
        this.deps.logger.warn({ ticket: t.id, err: describe(e) }, 'answer not shown on the ticket');
      }
    }
    await context.sendActivity(
      delivered
        ? 'Thanks: I passed your answer to the expert.'
        : 'I kept your answer on the ticket, but could not show it in the experts\u2019 channel just now.',
    );
  }

  /** 👍/👎 on an answer, kept for review with the conversation it was about. */
  async keepFeedback(
    context: TurnContext,
    userId: string,
    feedback: FeedbackRecord,
  ): Promise<void> {
    const a = context.activity;
    await this.deps.desk.keepFeedback(
      { channelId: a.channelId, conversationId: a.conversation.id },
      userId,
      feedback,
    );
  }

  /** An answer the bot was unsure of, kept for review. */
  async keepUnsure(
    context: TurnContext,
    userId: string,
    answerId: string,
    reason: UnsureReason,
  ): Promise<void> {
    const a = context.activity;
    await this.deps.desk.keepUnsure(
      { channelId: a.channelId, conversationId: a.conversation.id },
      userId,
      answerId,
      reason,
    );
  }

  /** Deletes what is kept about the user (tickets, feedback, unsure answers) and this conversation. */
  async forgetMe(context: TurnContext, reset: () => Promise<void>): Promise<void> {
    const a = context.activity;
    const removed = await this.deps.desk.forget(personOf(a).id, a.channelId);
    await reset();
    this.deps.logger.info({ removed }, 'user records deleted on request');
    const n = removed.kept + removed.tickets;
    await context.sendActivity(
      `Done: I deleted ${n} record${n === 1 ? '' : 's'} kept about you (tickets, feedback, questions I was unsure of) and this conversation.`,
    );
  }

  private unreachable(asker: string): string {
    return `The ticket is updated, but I could not reach ${asker} in their chat (the app may have been removed there).`;
  }

  private knowledge() {
    const s = this.deps.knowledge();
    return s.state === 'ready' ? s.knowledge : undefined;
  }

  /** The ticket card, rewritten in place (the current turn must be in the ticket's thread). */
  private async updateCard(context: TurnContext, t: TicketRecord): Promise<void> {
    const id = t.post?.activityId || context.activity.replyToId;
    if (!id) return;
    const card = renderTicketCard(t, this.deps.desk.causeChoices(t), this.knowledge());
    try {
      await context.updateActivity({ ...formActivity(card, `Expert ticket ${t.id}`), id });
    } catch (e) {
      this.deps.logger.warn({ ticket: t.id, err: describe(e) }, 'ticket card not updated');
    }
  }

  /** A message in the asker's conversation, from the reference stored with the ticket. */
  private async tellAsker(
    context: TurnContext,
    t: TicketRecord,
    activity: Partial<Activity>,
  ): Promise<boolean> {
    try {
      await continueIn(context, this.deps.appId ?? '', t.replyTo, async (ctx) => {
        await ctx.sendActivity(activity);
      });
      return true;
    } catch (e) {
      this.deps.logger.warn({ ticket: t.id, err: describe(e) }, 'asker not reached');
      return false;
    }
  }
}
