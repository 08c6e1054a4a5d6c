import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore, MemoryStore, type StateStore } from '../../src/state/index.js';
import { hasAzurite, useAzurite } from '../state/azurite.js';
import {
  BOT,
  cardButtons,
  postJson,
  startTestServer,
  teamsMessage,
  LOG_401_1_1326,
} from '../server/helpers.js';

/** Every value here is a credential: none may be logged, answered or stored. */
const SECRETS = {
  negotiate: 'TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAKAGFKAAAADw==',
  ntlm: 'TlRMTVNTUAADAAAAGAAYAGgAAADuAO4AgAAAAAwADABYAAAAGg4aZHVzZXJTM2NyZXQ=',
  basic: 'c3ZjLXdlYjpTdW1tZXIyMDI0IVNlY3JldA==',
  bearer:
    'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6Ims0MiJ9.eyJzdWIiOiJzdmMtd2ViIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU',
  password: 'Hunter2-Sekrit-991',
  sqlPassword: 'Corr3ct-H0rse-Battery',
  accountKey: 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MjQyNDI0MkFCQ0RFRkdISUpLTE1OT1A9PQ==',
  netUser: 'P@ssw0rd-Net-4417',
  appcmd: 'AppCmd-Pa55-8812',
  appcmdVdir: 'Vdir-Pa55word-3310',
  feedback: 'Feedb4ck-Pa55-5521',
  fileSecret: 'F1le-Pa55-7734',
  triageKey: 'wrong-key-Pa55-6610',
};

const MESSAGES = [
  `We get 401.1 on the intranet. Fiddler shows the client sending
Authorization: Negotiate ${SECRETS.negotiate}
and later Authorization: NTLM ${SECRETS.ntlm}
${LOG_401_1_1326}`,
  `curl test: -H "Authorization: Basic ${SECRETS.basic}" gives 401.2, and the API with Authorization: Bearer ${SECRETS.bearer} gives 401`,
  `web.config has <add name="db" connectionString="Server=sql01;Database=app;User Id=svc-web;Password=${SECRETS.sqlPassword};" /> and storage is DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${SECRETS.accountKey};EndpointSuffix=core.windows.net`,
  `I reset it with net user svc-web ${SECRETS.netUser} and then
appcmd set apppool /apppool.name:Intranet /processModel.userName:CONTOSO\\svc-web /processModel.password:${SECRETS.appcmd}
appcmd set vdir "Default Web Site/share" /userName:CONTOSO\\svc-web /password:${SECRETS.appcmdVdir}
the login form posts password=${SECRETS.password} and still 401.1`,
];

const FILE = [
  '#Software: Microsoft Internet Information Services 10.0',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  `2024-05-02 08:14:03 10.0.0.5 GET /intranet/ password=${SECRETS.fileSecret} 80 - 10.0.0.23 Mozilla/5.0 - 401 1 1326 31`,
  LOG_401_1_1326,
  `Authorization: Basic ${SECRETS.basic}`,
  '',
].join('\r\n');

type Running = Awaited<ReturnType<typeof startTestServer>>;

/** Drives a whole Teams conversation and the HTTP API; returns every body the server answered. */
const converse = async (server: Running, files: string): Promise<string[]> => {
  const bodies: string[] = [];
  const conversation = { id: 'a:secrets', conversationType: 'personal' };
  const post = async (activity: Record<string, unknown>) => {
    const res = await postJson(`${server.url}/api/messages`, activity);
    expect(res.status).toBeLessThan(300);
    bodies.push(res.text);
    return (res.json as { activities?: Partial<Activity>[] } | undefined)?.activities ?? [];
  };
  let last: Partial<Activity>[] = [];
  for (const text of MESSAGES) {
    last = await post(
      teamsMessage({
        text: `<at>${BOT.name}</at> ${text}`,
        entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
        conversation,
      }),
    );
  }
  // every button of the last answer, pressed in turn
  const card = last.at(-1)?.attachments?.[0]?.content as Parameters<typeof cardButtons>[0];
  for (const button of card ? cardButtons(card) : []) {
    await post(teamsMessage({ value: button.data, conversation }));
  }
  // Teams' feedback form, with a password pasted into the comment
  await post({
    ...teamsMessage({ conversation }),
    type: 'invoke',
    name: 'message/submitAction',
    deliveryMode: undefined,
    replyToId: 'msg-answer-1',
    value: {
      actionName: 'feedback',
      actionValue: {
        reaction: 'dislike',
        feedback: JSON.stringify({ feedbackText: `still failing, password=${SECRETS.feedback}` }),
      },
    },
  });
  // a log file with credentials in it
  await post(
    teamsMessage({
      conversation,
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: 'u_ex240502.log',
          content: { downloadUrl: `${files}/u_ex240502.log`, fileType: 'log' },
        },
      ],
    }),
  );
  // the message action on a message full of secrets
  await post({
    ...teamsMessage({ conversation }),
    type: 'invoke',
    name: 'composeExtension/submitAction',
    deliveryMode: undefined,
    value: {
      commandId: 'triageNote',
      commandContext: 'message',
      messagePayload: { id: 'm-1', body: { contentType: 'html', content: MESSAGES.join('<br>') } },
      data: { context: `password=${SECRETS.password}` },
    },
  });
  // the HTTP API, each message and all together
  for (const message of [...MESSAGES, MESSAGES.join('\n')]) {
    const res = await postJson(`${server.url}/api/triage`, { message });
    expect(res.status).toBe(200);
    bodies.push(res.text);
  }
  return bodies;
};

const leaks = (haystack: string): string[] =>
  Object.entries(SECRETS)
    .filter(([, secret]) => haystack.includes(secret))
    .map(([name]) => name);

/** Everything stored under the keys the conversation wrote. */
const storedText = async (store: StateStore, keys: string[]): Promise<string> => {
  const values = await Promise.all(keys.map(async (k) => (await store.read(k))?.value));
  expect(values.every((v) => v !== undefined)).toBe(true);
  return JSON.stringify(values);
};

let files: Server;
let filesUrl: string;
beforeAll(async () => {
  files = createServer((_req, res) => {
    // restify patches writeHead in this process: no chaining
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(FILE);
  });
  await new Promise<void>((r) => files.listen(0, '127.0.0.1', r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => files.close(r));
});

let memoryKeys: string[] = [];

describe('a conversation full of secrets (memory state)', () => {
  it('leaves no secret in the logs (debug level), the answers or the stored state', async () => {
    const store = new MemoryStore();
    const server = await startTestServer({ store });
    let bodies: string[];
    try {
      bodies = await converse(server, filesUrl);
    } finally {
      await server.close();
    }
    memoryKeys = store.keys();
    expect(memoryKeys.some((k) => k.startsWith('conversations/'))).toBe(true);
    expect(memoryKeys.some((k) => k.startsWith('feedback/'))).toBe(true);
    const logs = server.logs.join('\n');
    expect(logs).toMatch(/"msg":"answered"/);
    expect(leaks(logs)).toEqual([]);
    expect(leaks(bodies.join('\n'))).toEqual([]);
    expect(leaks(await storedText(store, memoryKeys))).toEqual([]);
    // the answers did read the messages: redactions were made and said
    expect(bodies.join('\n')).toMatch(/\[redacted\]/);
  }, 60_000);

  it('keeps a wrong /api/triage key out of the logs and the answer', async () => {
    const server = await startTestServer({ env: { TRIAGE_API_KEY: 'the-right-key-123' } });
    try {
      const res = await postJson(
        `${server.url}/api/triage`,
        { message: MESSAGES[0] },
        { authorization: `Bearer ${SECRETS.triageKey}` },
      );
      expect(res.status).toBe(401);
      expect(leaks(res.text)).toEqual([]);
      expect(leaks(server.logs.join('\n'))).toEqual([]);
      expect(server.logs.join('\n')).not.toContain('the-right-key-123');
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(!hasAzurite)(
  'a conversation full of secrets (Azure Blob Storage on Azurite)',
  () => {
    const azurite = useAzurite();

    it('stores nothing secret in the blobs, and logs no connection string', async () => {
      const env = { STATE_CONNECTION_STRING: azurite.connectionString, STATE_CONTAINER: 'secrets' };
      const server = await startTestServer({ env });
      let bodies: string[];
      try {
        bodies = await converse(server, filesUrl);
      } finally {
        await server.close();
      }
      const logs = server.logs.join('\n');
      expect(leaks(logs)).toEqual([]);
      expect(logs).not.toMatch(/AccountKey=/);
      expect(leaks(bodies.join('\n'))).toEqual([]);
      const keys = memoryKeys.length ? memoryKeys : ['conversations/msteams/a:secrets'];
      const blobs = new BlobStore(azurite.connectionString, 'secrets');
      expect(leaks(await storedText(blobs, keys))).toEqual([]);
    }, 60_000);
  },
);
