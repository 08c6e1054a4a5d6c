import { Writable } from 'node:stream';
import type { Activity } from 'botbuilder';
import { loadConfig, type Config } from '../../src/config.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { AdaptiveCard, CardElement, SubmitAction } from '../../src/render/index.js';
import { startServer, type RunningServer, type ServerDeps } from '../../src/server/index.js';

let knowledge: Promise<Knowledge> | undefined;
/** The real knowledge folder, loaded once per test file. */
export const realKnowledge = (): Promise<Knowledge> => (knowledge ??= loadKnowledge());

/** A pino logger writing JSON lines into an array (tests read what was logged). */
export const captureLogger = (
  level: 'info' | 'debug' = 'debug',
): { logger: Logger; lines: string[] } => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), lines };
};

export const testConfig = (env: Record<string, string> = {}): Config =>
  loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });

/** The real server on a free loopback port, with the real knowledge unless told otherwise. */
export const startTestServer = async (
  options: { env?: Record<string, string> } & Partial<Omit<ServerDeps, 'config'>> = {},
): Promise<RunningServer & { logs: string[] }> => {
  const { env, ...overrides } = options;
  const captured = captureLogger();
  const running = await startServer(testConfig(env), {
    logger: captured.logger,
    loadKnowledge: realKnowledge,
    ...overrides,
  });
  await running.app.ready;
  return { ...running, logs: captured.lines };
};

export const BOT = { id: '28:bot-app-id', name: 'iis-triage' };
export const USER = { id: '29:user-1', name: 'Megan Bowen', aadObjectId: 'aad-user-1' };

let seq = 0;
/** A Teams-shaped message activity (personal chat unless told otherwise). */
export const teamsMessage = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'message',
  id: `msg-${++seq}`,
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  timestamp: '2024-05-02T08:15:00.000Z',
  from: USER,
  recipient: BOT,
  conversation: { id: 'a:personal-1', conversationType: 'personal', tenantId: 'tenant-1' },
  channelData: { tenant: { id: 'tenant-1' } },
  locale: 'en-US',
  deliveryMode: 'expectReplies',
  ...over,
});

export const postJson = async (
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; text: string }> => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // a non-JSON body stays in `text` for the assertion to show
    json = undefined;
  }
  return { status: res.status, json, text };
};

/** Sends an activity with expectReplies and returns the activities the bot answered with. */
export const exchange = async (
  base: string,
  activity: Record<string, unknown>,
): Promise<Partial<Activity>[]> => {
  const res = await postJson(`${base}/api/messages`, activity);
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 300)}`);
  return (res.json as { activities: Partial<Activity>[] }).activities;
};

export const cardOf = (activity: Partial<Activity> | undefined): AdaptiveCard => {
  const attachment = activity?.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`no Adaptive Card in ${JSON.stringify(activity).slice(0, 300)}`);
  }
  return attachment.content as AdaptiveCard;
};

const walk = (elements: readonly CardElement[]): CardElement[] =>
  elements.flatMap((e) => [
    e,
    ...(e.type === 'Container' ? walk(e.items) : []),
    ...(e.type === 'ColumnSet' ? e.columns.flatMap((c) => walk(c.items)) : []),
  ]);

export const cardTexts = (card: AdaptiveCard): string =>
  walk(card.body)
    .flatMap((e) => (e.type === 'TextBlock' ? [e.text] : []))
    .join('\n');

export const cardButtons = (card: AdaptiveCard): SubmitAction[] =>
  [
    ...walk(card.body).flatMap((e) => (e.type === 'ActionSet' ? e.actions : [])),
    ...(card.actions ?? []),
  ].filter((a): a is SubmitAction => a.type === 'Action.Submit');

export const LOG_401_2_5 = '2024-01-01 10:00:00 GET /app 401 2 5';
export const LOG_401_1_1326 =
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 401 1 1326 31';
