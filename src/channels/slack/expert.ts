import type { App, BlockAction, ButtonAction, ViewSubmitAction, webApi } from '@slack/bolt';
import { errorLine } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { escapeMrkdwn, renderBlocks, section, type SlackMessage } from '../../render/index.js';
import { readTicket, type Person, type StateStore, type TicketRecord } from '../../state/index.js';
import {
  createRelay,
  EXPERTS_ONLY,
  latestText,
  notSetUp,
  OTHER_CAUSE,
  PROBLEM_TEXT,
  TicketId,
  type AskerNews,
  type ExpertDesk,
} from '../expert/index.js';
import { placeOfClick, type Place } from './events.js';
import {
  answerBlock,
  answerView,
  askUserView,
  EXPERT_ACTIONS,
  EXPERT_VIEWS,
  resolveView,
  ticketBlocks,
  valuesOf,
} from './expert-blocks.js';
import { refOf } from './threads.js';

type WebClient = webApi.WebClient;

/** Pages of conversations.members read at most (1,000 members each). */
const MEMBER_PAGES = 10;

export interface SlackExpertDeps {
  desk: ExpertDesk;
  store: StateStore;
  /** The experts' channel id (C...); undefined: the expert loop is off in Slack. */
  channel: string | undefined;
  logger: Logger;
}

/** Where the asker asked, stored with the ticket to tell them later. */
interface AskerPlace {
  channel: string;
  threadTs?: string;
}

const personOf = (userId: string): Person => ({ id: userId, name: `<@${userId}>` });

/** The message that tells the asker the news, in Block Kit. */
const newsMessage = (t: TicketRecord, news: AskerNews): SlackMessage => {
  if (news.kind === 'assigned') return { text: news.text, blocks: [] };
  if (news.kind === 'resolved') return renderBlocks(news.reply, { feedback: false });
  const text = `${news.expert} (an expert) asks about your question (ticket ${t.id}): ${escapeMrkdwn(news.question)}`;
  return { text, blocks: [section(text), answerBlock(t.id)] };
};

/**
 * The expert loop in Slack, a thin adapter over the channel-neutral desk and relay: "Ask an
 * expert" posts a ticket in EXPERT_SLACK_CHANNEL; its buttons (members of that channel only)
 * assign, relay a question into the asker's thread (answered in a modal), and resolve with the
 * confirmed cause; the ticket message is updated in place and the asker told in their own thread
 * or DM.
 */
export const registerSlackExperts = (app: App, deps: SlackExpertDeps) => {
  const { desk, channel, logger } = deps;
  const relay = createRelay(desk, logger, {
    where: `<#${channel ?? ''}>`,
    postHint: 'is the app invited there?',
    askerPlace: 'conversation',
  });

  const isExpert = async (client: WebClient, user: string): Promise<boolean> => {
    if (!channel) return false;
    let cursor: string | undefined;
    for (let page = 0; page < MEMBER_PAGES; page++) {
      const r = await client.conversations.members({ channel, limit: 1000, cursor });
      if (r.members?.includes(user)) return true;
      cursor = r.response_metadata?.next_cursor || undefined;
      if (!cursor) return false;
    }
    return false;
  };

  /** How this client delivers the relay's messages. */
  const portsOf = (client: WebClient) => ({
    async updateTicket(t: TicketRecord): Promise<void> {
      if (!t.post) return;
      const message = ticketBlocks(t, desk.knowledge());
      await client.chat
        .update({ channel: t.post.conversationId, ts: t.post.activityId, ...message })
        .catch((e: unknown) =>
          logger.warn({ ticket: t.id, err: errorLine(e) }, 'ticket message not updated'),
        );
    },
    /** The news in the asker's thread or DM; false when Slack refused it. */
    async tellAsker(t: TicketRecord, news: AskerNews): Promise<boolean> {
      const at = t.replyTo as Partial<AskerPlace>;
      if (typeof at.channel !== 'string') return false;
      try {
        const message = newsMessage(t, news);
        await client.chat.postMessage({
          channel: at.channel,
          ...(typeof at.threadTs === 'string' ? { thread_ts: at.threadTs } : {}),
          text: message.text,
          ...(message.blocks.length ? { blocks: message.blocks } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        return true;
      } catch (e) {
        logger.warn({ ticket: t.id, err: errorLine(e) }, 'asker not reached');
        return false;
      }
    },
    async postTicket(t: TicketRecord) {
      if (!channel) throw new Error('no experts channel');
      const r = await client.chat.postMessage({
        channel,
        ...ticketBlocks(t, desk.knowledge()),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!r.ts) throw new Error('Slack returned no message ts');
      return { conversationId: channel, activityId: r.ts };
    },
  });

  const inTicketThread = async (client: WebClient, t: TicketRecord, text: string) => {
    if (!t.post) return;
    await client.chat.postMessage({
      channel: t.post.conversationId,
      thread_ts: t.post.activityId,
      text,
    });
  };

  /** Opens a ticket from the conversation in `place` and posts it in the experts' channel. */
  const ask = async (client: WebClient, place: Place, user: string): Promise<void> => {
    const said = channel
      ? await relay.escalate(portsOf(client), {
          ref: refOf(place),
          asker: personOf(user),
          replyTo: {
            channel: place.channel,
            ...(place.threadTs ? { threadTs: place.threadTs } : {}),
          },
        })
      : notSetUp('EXPERT_SLACK_CHANNEL to the experts\u2019 channel id');
    await client.chat.postMessage({
      channel: place.channel,
      ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
      text: said,
    });
  };

  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: /^iis-expert:/ },
    async ({ ack, body, action, client }) => {
      await ack(); // within Slack's 3 s, before any work
      const at = body.channel?.id;
      const user = body.user.id;
      if (!at) return;
      if (action.action_id === EXPERT_ACTIONS.ask) {
        const team = body.team?.id ?? body.user.team_id ?? 'unknown';
        await ask(client, placeOfClick(team, at, body.message), user);
        return;
      }
      const ticket = TicketId.safeParse(action.value);
      if (!ticket.success) return;
      const id = ticket.data;
      const open = (
        view: ReturnType<typeof answerView | typeof askUserView | typeof resolveView>,
      ) => client.views.open({ trigger_id: body.trigger_id, view });
      if (action.action_id === EXPERT_ACTIONS.answer) {
        await open(answerView(id));
        return;
      }
      if (at !== channel || !(await isExpert(client, user))) {
        logger.info({ ticket: id }, 'ticket action refused: not in the experts channel');
        await client.chat.postEphemeral({ channel: at, user, text: EXPERTS_ONLY });
        return;
      }
      if (action.action_id === EXPERT_ACTIONS.assign) {
        const expert = personOf(user);
        const said = await relay.guard(id, async () =>
          relay.relay(portsOf(client), await desk.assign(id, expert), 'assign', expert),
        );
        if (said) await client.chat.postEphemeral({ channel: at, user, text: said });
      } else if (action.action_id === EXPERT_ACTIONS.askUser) {
        await open(askUserView(id));
      } else if (action.action_id === EXPERT_ACTIONS.resolve) {
        const t = await readTicket(deps.store, id);
        await open(resolveView(id, t ? desk.causeChoices(t) : []));
      }
    },
  );

  app.view<ViewSubmitAction>(
    { callback_id: /^iis-expert-/ },
    async ({ ack, body, view, client }) => {
      const ticket = TicketId.safeParse(view.private_metadata);
      const user = body.user.id;
      if (!ticket.success) {
        await ack();
        return;
      }
      const id = ticket.data;
      const values = valuesOf(view);
      const refuse = (block: string, text: string) =>
        ack({ response_action: 'errors', errors: { [block]: text } });
      if (view.callback_id === EXPERT_VIEWS.answer) {
        const result = await desk.answer(id, personOf(user), values.answer ?? '');
        if (!result.ok) {
          await refuse('answer', PROBLEM_TEXT[result.problem]);
          return;
        }
        await ack();
        const t = result.ticket;
        await portsOf(client).updateTicket(t);
        const said = `${t.asker.name} answered (ticket ${t.id}): "${escapeMrkdwn(latestText(t))}"`;
        await inTicketThread(client, t, said);
        return;
      }
      if (!channel || !(await isExpert(client, user))) {
        await refuse(Object.keys(values)[0] ?? 'note', EXPERTS_ONLY);
        return;
      }
      const expert = personOf(user);
      const isResolve = view.callback_id === EXPERT_VIEWS.resolve;
      const result = isResolve
        ? await desk.resolve(id, expert, {
            cause: values.cause ?? '',
            other: values.other ?? '',
            note: values.note ?? '',
          })
        : await desk.ask(id, expert, values.question ?? '');
      if (!result.ok && (result.problem === 'no-cause' || result.problem === 'empty')) {
        const block = isResolve ? (values.cause === OTHER_CAUSE ? 'other' : 'cause') : 'question';
        await refuse(block, PROBLEM_TEXT[result.problem]);
        return;
      }
      await ack();
      const said = await relay.relay(
        portsOf(client),
        result,
        isResolve ? 'resolve' : 'ask',
        expert,
      );
      const t = result.ok ? result.ticket : undefined;
      if (said && t) await inTicketThread(client, t, said);
      else if (said) await client.chat.postMessage({ channel: user, text: said });
    },
  );

  return { ask, isOn: channel !== undefined };
};

export type SlackExperts = ReturnType<typeof registerSlackExperts>;
