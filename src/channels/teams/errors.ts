import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Logger } from '../../logger.js';
import { APOLOGY, type TriageConversations } from '../bot-seam.js';
import { refOf } from './conversation.js';

const describe = (e: unknown): { name: string; message: string; stack?: string } =>
  e instanceof Error
    ? {
        name: e.name,
        message: e.message.slice(0, 500),
        stack: e.stack?.split('\n').slice(0, 8).join('\n'),
      }
    : { name: 'unknown', message: String(e).slice(0, 200) };

/**
 * The adapter's onTurnError: log with the activity id; for a message, clear that conversation and
 * apologise briefly. Anything else (an invoke, an update) never changed the conversation, so it is
 * left as it was; an invoke gets an error status instead of botbuilder's "not implemented".
 */
export const createTurnErrorHandler =
  (deps: { conversations: TriageConversations; logger: Logger }) =>
  async (context: TurnContext, error: Error): Promise<void> => {
    const { activity } = context;
    deps.logger.error(
      {
        activityId: activity.id,
        channelId: activity.channelId,
        type: activity.type,
        err: describe(error),
      },
      'turn failed',
    );
    if (activity.type === 'invoke') {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 500, body: { error: { code: 'internal', message: 'the bot failed' } } },
      });
      return;
    }
    if (activity.type !== 'message') return;
    try {
      await deps.conversations.reset(refOf(activity));
    } catch (e) {
      deps.logger.error({ activityId: activity.id, err: describe(e) }, 'could not clear state');
    }
    try {
      await context.sendActivity(APOLOGY);
    } catch (e) {
      deps.logger.error({ activityId: activity.id, err: describe(e) }, 'could not apologise');
    }
  };
