import type { App, BlockAction, ButtonAction, ViewSubmitAction, webApi } from '@slack/bolt';
import { isAppError } from '../../errors.js';
import type { Knowledge } from '../../knowledge/index.js';
import type { Logger } from '../../logger.js';
import { renderBlocks } from '../../render/blocks.js';
import type { SlackBlock } from '../../render/blocks-types.js';
import { readTicket, type Person, type StateStore, type TicketRecord } from '../../state/index.js';
import { renderNoteBlocks } from '../../triage/index.js';
import {
  MAX_NOTE,
  MAX_OTHER,
  MAX_RELAYED,
  OTHER_CAUSE,
  PROBLEM_TEXT,
  TicketId,
  type DeskResult,
  type ExpertDesk,
} from '../expert/index.js';
import { confirmedCause, eventLines, statusText, when } from '../expert/view.js';
import { isDirect, type Place } from './events.js';
import { refOf } from './threads.js';

type WebClient = webApi.WebClient;

/** action_ids of the expert loop (outside the engine's `iis-triage:` ids). */
export const EXPERT_ACTIONS = {
  ask: 'iis-expert:ask',
  assign: 'iis-expert:assign',
  askUser: 'iis-expert:ask-user',
  resolve: 'iis-expert:resolve',
  answer: 'iis-expert:answer',
} as const;
/** callback_ids of the modals: the expert's question, the resolution, the asker's answer. */
export const EXPERT_VIEWS = {
  askUser: 'iis-expert-ask-user',
  resolve: 'iis-expert-resolve',
  answer: 'iis-expert-answer',
} as const;

export const NOT_SET_UP =
  'Asking an expert is not set up for this bot yet: an administrator sets EXPERT_SLACK_CHANNEL to the experts\u2019 channel id.';
export const NOTHING_YET =
  'Tell me about the problem first (the error, the code or the log lines); then I can pass it to an expert with what I found.';
export const EXPERTS_ONLY = 'Only members of the experts\u2019 channel can act on tickets.';
/** Pages of conversations.members read at most (1,000 members each). */
const MEMBER_PAGES = 10;
/** Slack's limit on a static select's options. */
const MAX_OPTIONS = 100;

export interface SlackExpertDeps {
  desk: ExpertDesk;
  store: StateStore;
  /** The experts' channel id (C...); undefined: the expert loop is off in Slack. */
  channel: string | undefined;
  knowledge: () => Knowledge | undefined;
  logger: Logger;
}

/** Where the asker asked, stored with the ticket to tell them later. */
interface AskerPlace {
  channel: string;
  threadTs?: string;
}

const personOf = (userId: string): Person => ({ id: userId, name: `<@${userId}>` });

const mrkdwn = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
/** Slack's `&`, `<`, `>` escapes, so user text cannot mention or link. */
const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A course line escaped, but the people it names (ours: `<@U...>`) still shown as mentions. */
const escapeLine = (s: string): string =>
  escape(s).replace(/&lt;@([UW][A-Z0-9]{1,20})&gt;/g, '<@$1>');
const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

const button = (text: string, actionId: string, value: string, style?: 'primary') => ({
  type: 'button' as const,
  action_id: actionId,
  text: plain(text),
  value,
  ...(style ? { style } : {}),
});

/** The "Ask an expert" button under an answer: primary when the bot was unsure. */
export const askExpertBlock = (prominent: boolean): SlackBlock => ({
  type: 'actions',
  block_id: 'iis-expert',
  elements: [button('Ask an expert', EXPERT_ACTIONS.ask, 'ask', prominent ? 'primary' : undefined)],
});

/**
 * A ticket as the experts' channel shows it: status, asker, their words, the triage note, its
 * course, the resolution, and while it is not resolved the experts' buttons.
 */
export const ticketBlocks = (
  t: TicketRecord,
  knowledge: Knowledge | undefined,
): { text: string; blocks: SlackBlock[] } => {
  const course = eventLines(t);
  const extra: SlackBlock[] = [];
  if (course.length) {
    extra.push(
      mrkdwn(clip(`*So far*\n${course.map((l) => `• ${escapeLine(l)}`).join('\n')}`, 2900)),
    );
  }
  if (t.resolution) {
    const note = t.resolution.note ? `\n${escape(clip(t.resolution.note, MAX_NOTE))}` : '';
    extra.push(
      mrkdwn(
        `:white_check_mark: *Confirmed cause:* ${escape(confirmedCause(t, knowledge))}${note}\n_${t.resolution.by.name}, ${when(t.resolution.at)}_`,
      ),
    );
  } else {
    extra.push({
      type: 'actions',
      block_id: `iis-expert-ticket`,
      elements: [
        ...(t.status === 'open' ? [button('Assign to me', EXPERT_ACTIONS.assign, t.id)] : []),
        button('Ask the user', EXPERT_ACTIONS.askUser, t.id),
        button('Resolve', EXPERT_ACTIONS.resolve, t.id, 'primary'),
      ],
    });
  }
  const words = t.text.trim() || '(only log lines or codes: see below)';
  const caption = clip(
    `*Expert ticket ${t.id}* · ${statusText(t)} · asked by ${t.asker.name} in Slack, ${when(t.createdAt)}\n>${escape(clip(words, 1500)).replace(/\n/g, '\n>')}`,
    1990,
  );
  const message = renderNoteBlocks(t.note, { caption, extra });
  return { text: `Expert ticket ${t.id}: ${statusText(t)}`, blocks: message.blocks };
};

const modal = (callbackId: string, ticket: string, title: string, submit: string) => ({
  type: 'modal' as const,
  callback_id: callbackId,
  private_metadata: ticket,
  title: plain(title),
  submit: plain(submit),
  close: plain('Cancel'),
});

const textInput = (id: string, label: string, max: number, optional = false) => ({
  type: 'input' as const,
  block_id: id,
  optional,
  label: plain(label),
  element: { type: 'plain_text_input' as const, action_id: id, multiline: true, max_length: max },
});

/** Values of a submitted modal, by block id (text inputs and the cause select). */
const valuesOf = (view: ViewSubmitAction['view']): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [block, actions] of Object.entries(view.state.values)) {
    const a = actions[block];
    out[block] = a?.selected_option?.value ?? a?.value ?? '';
  }
  return out;
};

const describe = (e: unknown): string =>
  e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : 'unknown error';

/**
 * The expert loop in Slack, a thin adapter over the channel-neutral desk: "Ask an expert" posts
 * a ticket in EXPERT_SLACK_CHANNEL; its buttons (members of that channel only) assign, relay a
 * question into the asker's thread (answered in a modal), and resolve with the confirmed cause;
 * the ticket message is updated in place and the asker told in their own thread or DM.
 */
export const registerSlackExperts = (app: App, deps: SlackExpertDeps) => {
  const { desk, channel, logger } = deps;

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

  const refuse = async (client: WebClient, at: string, user: string, ticket?: string) => {
    logger.info({ ticket }, 'ticket action refused: not in the experts channel');
    await client.chat.postEphemeral({ channel: at, user, text: EXPERTS_ONLY });
  };

  const updateTicket = async (client: WebClient, t: TicketRecord): Promise<void> => {
    if (!t.post) return;
    const message = ticketBlocks(t, deps.knowledge());
    await client.chat
      .update({ channel: t.post.conversationId, ts: t.post.activityId, ...message })
      .catch((e: unknown) =>
        logger.warn({ ticket: t.id, err: describe(e) }, 'ticket message not updated'),
      );
  };

  const inTicketThread = async (client: WebClient, t: TicketRecord, text: string) => {
    if (!t.post) return;
    await client.chat.postMessage({
      channel: t.post.conversationId,
      thread_ts: t.post.activityId,
      text,
    });
  };

  /** A message in the asker's thread or DM; false when Slack refused it. */
  const tellAsker = async (
    client: WebClient,
    t: TicketRecord,
    message: { text: string; blocks?: SlackBlock[] },
  ): Promise<boolean> => {
    const at = t.replyTo as Partial<AskerPlace>;
    if (typeof at.channel !== 'string') return false;
    try {
      await client.chat.postMessage({
        channel: at.channel,
        ...(typeof at.threadTs === 'string' ? { thread_ts: at.threadTs } : {}),
        ...message,
        unfurl_links: false,
        unfurl_media: false,
      });
      return true;
    } catch (e) {
      logger.warn({ ticket: t.id, err: describe(e) }, 'asker not reached');
      return false;
    }
  };

  /** Opens a ticket from the conversation in `place` and posts it in the experts' channel. */
  const ask = async (client: WebClient, place: Place, user: string): Promise<void> => {
    const say = (text: string) =>
      client.chat.postMessage({
        channel: place.channel,
        ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
        text,
      });
    if (!channel) {
      await say(NOT_SET_UP);
      return;
    }
    const replyTo: AskerPlace = {
      channel: place.channel,
      ...(place.threadTs ? { threadTs: place.threadTs } : {}),
    };
    const opened = await desk.open({
      ref: refOf(place),
      asker: personOf(user),
      replyTo: { ...replyTo },
    });
    if (opened.kind !== 'opened') {
      await say(
        opened.kind === 'unavailable'
          ? 'I am still loading my knowledge. Try again in a few seconds.'
          : NOTHING_YET,
      );
      return;
    }
    const t = opened.ticket;
    let ts: string | undefined;
    try {
      const r = await client.chat.postMessage({
        channel,
        ...ticketBlocks(t, deps.knowledge()),
        unfurl_links: false,
        unfurl_media: false,
      });
      ts = r.ts;
    } catch (e) {
      logger.warn({ ticket: t.id, err: describe(e) }, 'expert ticket not posted');
    }
    if (!ts) {
      await desk.discard(t.id);
      await say(
        'I could not post in the experts\u2019 channel (is the app invited there?), so no expert has your question yet. Try again later.',
      );
      return;
    }
    await desk.posted(t.id, { conversationId: channel, activityId: ts });
    await say(
      `I sent your question to <#${channel}> as ticket ${t.id}, with what I found so far. When an expert answers, their answer comes here.`,
    );
  };

  /** A desk change by an expert, then the ticket updated and the asker told. */
  const afterChange = async (
    client: WebClient,
    result: DeskResult,
    kind: 'assign' | 'ask' | 'resolve',
    expert: Person,
  ): Promise<string> => {
    if (!result.ok) return PROBLEM_TEXT[result.problem];
    const t = result.ticket;
    await updateTicket(client, t);
    if (kind === 'assign') {
      await tellAsker(client, t, {
        text: `${expert.name} (an expert) is looking at your question (ticket ${t.id}).`,
      });
      return '';
    }
    if (kind === 'ask') {
      const question = t.events[t.events.length - 1]?.text ?? '';
      const text = `${expert.name} (an expert) asks about your question (ticket ${t.id}): ${escape(question)}`;
      const sent = await tellAsker(client, t, {
        text,
        blocks: [
          mrkdwn(text),
          {
            type: 'actions',
            block_id: 'iis-expert-answer',
            elements: [button('Answer', EXPERT_ACTIONS.answer, t.id, 'primary')],
          },
        ],
      });
      return sent
        ? `Sent to ${t.asker.name}; their answer will show on the ticket.`
        : unreachable(t);
    }
    const reply = desk.resolutionReply(t);
    let sent = false;
    if (reply) {
      sent = true;
      for (const m of renderBlocks(reply, { feedback: false })) {
        sent = sent && (await tellAsker(client, t, m));
      }
    }
    return sent ? `Resolved; I sent ${t.asker.name} the answer.` : unreachable(t);
  };

  const unreachable = (t: TicketRecord) =>
    `The ticket is updated, but I could not reach ${t.asker.name} in their conversation (the app may have been removed there).`;

  /** Storage outages become a message, not a failed handler. */
  const guarded = async (ticket: string, run: () => Promise<string>): Promise<string> => {
    try {
      return await run();
    } catch (e) {
      if (!isAppError(e) || e.code !== 'E_STORAGE') throw e;
      logger.error({ err: e.message, ticket }, 'ticket action failed');
      return 'I could not reach my storage, so nothing changed; try again.';
    }
  };

  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: /^iis-expert:/ },
    async ({ ack, body, action, client }) => {
      await ack(); // within Slack's 3 s, before any work
      const at = body.channel?.id;
      const user = body.user.id;
      if (!at) return;
      if (action.action_id === EXPERT_ACTIONS.ask) {
        const message = body.message;
        const team = body.team?.id ?? body.user.team_id ?? 'unknown';
        const direct = isDirect(at, null);
        const threadTs =
          typeof message?.thread_ts === 'string'
            ? message.thread_ts
            : direct
              ? null
              : (message?.ts ?? null);
        await ask(client, { team, channel: at, threadTs, isDirect: direct }, user);
        return;
      }
      const ticket = TicketId.safeParse(action.value);
      if (!ticket.success) return;
      const id = ticket.data;
      if (action.action_id === EXPERT_ACTIONS.answer) {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: {
            ...modal(EXPERT_VIEWS.answer, id, 'Answer the expert', 'Send'),
            blocks: [textInput('answer', 'Your answer', MAX_RELAYED)],
          },
        });
        return;
      }
      if (at !== channel || !(await isExpert(client, user))) {
        await refuse(client, at, user, id);
        return;
      }
      if (action.action_id === EXPERT_ACTIONS.assign) {
        const expert = personOf(user);
        const said = await guarded(id, async () =>
          afterChange(client, await desk.assign(id, expert), 'assign', expert),
        );
        if (said) await client.chat.postEphemeral({ channel: at, user, text: said });
        return;
      }
      if (action.action_id === EXPERT_ACTIONS.askUser) {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: {
            ...modal(EXPERT_VIEWS.askUser, id, 'Ask the user', 'Send'),
            blocks: [textInput('question', 'Your question to the asker', MAX_RELAYED)],
          },
        });
        return;
      }
      if (action.action_id === EXPERT_ACTIONS.resolve) {
        const t = await readTicket(deps.store, id);
        const choices = t ? desk.causeChoices(t) : [];
        const options = [
          ...choices.slice(0, MAX_OPTIONS - 1).map((c) => ({
            text: plain(clip(`${c.title} (${c.id})`, 75)),
            value: c.id,
          })),
          { text: plain('Other (name it below)'), value: OTHER_CAUSE },
        ];
        await client.views.open({
          trigger_id: body.trigger_id,
          view: {
            ...modal(EXPERT_VIEWS.resolve, id, 'Resolve the ticket', 'Resolve'),
            blocks: [
              {
                type: 'input',
                block_id: 'cause',
                label: plain('Confirmed cause'),
                element: { type: 'static_select', action_id: 'cause', options },
              },
              textInput('other', 'Other: the cause in a few words', MAX_OTHER, true),
              textInput(
                'note',
                'Note for the asker (what you found, what fixed it)',
                MAX_NOTE,
                true,
              ),
            ],
          },
        });
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
      if (view.callback_id === EXPERT_VIEWS.answer) {
        const result = await desk.answer(id, personOf(user), values.answer ?? '');
        if (!result.ok) {
          await ack({
            response_action: 'errors',
            errors: { answer: PROBLEM_TEXT[result.problem] },
          });
          return;
        }
        await ack();
        const t = result.ticket;
        await updateTicket(client, t);
        const said = t.events[t.events.length - 1]?.text ?? '';
        await inTicketThread(
          client,
          t,
          `${t.asker.name} answered (ticket ${t.id}): "${escape(said)}"`,
        );
        return;
      }
      if (!channel || !(await isExpert(client, user))) {
        await ack({
          response_action: 'errors',
          errors: { [Object.keys(values)[0] ?? 'note']: EXPERTS_ONLY },
        });
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
        await ack({ response_action: 'errors', errors: { [block]: PROBLEM_TEXT[result.problem] } });
        return;
      }
      await ack();
      const said = await afterChange(client, result, isResolve ? 'resolve' : 'ask', expert);
      const t = result.ok ? result.ticket : undefined;
      if (said && t) await inTicketThread(client, t, said);
      else if (said) await client.chat.postMessage({ channel: user, text: said });
    },
  );

  return { ask, isOn: channel !== undefined };
};
