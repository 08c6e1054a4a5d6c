import { TestAdapter, type Activity } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createConversations,
  type KnowledgeStatus,
  type TriageConversations,
} from '../../../src/channels/bot-seam.js';
import { createEngine, type Engine } from '../../../src/channels/engine.js';
import { createExpertDesk } from '../../../src/channels/expert/index.js';
import {
  createTurnErrorHandler,
  TeamsExperts,
  TeamsTriageBot,
  type Downloader,
} from '../../../src/channels/teams/index.js';
import type { Knowledge } from '../../../src/knowledge/index.js';
import { silentLogger } from '../../../src/logger.js';
import type { AdaptiveCard } from '../../../src/render/index.js';
import { conversationKey, MemoryStore } from '../../../src/state/index.js';
import {
  cardButtons,
  cardTexts,
  LOG_401_1_1326,
  LOG_401_2_5,
  realKnowledge,
} from '../../server/helpers.js';

const BOT = { id: 'bot-1', name: 'iis-triage' };
const USER = { id: 'user-1', name: 'Megan', aadObjectId: 'aad-1' };

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

const noDownload: Downloader = () =>
  Promise.resolve({ kind: 'failed', reason: 'not in this test' });

/** The bot over the real engine, in a TestAdapter acting as a Teams personal chat. */
const setup = (
  options: {
    conversations?: TriageConversations;
    download?: Downloader;
    conversationType?: string;
  } = {},
) => {
  const store = new MemoryStore();
  const status: KnowledgeStatus = { state: 'ready', knowledge, engine: createEngine(knowledge) };
  const conversations =
    options.conversations ??
    createConversations({
      knowledge: () => status,
      store,
      now: () => 1_700_000_000_000,
      logger: silentLogger(),
    });
  const desk = createExpertDesk({
    knowledge: () => status,
    store,
    now: () => 1_700_000_000_000,
    logger: silentLogger(),
  });
  const bot = new TeamsTriageBot({
    conversations,
    experts: new TeamsExperts({
      desk,
      channel: undefined,
      appId: undefined,
      logger: silentLogger(),
    }),
    logger: silentLogger(),
    download: options.download ?? noDownload,
    fileMaxBytes: 1024 * 1024,
  });
  const adapter = new TestAdapter((context) => bot.run(context), {
    channelId: 'msteams',
    recipient: BOT,
    from: USER,
    conversation: {
      id: 'a:chat-1',
      conversationType: options.conversationType ?? 'personal',
      isGroup: false,
      name: '',
    },
  });
  adapter.onTurnError = createTurnErrorHandler({ conversations, logger: silentLogger() });
  const key = conversationKey({ channelId: 'msteams', conversationId: 'a:chat-1' });
  return { adapter, store, key };
};

const cardIn = (activity: Partial<Activity>): AdaptiveCard => {
  const a = activity.attachments?.[0];
  expect(a?.contentType).toBe('application/vnd.microsoft.card.adaptive');
  return a!.content as AdaptiveCard;
};

describe('TeamsTriageBot in a TestAdapter', () => {
  it('shows typing, then answers a pasted log line with a card that explains 401.2 and asks a question', async () => {
    const { adapter } = setup();
    let card: AdaptiveCard | undefined;
    await adapter
      .send(LOG_401_2_5)
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => {
        card = cardIn(a);
      })
      .startTest();
    expect(card!.version).toBe('1.5');
    const texts = cardTexts(card!);
    expect(texts).toMatch(/401\.2/);
    expect(texts).toMatch(/\d+%/);
    const buttons = cardButtons(card!);
    expect(
      buttons.some((b) => (b.data as { action: { type: string } }).action.type === 'answer'),
    ).toBe(true);
  });

  it('drives the next turn with the Action of a clicked button', async () => {
    const { adapter, store, key } = setup();
    let first: AdaptiveCard | undefined;
    await adapter
      .send(LOG_401_2_5)
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => {
        first = cardIn(a);
      })
      .startTest();
    const button = cardButtons(first!).find(
      (b) => (b.data as { action: { type: string } }).action.type === 'answer',
    )!;
    const action = (button.data as { action: { fact: string; value: string } }).action;
    let second: AdaptiveCard | undefined;
    await adapter
      .send({ type: 'message', value: button.data })
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => {
        second = cardIn(a);
      })
      .startTest();
    expect(cardTexts(second!)).not.toEqual(cardTexts(first!));
    const record = (await store.read(key))?.value as {
      dialog: { known: Record<string, string>; asked: string[]; turns: number };
    };
    expect(record.dialog.turns).toBe(2);
    expect(record.dialog.known[action.fact]).toBe(action.value);
  });

  it('strips its own @mention and answers the command after it', async () => {
    const { adapter } = setup({ conversationType: 'groupChat' });
    await adapter
      .send({
        type: 'message',
        text: `<at>${BOT.name}</at> explain 401.3`,
        entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
      })
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => {
        const texts = cardTexts(cardIn(a));
        expect(texts).toMatch(/401\.3/);
        expect(texts).not.toMatch(/<at>/);
      })
      .startTest();
  });

  it('welcomes with a card when it is the member added', async () => {
    const { adapter } = setup();
    await adapter
      .send({ type: 'conversationUpdate', membersAdded: [BOT], text: undefined })
      .assertReply((a) => {
        const card = cardIn(a);
        expect(cardTexts(card)).toMatch(/401/);
        expect(cardTexts(card)).toMatch(/log file/);
      })
      .startTest();
  });

  it('answers a welcome button as typed text', async () => {
    const { adapter } = setup();
    await adapter
      .send({ type: 'message', value: { text: 'help' } })
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => expect(cardTexts(cardIn(a)).length).toBeGreaterThan(20))
      .startTest();
  });

  it('tells the user when a file is too big', async () => {
    const download: Downloader = (_url, limit) =>
      Promise.resolve({ kind: 'too-large', limit, size: 1024 * 1024 * 1024 });
    const { adapter } = setup({ download });
    await adapter
      .send({
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'u_ex240101.log',
            content: { downloadUrl: 'https://example.invalid/x', fileType: 'log' },
          },
        ],
      })
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => {
        const texts = cardTexts(cardIn(a));
        expect(texts).toContain('u_ex240101.log is too big for me (1024 MB)');
        expect(texts).toContain('up to 1.0 MB');
      })
      .startTest();
  });

  it('refuses a binary file politely', async () => {
    const download: Downloader = () =>
      Promise.resolve({ kind: 'ok', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]) });
    const { adapter } = setup({ download });
    await adapter
      .send({
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'logs.zip',
            content: { downloadUrl: 'https://example.invalid/logs.zip', fileType: 'zip' },
          },
        ],
      })
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => expect(cardTexts(cardIn(a))).toMatch(/does not look like a text log/))
      .startTest();
  });

  it('apologises, and clears the conversation, when a turn fails', async () => {
    const { store, key } = setup();
    await store.write(key, { some: 'state' });
    const exploding: Engine = {
      run: () => Promise.reject(new Error('engine exploded')),
      poolTasks: () => 0,
      close: () => Promise.resolve(),
    };
    const conversations: TriageConversations = createConversations({
      knowledge: () => ({ state: 'ready', knowledge, engine: exploding }),
      store,
      now: () => 0,
      logger: silentLogger(),
    });
    const { adapter } = setup({ conversations });
    await adapter
      .send(LOG_401_1_1326)
      .assertReply((a) => expect(a.type).toBe('typing'))
      .assertReply((a) => expect(a.text).toMatch(/^Sorry, something went wrong/))
      .startTest();
    expect(await store.read(key)).toBeUndefined();
  });
});
