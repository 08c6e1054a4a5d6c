import type { App } from '@slack/bolt';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORTCUT_CALLBACK_ID } from '../../src/channels/slack/index.js';
import { BlobStore, MemoryStore, type StateStore } from '../../src/state/index.js';
import { fake, logLines, makeApp, useFakeSlack } from '../channels/slack/harness.js';
import { runCli } from '../cli/run.js';
import { cardButtons, postJson, startTestServer, teamsMessage } from '../server/helpers.js';
import { hasAzurite, useAzurite } from '../state/azurite.js';
import { leakedKinds, SECRET_KINDS } from './secret-kinds.js';

useFakeSlack();

const LINE =
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0 - 401 1 1326 31';
/** A W3C log whose query string and cookie carry some of the kinds. */
const W3C = [
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Cookie) sc-status sc-substatus sc-win32-status time-taken',
  `2024-05-02 08:14:03 10.0.0.5 POST /signin-oidc id_token=B0gusIdT0kenValue1234567890abcdef&password=B0gus,C0mma,T4il2 443 - 10.0.0.23 Mozilla/5.0 .ASPXAUTH=8A2B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F5A6B7C8D9E0F;+ASP.NET_SessionId=b0gussessi0nid0123456789 401 1 1326 31`,
].join('\n');
/**
 * Each kind on its own line beside a log line, each on the line that names the error (where an
 * answer quotes its evidence), then all of them and the W3C log in one message.
 */
const MESSAGES = [
  ...SECRET_KINDS.map(
    (k) => `users get 401.1 on the intranet; here is what we ran:\n${k.line}\n${LINE}`,
  ),
  ...SECRET_KINDS.map((k) => `${k.line} -> HTTP Error 401.1 - Unauthorized`),
  [...SECRET_KINDS.map((k) => k.line), W3C].join('\n'),
];

type Running = Awaited<ReturnType<typeof startTestServer>>;

/** Everything stored under the store's keys, as JSON. */
const storedText = async (store: StateStore, keys: string[]): Promise<string> =>
  JSON.stringify(await Promise.all(keys.map(async (k) => (await store.read(k))?.value)));

/**
 * One Teams conversation per message (answers, buttons pressed, feedback with the message as its
 * comment, "Copy as ticket note"), the message action on each (its dialog card, then "Post in
 * thread"), and /api/triage on each: what each path answered, by path.
 */
const driveServer = async (server: Running): Promise<Record<string, string[]>> => {
  const seen: Record<string, string[]> = {
    'Teams answers': [],
    'Teams ticket note (Copy as ticket note)': [],
    'Teams message action note': [],
    '/api/triage': [],
  };
  const post = async (path: string, activity: Record<string, unknown>) => {
    const res = await postJson(`${server.url}/api/messages`, activity);
    expect(res.status).toBeLessThan(300);
    seen[path]!.push(res.text);
    return res;
  };
  for (const [i, text] of MESSAGES.entries()) {
    const conversation = { id: `a:kinds-${i}`, conversationType: 'personal' };
    const res = await post('Teams answers', teamsMessage({ text, conversation }));
    const answers = (res.json as { activities?: Partial<Activity>[] }).activities ?? [];
    const card = answers.at(-1)?.attachments?.[0]?.content as Parameters<typeof cardButtons>[0];
    const buttons = card ? cardButtons(card) : [];
    for (const button of buttons) {
      const path = /ticket-note/.test(JSON.stringify(button.data))
        ? 'Teams ticket note (Copy as ticket note)'
        : 'Teams answers';
      await post(path, teamsMessage({ value: button.data, conversation }));
    }
    await post('Teams answers', {
      ...teamsMessage({ conversation }),
      type: 'invoke',
      name: 'message/submitAction',
      deliveryMode: undefined,
      value: {
        actionName: 'feedback',
        actionValue: { reaction: 'dislike', feedback: JSON.stringify({ feedbackText: text }) },
      },
    });
    const action = {
      ...teamsMessage({
        conversation: { id: `19:kinds-${i}@thread.tacv2`, conversationType: 'channel' },
      }),
      type: 'invoke',
      name: 'composeExtension/submitAction',
      deliveryMode: undefined,
    };
    const opened = await post('Teams message action note', {
      ...action,
      value: {
        commandId: 'triageNote',
        commandContext: 'message',
        messagePayload: {
          id: `m-${i}`,
          body: { contentType: 'html', content: text.replace(/\n/g, '<br>') },
        },
        data: { context: text },
      },
    });
    const dialog = (opened.json as { task?: { value?: { card?: { content?: unknown } } } }).task
      ?.value?.card?.content as Parameters<typeof cardButtons>[0] | undefined;
    const postButton = dialog ? cardButtons(dialog)[0] : undefined;
    expect(postButton).toBeDefined();
    await post('Teams message action note', {
      ...action,
      deliveryMode: 'expectReplies',
      value: { commandId: 'triageNote', commandContext: 'message', data: postButton!.data },
    });
    const triage = await postJson(`${server.url}/api/triage`, { message: text });
    expect(triage.status).toBe(200);
    seen['/api/triage']!.push(triage.text);
  }
  return seen;
};

const sendSlack = (app: App, text: string, i: number) =>
  app.processEvent({
    body: {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: `Ev-kinds-${i}`,
      event_time: 1,
      event: {
        type: 'app_mention',
        user: 'U2',
        text: `<@UBOT> ${text}`,
        ts: `1700000001.00${100 + i}`,
        channel: 'C1',
        team: 'T1',
      },
    },
    ack: () => Promise.resolve(),
  });

const slackShortcut = (app: App, text: string, i: number) =>
  app.processEvent({
    body: {
      type: 'message_action',
      callback_id: SHORTCUT_CALLBACK_ID,
      trigger_id: `trig-${i}`,
      message_ts: `1700000001.00${100 + i}`,
      response_url: `${fake.origin}/respond/shortcut`,
      message: { type: 'message', user: 'U2', ts: `1700000001.00${100 + i}`, text },
      user: { id: 'U9', name: 'eng', team_id: 'T1' },
      channel: { id: 'C1', name: 'it-help' },
      team: { id: 'T1', domain: 'contoso' },
      token: 'legacy',
      action_ts: '1700000002.1',
    },
    ack: () => Promise.resolve(),
  });

/** What every path showed, stored or logged, by path; filled once before the table runs. */
const seen: Record<string, string> = {};
const memory = new MemoryStore();

beforeAll(async () => {
  const server = await startTestServer({ store: memory });
  try {
    for (const [path, texts] of Object.entries(await driveServer(server)))
      seen[path] = texts.join('\n');
  } finally {
    await server.close();
  }
  seen['Teams and API logs (debug)'] = server.logs.join('\n');
  const keys = memory.keys();
  seen['stored conversations (memory)'] = await storedText(
    memory,
    keys.filter((k) => k.startsWith('conversations/')),
  );
  seen['stored feedback records (memory)'] = await storedText(
    memory,
    keys.filter((k) => k.startsWith('feedback/')),
  );

  const all = MESSAGES.at(-1)!;
  const cli = await Promise.all([
    runCli(['explain'], all),
    runCli(['explain', '--json'], all),
    runCli(['explain', '--jsonl'], `${JSON.stringify({ id: 'k', message: all })}\n`),
  ]);
  seen['CLI explain'] = cli.map((r) => r.stdout + r.stderr).join('\n');
  const triage = await Promise.all([runCli(['triage'], all), runCli(['triage', '--json'], all)]);
  seen['CLI triage'] = triage.map((r) => r.stdout + r.stderr).join('\n');

  fake.reset();
  logLines.length = 0;
  const slackStore = new MemoryStore();
  const app = makeApp({ store: slackStore });
  for (const [i, text] of MESSAGES.entries()) {
    await sendSlack(app, text, i);
    await slackShortcut(app, text, i);
  }
  seen['Slack answers'] = JSON.stringify(fake.posts());
  seen['Slack message shortcut note'] = JSON.stringify(
    fake.calls.filter((c) => c.method.startsWith('/respond')),
  );
  seen['Slack logs (debug)'] = logLines.join('\n');
  seen['Slack stored state'] = await storedText(slackStore, slackStore.keys());
}, 180_000);

const PATHS = [
  'Teams answers',
  'Teams ticket note (Copy as ticket note)',
  'Teams message action note',
  '/api/triage',
  'Teams and API logs (debug)',
  'stored conversations (memory)',
  'stored feedback records (memory)',
  'CLI explain',
  'CLI triage',
  'Slack answers',
  'Slack message shortcut note',
  'Slack logs (debug)',
  'Slack stored state',
];

describe(`the ${SECRET_KINDS.length} kinds of secret issue 17 found leaking`, () => {
  it.each(PATHS)('%s: shown, stored or logged, none of them', (path) => {
    const text = seen[path];
    // the path was driven and did read the messages: masks were made
    expect(text?.length).toBeGreaterThan(100);
    expect(leakedKinds(text!)).toEqual([]);
  });

  it('reads the messages all the same: the answers name the codes and say what was masked', () => {
    expect(seen['/api/triage']).toMatch(/"status":401,"substatus":1,"win32":1326/);
    expect(seen['Teams answers']).toMatch(/\[redacted\]|masked|removed/i);
  });
});

describe.skipIf(!hasAzurite)('the same kinds in Azure Blob Storage (Azurite)', () => {
  const azurite = useAzurite();
  let server: Running;
  afterAll(async () => {
    await server?.close();
  });

  it('stores none of them in conversation or feedback blobs', async () => {
    const env = {
      STATE_CONNECTION_STRING: azurite.connectionString,
      STATE_CONTAINER: 'secret-kinds',
    };
    server = await startTestServer({ env });
    await driveServer(server);
    const blobs = new BlobStore(azurite.connectionString, 'secret-kinds');
    const keys = memory.keys();
    expect(keys.length).toBeGreaterThan(MESSAGES.length);
    const stored = await storedText(blobs, keys);
    expect(stored).toMatch(/\[redacted\]/);
    expect(leakedKinds(stored)).toEqual([]);
  }, 120_000);
});
