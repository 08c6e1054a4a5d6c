import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../logger.js';
import type { TriageConversations } from '../bot-seam.js';
import { refOf } from './bot.js';

export const APOLOGY =
  'Sorry, something went wrong on my side. I have cleared this conversation; please send your message again.';

const describe = (e: unknown): { name: string; message: string; stack?: string } =>
  e instanceof Error
    ? {
        name: e.name,
        message: e.message.slice(0, 500),
        stack: e.stack?.split('\n').slice(0, 8).join('\n'),
      }
    : { name: 'unknown', message: String(e).slice(0, 200) };

/** The adapter's onTurnError: log with the activity id, clear that conversation, apologise briefly. */
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
    try {
      await deps.conversations.reset(refOf(activity));
    } catch (e) {
      deps.logger.error({ activityId: activity.id, err: describe(e) }, 'could not clear state');
    }
    if (activity.type !== 'message') return;
    try {
      await context.sendActivity(APOLOGY);
    } catch (e) {
      deps.logger.error({ activityId: activity.id, err: describe(e) }, 'could not apologise');
    }
  };
