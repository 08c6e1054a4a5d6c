import { App, type BlockAction, type ButtonAction, type Receiver, type webApi } from '@slack/bolt';
import { readAction, type Action, type Reply } from '../../dialog/index.js';
import type { Logger } from '../../logger.js';
// render/index.ts does not re-export the Block Kit renderer yet (owned by the render folder's lead).
import { renderBlocks } from '../../render/blocks.js';
import { ACTION_ID_PREFIX } from '../../render/blocks-types.js';
import type { StateStore } from '../../state/index.js';
import {
  createConversations,
  noticeReply,
  type KnowledgeStatus,
  type TriageConversations,
} from '../bot-seam.js';
import {
  createExpertDesk,
  offersExpert,
  parseExpertCommand,
  unsureReason,
} from '../expert/index.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackConfig } from './config.js';
import { isDirect, placeOf, readIncoming, type Incoming, type Place } from './events.js';
import { registerSlackExperts } from './expert.js';
import { askExpertBlock } from './expert-blocks.js';
import { describeFileProblem, downloadSlackFile } from './files.js';
import { registerTriageShortcut } from './shortcut.js';
import { chosenBlocks, refOf, SlackThreads } from './threads.js';
import { MAX_TEXT_CHARS, mentions, normaliseSlackText } from './text.js';

type WebClient = webApi.WebClient;

export interface SlackDeps {
  /** The knowledge as the server sees it (loading, ready or failed). */
  knowledge: () => KnowledgeStatus;
  store: StateStore;
  logger: Logger;
  now?: () => number;
  /** A whole log file -> a reply (the W3C summary); when absent the text goes through a turn. */
  /** File downloads (tests inject one, or point `fileOrigins` at a local server). */
  fetch?: typeof fetch;
  fileOrigins?: readonly string[];
  /** EXPERT_SLACK_CHANNEL: where "Ask an expert" posts tickets; off when undefined. */
  expertChannel?: string;
}

/** Test seams: a receiver that never connects, a Web API pointed at a local fake, a known bot user. */
export interface SlackAppOptions {
  receiver?: Receiver;
  clientOptions?: webApi.WebClientOptions;
  botUserId?: string;
  botId?: string;
}

export const APOLOGY =
  'Sorry, something went wrong on my side. I have cleared this conversation; please send your message again.';

const ACTION_ID = new RegExp(`^${ACTION_ID_PREFIX}`);
/** Feedback is asked on answers that settle something, not on every step of the questioning. */
export const wantsFeedback = (reply: Reply): boolean =>
  reply.kind === 'resolved' || (reply.kind === 'diagnosis' && !reply.question);

/** A button's value is the Action as JSON, validated like a Teams card submit; else undefined. */
const actionOf = (value: string | undefined): Action | undefined => {
  if (!value || value.length > 2000) return undefined;
  try {
    return readAction(JSON.parse(value));
  } catch {
    return undefined; // not JSON: not one of our buttons
  }
};

/** What the log says of an answer: its kind, the causes by id and how many codes (no user text). */
const replyLog = (reply: Reply) => ({
  kind: reply.kind,
  causes: reply.causes.map((c) => c.id),
  codes: reply.codes.length,
});

const withNotes = (reply: Reply, notes: string[]): Reply =>
  notes.length ? { ...reply, notes: [...notes, ...reply.notes] } : reply;

const thread = (place: Place) => (place.threadTs ? { thread_ts: place.threadTs } : {});

/** Bolt app: mentions, DMs and thread follow-ups -> the engine -> Block Kit in the same thread. */
export const createSlackApp = (
  config: SlackConfig,
  deps: SlackDeps,
  options: SlackAppOptions = {},
): App => {
  const logger = deps.logger.child({ channel: 'slack' });
  const now = deps.now ?? Date.now;
  const conversations: TriageConversations = createConversations({
    knowledge: deps.knowledge,
    store: deps.store,
    now,
    logger,
  });
  const threads = new SlackThreads(deps.store, conversations, logger, now);
  const desk = createExpertDesk({ knowledge: deps.knowledge, store: deps.store, now, logger });
  const app = new App({
    token: config.botToken,
    receiver: options.receiver,
    botUserId: options.botUserId,
    botId: options.botId,
    tokenVerificationEnabled: options.botUserId === undefined,
    // auth.test runs in app.init() (awaited by startSlack), not as a promise nobody awaits
    deferInitialization: options.botUserId === undefined,
    logger: boltLogger(deps.logger),
    convoStore: false,
    clientOptions: {
      retryConfig: { retries: 2, factor: 2, minTimeout: 500 },
      ...options.clientOptions,
    },
  });

  const experts = registerSlackExperts(app, {
    desk,
    store: deps.store,
    channel: deps.expertChannel,
    knowledge: () => {
      const s = deps.knowledge();
      return s.state === 'ready' ? s.knowledge : undefined;
    },
    logger,
  });

  /** The answer's messages; the last carries "Ask an expert" (primary when the bot was unsure). */
  const post = async (client: WebClient, place: Place, reply: Reply): Promise<void> => {
    const messages = renderBlocks(reply, { feedback: wantsFeedback(reply) });
    const last = messages[messages.length - 1];
    if (experts.isOn && last && offersExpert(reply.kind) && last.blocks.length < 50) {
      const unsure = unsureReason(reply.kind, reply.causes[0]?.score ?? null) !== null;
      last.blocks.push(askExpertBlock(unsure));
    }
    for (const message of messages) {
      await client.chat.postMessage({
        channel: place.channel,
        ...thread(place),
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  };

  /** The one catch of a Slack turn: log with the event id, clear the conversation, apologise in place. */
  const guarded = async (
    eventId: string,
    client: WebClient,
    place: Place,
    run: () => Promise<void>,
  ): Promise<void> => {
    try {
      await run();
    } catch (err) {
      logger.error(
        { err, eventId, conversation: refOf(place).conversationId },
        'slack turn failed',
      );
      await conversations
        .reset(refOf(place))
        .catch((e: unknown) => logger.error({ err: e, eventId }, 'slack state not cleared'));
      await client.chat
        .postMessage({ channel: place.channel, ...thread(place), text: APOLOGY })
        .catch((e: unknown) => logger.error({ err: e, eventId }, 'slack apology not posted'));
    }
  };

  /** The first readable log file -> a reply (summary or turn); what could not be read -> notes. */
  const answerFiles = async (m: Incoming, text: string, token: string, place: Place) => {
    const notes: string[] = [];
    for (const file of m.files) {
      const result = await downloadSlackFile(file, {
        botToken: token,
        maxBytes: config.fileMaxBytes,
        fetch: deps.fetch,
        origins: deps.fileOrigins,
      });
      logger.info(
        { file: file.id, result: result.kind, bytes: result.kind === 'text' ? result.bytes : null },
        'slack file',
      );
      if (result.kind !== 'text') {
        notes.push(describeFileProblem(result));
        continue;
      }
      // a log file is answered as Teams answers one: the dialogue's reply, led by the file's summary
      const answered = await conversations.respondToFile(
        refOf(place),
        result.text,
        result.name,
        text,
      );
      return withNotes(
        { ...answered.reply, notes: [...answered.summary, ...answered.reply.notes] },
        notes,
      );
    }
    if (text) return withNotes(await conversations.respond(refOf(place), text), notes);
    return noticeReply('file-unread', 'I could not read the file you shared.', notes);
  };

  const answer = async (
    m: Incoming,
    eventId: string,
    client: WebClient,
    token: string,
    via: string,
  ): Promise<void> => {
    const place = placeOf(m);
    await guarded(eventId, client, place, async () => {
      const started = now();
      await threads.expireIdle(place);
      const { text, truncated } = normaliseSlackText(m.text);
      const notes = truncated
        ? [
            `Only the first ${MAX_TEXT_CHARS.toLocaleString('en')} characters of your message were read.`,
          ]
        : [];
      const command = m.files.length ? null : parseExpertCommand(text);
      if (command === 'ask-expert') {
        await experts.ask(client, place, m.user ?? 'unknown');
        return;
      }
      if (command === 'forget-me' && m.user) {
        const text = await experts.relay.forget(m.user, 'slack', () =>
          conversations.reset(refOf(place)),
        );
        await client.chat.postMessage({ channel: place.channel, ...thread(place), text });
        return;
      }
      const reply = m.files.length
        ? await answerFiles(m, text, token, place)
        : await conversations.respond(refOf(place), text || 'help');
      await post(client, place, withNotes(reply, notes));
      const unsure = unsureReason(reply.kind, reply.causes[0]?.score ?? null);
      if (unsure && m.user) await desk.keepUnsure(refOf(place), m.user, reply.id, unsure);
      logger.info(
        {
          eventId,
          via,
          input: { chars: text.length, files: m.files.length },
          reply: replyLog(reply),
          ms: now() - started,
        },
        'answered',
      );
    });
  };

  app.event('app_mention', async ({ event, body, client, context }) => {
    const m = readIncoming(event, body.team_id);
    // DMs arrive as message.im; other bots are not answered.
    if (!m || m.botId || isDirect(m.channel, m.channelType)) return;
    if (!threads.firstTime(body.event_id)) return;
    await answer(m, body.event_id, client, context.botToken ?? config.botToken, 'mention');
  });

  app.event('message', async ({ event, body, client, context }) => {
    const m = readIncoming(event, body.team_id);
    if (!m || m.botId || (m.subtype !== null && m.subtype !== 'file_share')) return;
    const place = placeOf(m);
    if (!place.isDirect) {
      // Channels: only follow-ups in a thread the bot is answering; mentions come as app_mention.
      if (!m.threadTs || (context.botUserId && mentions(m.text, context.botUserId))) return;
      if (!(await threads.isActive(place))) return;
    }
    if (!threads.firstTime(body.event_id)) return;
    const via = place.isDirect ? 'dm' : 'thread';
    await answer(m, body.event_id, client, context.botToken ?? config.botToken, via);
  });

  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: ACTION_ID },
    async ({ ack, body, action, client }) => {
      await ack(); // within Slack's 3 s, before any work
      const channel = body.channel?.id;
      const message = body.message;
      const team = body.team?.id ?? body.user.team_id;
      if (!channel || !message || !team) return;
      const direct = isDirect(channel, null);
      const threadTs =
        typeof message.thread_ts === 'string' ? message.thread_ts : direct ? null : message.ts;
      const place: Place = { team, channel, threadTs, isDirect: direct };
      const eventId = `action:${body.trigger_id}`;
      const input = actionOf(action.value);
      if (!input) {
        logger.warn({ eventId, actionId: action.action_id.slice(0, 100) }, 'slack button ignored');
        return;
      }
      await guarded(eventId, client, place, async () => {
        const started = now();
        const chosen =
          input.type === 'feedback'
            ? `:pray: Thanks for the feedback, <@${body.user.id}>.`
            : `:white_check_mark: <@${body.user.id}> chose *${action.text.text.replace(/[&<>*]/g, '')}*`;
        const blocks = chosenBlocks(
          message.blocks,
          action.block_id,
          chosen,
          input.type !== 'feedback',
        );
        if (blocks) {
          await client.chat
            .update({ channel, ts: message.ts, text: message.text ?? '', blocks })
            .catch((e: unknown) => logger.warn({ err: e, eventId }, 'slack buttons not updated'));
        }
        if (input.type === 'feedback') {
          const feedback = await conversations.recordFeedback(refOf(place), body.user.id, {
            messageId: message.ts,
            answerId: input.answerId,
            reaction: input.helpful ? 'like' : 'dislike',
          });
          // kept for review (with the conversation and the ranking) when the expert loop is on
          if (experts.isOn) await desk.keepFeedback(refOf(place), body.user.id, feedback);
          return;
        }
        const reply = await conversations.respond(refOf(place), input);
        await post(client, place, reply);
        logger.info(
          {
            eventId,
            via: 'button',
            input: { action: input.type },
            reply: replyLog(reply),
            ms: now() - started,
          },
          'answered',
        );
      });
    },
  );

  registerTriageShortcut(app, { knowledge: deps.knowledge, store: deps.store, logger, now });

  app.error(async (err) => {
    logger.error({ err }, 'slack: unhandled error');
    return Promise.resolve();
  });

  return app;
};
