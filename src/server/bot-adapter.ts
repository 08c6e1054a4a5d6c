import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config.js';
import { errorLine } from '../errors.js';
import { precheckToken } from './bot-auth.js';
import { CachingBotFrameworkAuthentication } from './bot-clients.js';

export interface BotAuthOptions {
  /** OpenID metadata of the signing keys (default: Bot Framework's; tests use a local server). */
  openIdMetadataUrl?: string;
  /** Longest wait for one token check, fetching the signing keys included (default 5 s). */
  timeoutMs?: number;
  now?: () => number;
  /** Longest time the replies of one turn may take together, retries included (default 10 s). */
  sendTimeoutMs?: number;
}

export type HandleResult =
  { kind: 'refused'; reason: string } | { kind: 'handled'; response: InvokeResponse | undefined };

export const AUTH_TIMEOUT_MS = 5_000;
export const SEND_TIMEOUT_MS = 10_000;
/** Token checks still waiting on the signing keys past their deadline; beyond this, refuse at once. */
const MAX_STALLED_CHECKS = 8;

type Send = (...args: unknown[]) => Promise<unknown>;
const BOUNDED = Symbol('iis-triage.bounded-sends');
const TURN_DEADLINE = Symbol('iis-triage.send-deadline');
/** The deadline of the turn whose replies are being sent (the connector client is shared). */
const turnDeadline = new AsyncLocalStorage<AbortSignal>();

/**
 * Gives each call to the channel's connector the turn's deadline, its retries included: the SDK
 * retries a refused, resetting or silent serviceUrl with back-off and no timeout, which would hold
 * the request open.
 */
const boundSends = (client: unknown, ms: number): void => {
  const conversations = (client as { conversations?: Record<string | symbol, unknown> } | undefined)
    ?.conversations;
  if (!conversations || conversations[BOUNDED]) return;
  conversations[BOUNDED] = true;
  for (const name of ['replyToActivity', 'sendToConversation']) {
    const send = conversations[name];
    if (typeof send !== 'function') continue;
    const original = (send as Send).bind(conversations);
    // (conversationId, [activityId,] activity, options?): options is the argument after the activity
    const at = name === 'replyToActivity' ? 3 : 2;
    conversations[name] = (...args: unknown[]) => {
      const options = (args[at] ?? {}) as { abortSignal?: AbortSignal };
      const deadline = turnDeadline.getStore() ?? AbortSignal.timeout(ms);
      args[at] = {
        ...options,
        abortSignal: options.abortSignal
          ? AbortSignal.any([options.abortSignal, deadline])
          : deadline,
      };
      return original(...args);
    };
  }
};

/**
 * botbuilder's CloudAdapter with its request step opened up: we read and check the HTTP body
 * ourselves (JSON errors, limits) and hand over the activity, instead of `process(req, res)`.
 * Token checks are bounded: a malformed or expired token never reaches the network, and a
 * signing-key fetch that stalls (no network, a black hole) ends in a refusal after `timeoutMs`.
 */
export class TriageAdapter extends CloudAdapter {
  private readonly isAuthEnabled: boolean;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly sendTimeoutMs: number;
  private stalled = 0;

  constructor(bot: Config['bot'], auth: BotAuthOptions = {}) {
    const options = {
      MicrosoftAppId: bot.appId,
      MicrosoftAppPassword: bot.appPassword,
      MicrosoftAppType: bot.appId ? bot.appType : undefined,
      MicrosoftAppTenantId: bot.tenantId,
    };
    // botbuilder takes one custom endpoint as "all endpoints custom": the rest are the public cloud's
    const metadata = auth.openIdMetadataUrl
      ? {
          ToBotFromChannelOpenIdMetadataUrl: auth.openIdMetadataUrl,
          ToBotFromEmulatorOpenIdMetadataUrl: auth.openIdMetadataUrl,
          ValidateAuthority: true,
          ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
          ToChannelFromBotOAuthScope: 'https://api.botframework.com',
          ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
          OAuthUrl: 'https://api.botframework.com',
          CallerId: 'urn:botframework:azure',
        }
      : {};
    super(
      new CachingBotFrameworkAuthentication(
        { MicrosoftAppId: bot.appId, MicrosoftAppTenantId: bot.tenantId, ...metadata },
        new ConfigurationServiceClientCredentialFactory(options),
      ),
    );
    this.isAuthEnabled = bot.appId !== undefined;
    this.timeoutMs = auth.timeoutMs ?? AUTH_TIMEOUT_MS;
    this.now = auth.now ?? Date.now;
    this.sendTimeoutMs = auth.sendTimeoutMs ?? SEND_TIMEOUT_MS;
  }

  override sendActivities(
    context: TurnContext,
    activities: Partial<Activity>[],
  ): Promise<ResourceResponse[]> {
    boundSends(context.turnState.get(this.ConnectorClientKey), this.sendTimeoutMs);
    // one budget for every reply of the turn (typing, answer, the apology after a failure), from
    // the first: a serviceUrl that resets would otherwise get a fresh 10 s for each
    let deadline = context.turnState.get<AbortSignal | undefined>(TURN_DEADLINE);
    if (!deadline) {
      deadline = AbortSignal.timeout(this.sendTimeoutMs);
      context.turnState.set(TURN_DEADLINE, deadline);
    }
    return turnDeadline.run(deadline, () => super.sendActivities(context, activities));
  }

  /** Authenticates (when an app id is configured) and runs one activity through the bot. */
  async handle(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<HandleResult> {
    if (!this.isAuthEnabled) {
      return { kind: 'handled', response: await this.processActivity(authHeader, activity, logic) };
    }
    const check = precheckToken(authHeader, Math.floor(this.now() / 1000));
    if (!check.ok) return { kind: 'refused', reason: check.reason };
    if (this.stalled >= MAX_STALLED_CHECKS) {
      return { kind: 'refused', reason: 'signing keys unreachable; token not checked' };
    }
    const verified = await this.authenticate(activity, authHeader);
    if (!verified.ok) return { kind: 'refused', reason: verified.reason };
    return {
      kind: 'handled',
      response: await this.processActivity(verified.result, activity, logic),
    };
  }

  /** botbuilder's token check (signature, issuer, audience, serviceUrl) within the deadline. */
  private async authenticate(activity: Activity, authHeader: string) {
    const check = this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        this.stalled += 1;
        resolve('timeout');
      }, this.timeoutMs);
    });
    const settled = check.then(
      (result) => ({ ok: true as const, result }),
      (e: unknown) => ({ ok: false as const, reason: errorLine(e) }),
    );
    void settled.then(() => {
      if (timedOut) this.stalled -= 1;
    });
    const first = await Promise.race([settled, deadline]);
    clearTimeout(timer);
    if (first === 'timeout') {
      return { ok: false as const, reason: 'the signing keys could not be fetched in time' };
    }
    return first;
  }
}
