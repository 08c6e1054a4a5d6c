import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config.js';

/**
 * botbuilder's CloudAdapter with its request step opened up: we read and check the HTTP body
 * ourselves (JSON errors, limits) and hand over the activity, instead of `process(req, res)`.
 */
export class TriageAdapter extends CloudAdapter {
  constructor(bot: Config['bot']) {
    const options = {
      MicrosoftAppId: bot.appId,
      MicrosoftAppPassword: bot.appPassword,
      MicrosoftAppType: bot.appId ? bot.appType : undefined,
      MicrosoftAppTenantId: bot.tenantId,
    };
    super(
      new ConfigurationBotFrameworkAuthentication(
        { MicrosoftAppId: bot.appId, MicrosoftAppTenantId: bot.tenantId },
        new ConfigurationServiceClientCredentialFactory(options),
      ),
    );
  }

  /** Authenticates (when an app id is configured) and runs one activity through the bot. */
  handle(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}
