import {
  CloudAdapter,
  TeamsInfo,
  type Activity,
  type ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { TeamsChannel } from '../../config.js';
import { errorLine } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { TicketRecord } from '../../state/index.js';

/**
 * The expert loop's calls to Teams' Bot Connector outside the turn's own reply: a post in the
 * experts' channel, the member look-up that says who may act on a ticket, and messages into
 * another conversation of the bot (the asker's chat, the ticket's thread).
 */

/** The Bot Connector client of a turn (botbuilder names it only through its factory). */
type ConnectorClient = Awaited<
  ReturnType<
    NonNullable<
      Awaited<
        ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
      >['connectorFactory']
    >['create']
  >
>;

/** How long a post to the experts' channel may take (Teams gives a turn ~15 s in all). */
const POST_TIMEOUT_MS = 8_000;

const connector = (context: TurnContext): ConnectorClient => {
  const client = context.turnState.get<ConnectorClient | undefined>(
    context.adapter.ConnectorClientKey,
  );
  if (!client) throw new Error('no connector client in this turn');
  return client;
};

/** Starts a thread in the experts' channel with `activity`; where its first message is. */
export const postInChannel = async (
  context: TurnContext,
  channel: TeamsChannel,
  activity: Partial<Activity>,
): Promise<{ conversationId: string; activityId: string }> => {
  const turn = context.activity;
  const post = await connector(context).conversations.createConversation(
    {
      isGroup: true,
      channelData: { channel: { id: channel.id } },
      activity: activity as Activity,
      bot: turn.recipient,
      tenantId: turn.conversation.tenantId,
    },
    { abortSignal: AbortSignal.timeout(POST_TIMEOUT_MS) },
  );
  return { conversationId: post.id, activityId: post.activityId ?? '' };
};

/**
 * True when the turn comes from the experts' channel, from someone Teams lists as a member of its
 * team (the look-up goes to the Bot Connector; a failed look-up counts as no).
 */
export const isChannelMember = async (
  context: TurnContext,
  channel: TeamsChannel | undefined,
  logger: Logger,
): Promise<boolean> => {
  const a = context.activity;
  const channelData = a.channelData as { channel?: { id?: unknown } } | undefined;
  const inChannel =
    !!channel &&
    (channelData?.channel?.id === channel.id || a.conversation.id.split(';')[0] === channel.id);
  if (!inChannel) return false;
  try {
    await TeamsInfo.getMember(context, a.from.id);
    return true;
  } catch (e) {
    logger.info({ err: errorLine(e) }, 'experts channel member lookup failed');
    return false;
  }
};

/** The thread of the ticket's card, as a conversation to continue. */
export const postReference = (t: TicketRecord): Partial<ConversationReference> | null => {
  if (!t.post) return null;
  const asker = t.replyTo as Partial<ConversationReference>;
  return {
    channelId: asker.channelId,
    serviceUrl: asker.serviceUrl,
    bot: asker.bot,
    conversation: {
      id: t.post.conversationId,
      isGroup: true,
      conversationType: 'channel',
      tenantId: asker.conversation?.tenantId,
      name: '',
    },
  };
};

/** Runs `logic` in another conversation of the same bot (a proactive message). */
export const continueIn = async (
  context: TurnContext,
  appId: string,
  reference: Partial<ConversationReference>,
  logic: (ctx: TurnContext) => Promise<void>,
): Promise<void> => {
  const adapter = context.adapter;
  if (!(adapter instanceof CloudAdapter)) throw new Error('proactive messages need a CloudAdapter');
  await adapter.continueConversationAsync(appId, reference, logic);
};
