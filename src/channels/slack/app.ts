import { App, type BlockAction, type ButtonAction, type Receiver, type webApi } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import { ACTION_ID_PREFIX } from '../../render/index.js';
import type { StateStore } from '../../state/index.js';
import { createConversations, type KnowledgeStatus } from '../bot-seam.js';
import { createExpertDesk } from '../expert/index.js';
import { boltLogger } from './bolt-logger.js';
import type { SlackConfig } from '../../config.js';
import { isDirect, placeOf, readIncoming } from './events.js';
import { registerSlackExperts } from './expert.js';
import { registerTriageShortcut } from './shortcut.js';
import { SlackThreads } from './threads.js';
import { mentions } from './text.js';
import { createSlackTurns } from './turns.js';

export interface SlackDeps {
  /** The knowledge as the server sees it (loading, ready or failed). */
  knowledge: () => KnowledgeStatus;
  store: StateStore;
  logger: Logger;
  now?: () => number;
  /** Tests: the file host downloads come from (a local server). */
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

const ACTION_ID = new RegExp(`^${ACTION_ID_PREFIX}`);

/** Bolt app: mentions, DMs and thread follow-ups -> the engine -> Block Kit in the same thread. */
export const createSlackApp = (
  config: SlackConfig,
  deps: SlackDeps,
  options: SlackAppOptions = {},
): App => {
  const logger = deps.logger.child({ channel: 'slack' });
  const now = deps.now ?? Date.now;
  const conversations = createConversations({
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
    logger,
  });

  const { answer, click } = createSlackTurns({
    config,
    conversations,
    threads,
    desk,
    experts,
    logger,
    now,
    fileOrigins: deps.fileOrigins,
  });

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
      await click(body, action, client);
    },
  );

  registerTriageShortcut(app, { knowledge: deps.knowledge, store: deps.store, logger, now });

  app.error(async (err) => {
    logger.error({ err }, 'slack: unhandled error');
    return Promise.resolve();
  });

  return app;
};
