import { z } from 'zod';
import { AppError } from './errors.js';

const optional = z.string().trim().optional();

/** A whole number of up to `digits` digits and at most `max`, named `what` in the error. */
const count = (digits: number, what: string, max = Infinity) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^\\d{1,${digits}}$`), what)
    .transform(Number)
    .refine((n) => n <= max, `at most ${max}`)
    .optional();

const EnvSchema = z.object({
  MicrosoftAppId: optional,
  MicrosoftAppPassword: optional,
  MicrosoftAppTenantId: optional,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  PORT: count(5, 'a port number', 65535),
  HOST: optional,
  STATE_CONNECTION_STRING: optional,
  STATE_CONTAINER: z
    .string()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/, 'an Azure container name')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRIAGE_API_KEY: optional,
  TRIAGE_API_OPEN: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'true or false' })
    .transform((v) => ['true', '1', 'yes'].includes(v))
    .optional(),
  KNOWLEDGE_DIR: optional,
  FILE_MAX_BYTES: count(12, 'a number of bytes'),
  SHUTDOWN_GRACE_MS: count(7, 'milliseconds'),
  EXPERT_TEAMS_CHANNEL: optional,
  EXPERT_SLACK_CHANNEL: z
    .string()
    .trim()
    .regex(/^[CG][A-Z0-9]{2,20}$/, 'a Slack channel id (C..., from the channel details)')
    .optional(),
  RETENTION_DAYS: count(5, 'a number of days', 36_500).refine((n) => n === undefined || n > 0, {
    message: 'at least 1',
  }),
  LOCAL_CASES: optional,
  ENGINE_POOL_THREADS: count(2, 'a number of threads', 64).refine((n) => n !== 0, 'at least 1'),
  SLACK_BOT_TOKEN: optional.refine(
    (t) => t === undefined || t.startsWith('xoxb-'),
    'must be a bot token (xoxb-...), from OAuth & Permissions',
  ),
  SLACK_APP_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_MODE: z.enum(['socket', 'http'], { error: 'socket or http' }).optional(),
  SLACK_PORT: count(5, 'a port number', 65535),
});

export interface SlackConfig {
  mode: 'socket' | 'http';
  /** Bot token (xoxb-...): Web API calls and file downloads. */
  botToken: string;
  /** App-level token (xapp-..., connections:write): Socket Mode only. */
  appToken?: string;
  /** Signing secret: HTTP mode only, verifies every request came from Slack. */
  signingSecret?: string;
  /** HTTP mode: the port of Slack's own listener (events and interactivity on /slack/events). */
  port: number;
  /** Largest log file read from a file share (bytes). */
  fileMaxBytes: number;
}

/** Slack on, with its config, or off with the reason (logged at start-up). */
export type SlackSetting =
  { enabled: true; config: SlackConfig } | { enabled: false; reason: string };

/** A Teams channel: its id (19:...@thread.tacv2), and its name when the setting was a link. */
export interface TeamsChannel {
  id: string;
  name?: string;
}

export const DEFAULT_PORT = 3978;
export const DEFAULT_CONTAINER = 'iis-triage-state';
export const DEFAULT_FILE_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
export const DEFAULT_RETENTION_DAYS = 180;
export const DEFAULT_SLACK_PORT = 3979;

const CHANNEL_LINK =
  /^https:\/\/teams\.microsoft\.com\/l\/channel\/([^/?#]{3,400})\/([^/?#]{0,400})/;
const CHANNEL_ID = /^[A-Za-z0-9:_.@-]{3,200}$/;

/**
 * EXPERT_TEAMS_CHANNEL as an id: the id itself, or the channel's link (Teams: the channel's "..."
 * menu, "Get link to channel"), which carries the id and the name URL-encoded.
 */
export const readTeamsChannel = (value: string): TeamsChannel | string => {
  const link = CHANNEL_LINK.exec(value);
  if (link) {
    let id: string;
    let name: string;
    try {
      id = decodeURIComponent(link[1]!);
      name = decodeURIComponent(link[2]!);
    } catch {
      return 'a link whose channel id is not URL-encoded text';
    }
    if (!CHANNEL_ID.test(id)) return 'a link without a Teams channel id in it';
    return name.trim() ? { id, name: name.trim().slice(0, 100) } : { id };
  }
  return CHANNEL_ID.test(value)
    ? { id: value }
    : "a Teams channel id (19:...@thread.tacv2) or the channel's link";
};

type Env = z.infer<typeof EnvSchema>;
export type LogLevel = Env['LOG_LEVEL'];

/** Missing tokens keep Slack off (a value); a token of the wrong kind is a deployment error. */
const slackSetting = (e: Env, fileMaxBytes: number): SlackSetting => {
  const mode = e.SLACK_MODE ?? (e.SLACK_APP_TOKEN || !e.SLACK_SIGNING_SECRET ? 'socket' : 'http');
  if (!e.SLACK_BOT_TOKEN) return { enabled: false, reason: 'SLACK_BOT_TOKEN is not set' };
  if (mode === 'socket' && !e.SLACK_APP_TOKEN) {
    return {
      enabled: false,
      reason: 'SLACK_APP_TOKEN is not set (Socket Mode needs an app-level token)',
    };
  }
  if (mode === 'http' && !e.SLACK_SIGNING_SECRET) {
    return { enabled: false, reason: 'SLACK_SIGNING_SECRET is not set (SLACK_MODE=http needs it)' };
  }
  if (mode === 'socket' && !e.SLACK_APP_TOKEN?.startsWith('xapp-')) {
    throw new AppError(
      'E_CONFIG',
      'SLACK_APP_TOKEN must be an app-level token (xapp-...) with connections:write',
    );
  }
  return {
    enabled: true,
    config: {
      mode,
      botToken: e.SLACK_BOT_TOKEN,
      ...(mode === 'socket'
        ? { appToken: e.SLACK_APP_TOKEN }
        : { signingSecret: e.SLACK_SIGNING_SECRET }),
      port: e.SLACK_PORT ?? DEFAULT_SLACK_PORT,
      fileMaxBytes,
    },
  };
};

/** Reads the environment once into a typed Config; bad values are a deployment error (E_CONFIG). */
export const loadConfig = (env: Record<string, string | undefined>) => {
  // empty values (a copied .env.example) mean "not set"
  const set = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = EnvSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('E_CONFIG', `invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // new Azure Bot registrations are single-tenant; a tenant id without a type means that
  const appType = e.MicrosoftAppType ?? (e.MicrosoftAppTenantId ? 'SingleTenant' : 'MultiTenant');
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && appType !== 'UserAssignedMSI') {
    throw new AppError(
      'E_CONFIG',
      'MicrosoftAppId is set but MicrosoftAppPassword is not (needed unless MicrosoftAppType=UserAssignedMSI)',
    );
  }
  if (appType === 'SingleTenant' && !e.MicrosoftAppTenantId) {
    throw new AppError('E_CONFIG', 'MicrosoftAppType=SingleTenant needs MicrosoftAppTenantId');
  }
  const isLocal = e.MicrosoftAppId === undefined;
  const teamsChannel =
    e.EXPERT_TEAMS_CHANNEL === undefined ? undefined : readTeamsChannel(e.EXPERT_TEAMS_CHANNEL);
  if (typeof teamsChannel === 'string') {
    throw new AppError('E_CONFIG', `invalid environment:\nEXPERT_TEAMS_CHANNEL: ${teamsChannel}`);
  }
  const fileMaxBytes = e.FILE_MAX_BYTES ?? DEFAULT_FILE_MAX_BYTES;
  return {
    /** Bot Framework identity; all undefined = local, unauthenticated (Agents Playground, curl). */
    bot: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      tenantId: e.MicrosoftAppTenantId,
      appType,
    },
    port: e.PORT ?? DEFAULT_PORT,
    /** Interface to listen on: HOST, else 127.0.0.1 without an app id (local only), else all. */
    host: e.HOST ?? (isLocal ? '127.0.0.1' : '0.0.0.0'),
    /** Azure Blob Storage for conversation state; memory when connectionString is undefined. */
    state: {
      connectionString: e.STATE_CONNECTION_STRING,
      container: e.STATE_CONTAINER ?? DEFAULT_CONTAINER,
    },
    logLevel: e.LOG_LEVEL,
    /** Bearer key required on /api/triage when set. */
    triageApiKey: e.TRIAGE_API_KEY,
    /**
     * Who may use /api/triage: anyone who reaches the port (local runs, or TRIAGE_API_OPEN=true),
     * holders of TRIAGE_API_KEY, or nobody (an app id, no key, not opened: the bot is public).
     */
    triageApi: e.TRIAGE_API_KEY
      ? ('key' as const)
      : (e.TRIAGE_API_OPEN ?? isLocal)
        ? ('open' as const)
        : ('off' as const),
    /** Knowledge folder; the loader's default when undefined. */
    knowledgeDir: e.KNOWLEDGE_DIR,
    /** Largest log file a user may send (bytes). */
    fileMaxBytes,
    /** On SIGTERM/SIGINT, how long requests in flight may take before they are cut. */
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS ?? DEFAULT_SHUTDOWN_GRACE_MS,
    /** Most threads that diagnose inputs over 8,000 characters; the engine's default when undefined. */
    enginePoolThreads: e.ENGINE_POOL_THREADS,
    /** Slack's front door: on with SLACK_BOT_TOKEN plus SLACK_APP_TOKEN or SLACK_SIGNING_SECRET. */
    slack: slackSetting(e, fileMaxBytes),
    /** Where "Ask an expert" posts tickets; a channel left out turns the button off there. */
    experts: {
      ...(teamsChannel ? { teams: teamsChannel } : {}),
      ...(e.EXPERT_SLACK_CHANNEL ? { slack: e.EXPERT_SLACK_CHANNEL } : {}),
    },
    /** How long kept records (resolved tickets, feedback, unsure answers) are kept, in days. */
    retentionDays: e.RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS,
    /** A JSON Lines file of the organisation's confirmed cases the ranking also learns from. */
    ...(e.LOCAL_CASES ? { localCases: e.LOCAL_CASES } : {}),
  };
};

export type Config = ReturnType<typeof loadConfig>;

/** True for a HOST only this machine can reach. */
export const isLoopbackHost = (host: string): boolean =>
  ['127.0.0.1', '::1', 'localhost'].includes(host);

/** True when the bot has no Bot Framework identity: only local clients can talk to it. */
export const isLocalOnly = (config: Config): boolean => config.bot.appId === undefined;
