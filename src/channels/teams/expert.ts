import { TurnContext, type Activity } from 'botbuilder';
import type { TeamsChannel } from '../../config.js';
import { errorLine } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { TicketRecord } from '../../state/index.js';
import {
  createRelay,
  EXPERTS_ONLY,
  isAskExpert,
  latestText,
  notSetUp,
  PROBLEM_TEXT,
  readExpertAction,
  type AskerNews,
  type DeskResult,
  type ExpertAction,
  type ExpertDesk,
} from '../expert/index.js';
import { answerActivity } from './activities.js';
import { formActivity, renderRelayCard, renderTicketCard } from './expert-card.js';
import { personOf, refOf } from './conversation.js';
import { continueIn, isChannelMember, postInChannel, postReference } from './expert-connector.js';

export interface TeamsExpertDeps {
  desk: ExpertDesk;
  /** The experts' channel; undefined: the expert loop is off in Teams. */
  channel: TeamsChannel | undefined;
  /** The bot's app id, for messages sent outside a turn ('' when local). */
  appId: string | undefined;
  logger: Logger;
}

/**
 * The expert loop in Teams: "Ask an expert" posts a ticket card to the experts' channel; the
 * card's buttons (from members of that channel only) assign, relay a question into the asker's
 * chat, and resolve; the card is updated in place and the asker is told in their own chat.
 */
export class TeamsExperts {
  private readonly relay: ReturnType<typeof createRelay>;

  /** Where tickets and the records kept for review live (channel-neutral). */
  readonly desk: ExpertDesk;

  constructor(private readonly deps: TeamsExpertDeps) {
    this.desk = deps.desk;
    this.relay = createRelay(deps.desk, deps.logger, {
      where: deps.channel?.name ? `the ${deps.channel.name} channel` : 'the experts\u2019 channel',
      postHint: 'is the app added to that team?',
      askerPlace: 'chat',
    });
  }

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
    const said = await this.relay.guard(action.ticket, async () => {
      if (action.iisTriageExpert === 'answer') await this.answered(context, action);
      else await this.act(context, action);
      return '';
    });
    if (said) await context.sendActivity(said);
    return true;
  }

  /** Opens a ticket from the conversation so far and posts it in the experts' channel. */
  async ask(context: TurnContext): Promise<void> {
    const { channel, desk } = this.deps;
    if (!channel) {
      await context.sendActivity(notSetUp('EXPERT_TEAMS_CHANNEL to the experts\u2019 channel'));
      return;
    }
    const activity = context.activity;
    const said = await this.relay.escalate(
      {
        postTicket: async (ticket) => {
          const card = renderTicketCard(ticket, desk.causeChoices(ticket), this.desk.knowledge());
          return postInChannel(context, channel, formActivity(card, `Expert ticket ${ticket.id}`));
        },
      },
      {
        ref: refOf(activity),
        asker: personOf(activity),
        replyTo: TurnContext.getConversationReference(activity),
      },
    );
    await context.sendActivity(said);
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
    // submit() hands 'answer' to answered(), never here
    const kind = action.iisTriageExpert as 'assign' | 'ask' | 'resolve';
    const said = await this.relay.relay(
      {
        updateTicket: (t) => this.updateCard(context, t),
        tellAsker: (t, news) => this.tellAsker(context, t, this.newsActivity(t, news)),
      },
      result,
      kind,
      expert,
    );
    if (said) await context.sendActivity(said);
  }

  /** What the asker is told, as the activity that carries it. */
  private newsActivity(t: TicketRecord, news: AskerNews): Partial<Activity> {
    if (news.kind === 'assigned') return { type: 'message', text: news.text };
    if (news.kind === 'resolved')
      return answerActivity(news.reply, t.conversation.channelId).activity;
    const card = renderRelayCard(t, news.expert, news.question);
    return formActivity(card, card.fallbackText);
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
    const said = latestText(t);
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
        this.deps.logger.warn(
          { ticket: t.id, err: errorLine(e) },
          'answer not shown on the ticket',
        );
      }
    }
    await context.sendActivity(
      delivered
        ? 'Thanks: I passed your answer to the expert.'
        : 'I kept your answer on the ticket, but could not show it in the experts\u2019 channel just now.',
    );
  }

  /** The ticket card, rewritten in place (the current turn must be in the ticket's thread). */
  private async updateCard(context: TurnContext, t: TicketRecord): Promise<void> {
    const id = t.post?.activityId || context.activity.replyToId;
    if (!id) return;
    const card = renderTicketCard(t, this.deps.desk.causeChoices(t), this.desk.knowledge());
    try {
      await context.updateActivity({ ...formActivity(card, `Expert ticket ${t.id}`), id });
    } catch (e) {
      this.deps.logger.warn({ ticket: t.id, err: errorLine(e) }, 'ticket card not updated');
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
      this.deps.logger.warn({ ticket: t.id, err: errorLine(e) }, 'asker not reached');
      return false;
    }
  }
}
