import type { BlockAction, ButtonAction, webApi } from '@slack/bolt';
import { readAction, type Action, type Reply } from '../../dialog/index.js';
import type { Logger } from '../../logger.js';
import { renderBlocks } from '../../render/index.js';
import { APOLOGY, cutNote, noticeReply, type TriageConversations } from '../bot-seam.js';
import {
  offersExpert,
  parseExpertCommand,
  unsureReason,
  type ExpertDesk,
} from '../expert/index.js';
import type { SlackConfig } from './config.js';
import { placeOf, placeOfClick, type Incoming, type Place } from './events.js';
import type { SlackExperts } from './expert.js';
import { askExpertBlock } from './expert-blocks.js';
import { describeFileProblem, downloadSlackFile } from './files.js';
import { chosenBlocks, refOf, type SlackThreads } from './threads.js';
import { MAX_TEXT_CHARS, normaliseSlackText } from './text.js';

type WebClient = webApi.WebClient;

export interface SlackTurnDeps {
  config: SlackConfig;
  conversations: TriageConversations;
  threads: SlackThreads;
  desk: ExpertDesk;
  experts: SlackExperts;
  logger: Logger;
  now: () => number;
  /** File downloads (tests inject one, or point `fileOrigins` at a local server). */
  fetch?: typeof fetch;
  fileOrigins?: readonly string[];
}

/** Feedback is asked on answers that settle something, not on every step of the questioning. */
export const wantsFeedback = (reply: Reply): boolean =>
  reply.kind === 'resolved' || (reply.kind === 'diagnosis' && !reply.question);

/** A button's value is the Action as JSON, validated like a Teams card submit; else undefined. */
const actionOf = (value: string | undefined): Action | undefined => {
  if (!value || value.length > 2000) return undefined;
  try {
    return readAction(JSON.parse(value));
  } catch {
    return undefined; // not JSON: not one of our buttons
  }
};

const withNotes = (reply: Reply, notes: string[]): Reply =>
  notes.length ? { ...reply, notes: [...notes, ...reply.notes] } : reply;

const thread = (place: Place) => (place.threadTs ? { thread_ts: place.threadTs } : {});

/** Turns in Slack: messages and button clicks -> the engine -> Block Kit in the same thread. */
export const createSlackTurns = (d: SlackTurnDeps) => {
  const { config, conversations, threads, desk, experts, logger, now } = d;

  /** The log line of an answer: its kind, the causes by id and how many codes (no user text). */
  const logAnswered = (
    eventId: string,
    via: string,
    input: object,
    reply: Reply,
    started: number,
  ) =>
    logger.info(
      {
        eventId,
        via,
        input,
        reply: {
          kind: reply.kind,
          causes: reply.causes.map((c) => c.id),
          codes: reply.codes.length,
        },
        ms: now() - started,
      },
      'answered',
    );

  /** The answer's message, with "Ask an expert" (primary when the bot was unsure). */
  const post = async (client: WebClient, place: Place, reply: Reply): Promise<void> => {
    const message = renderBlocks(reply, { feedback: wantsFeedback(reply) });
    if (experts.isOn && offersExpert(reply.kind) && message.blocks.length < 50) {
      const unsure = unsureReason(reply.kind, reply.causes[0]?.score ?? null) !== null;
      message.blocks.push(askExpertBlock(unsure));
    }
    await client.chat.postMessage({
      channel: place.channel,
      ...thread(place),
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
  };

  /** The one catch of a Slack turn: log with the event id, clear the conversation, apologise in place. */
  const guarded = async (
    eventId: string,
    client: WebClient,
    place: Place,
    run: () => Promise<void>,
  ): Promise<void> => {
    try {
      await run();
    } catch (err) {
      logger.error(
        { err, eventId, conversation: refOf(place).conversationId },
        'slack turn failed',
      );
      await conversations
        .reset(refOf(place))
        .catch((e: unknown) => logger.error({ err: e, eventId }, 'slack state not cleared'));
      await client.chat
        .postMessage({ channel: place.channel, ...thread(place), text: APOLOGY })
        .catch((e: unknown) => logger.error({ err: e, eventId }, 'slack apology not posted'));
    }
  };

  /** The first readable log file -> a reply (summary or turn); what could not be read -> notes. */
  const answerFiles = async (m: Incoming, text: string, token: string, place: Place) => {
    const notes: string[] = [];
    for (const file of m.files) {
      const result = await downloadSlackFile(file, {
        botToken: token,
        maxBytes: config.fileMaxBytes,
        fetch: d.fetch,
        origins: d.fileOrigins,
      });
      logger.info(
        { file: file.id, result: result.kind, bytes: result.kind === 'text' ? result.bytes : null },
        'slack file',
      );
      if (result.kind !== 'text') {
        notes.push(describeFileProblem(result));
        continue;
      }
      // a log file is answered as Teams answers one: the dialogue's reply, led by the file's summary
      const logFile = { name: result.name, words: text };
      return withNotes(await conversations.respond(refOf(place), result.text, logFile), notes);
    }
    if (text) return withNotes(await conversations.respond(refOf(place), text), notes);
    return noticeReply('file-unread', 'I could not read the file you shared.', notes);
  };

  const answer = async (
    m: Incoming,
    eventId: string,
    client: WebClient,
    token: string,
    via: string,
  ): Promise<void> => {
    const place = placeOf(m);
    await guarded(eventId, client, place, async () => {
      const started = now();
      await threads.expireIdle(place);
      const { text, truncated } = normaliseSlackText(m.text);
      const notes = truncated ? [cutNote(MAX_TEXT_CHARS)] : [];
      const command = m.files.length ? null : parseExpertCommand(text);
      if (command === 'ask-expert') {
        await experts.ask(client, place, m.user ?? 'unknown');
        return;
      }
      if (command === 'forget-me' && m.user) {
        const text = await experts.relay.forget(m.user, 'slack', () =>
          conversations.reset(refOf(place)),
        );
        await client.chat.postMessage({ channel: place.channel, ...thread(place), text });
        return;
      }
      const reply = m.files.length
        ? await answerFiles(m, text, token, place)
        : await conversations.respond(refOf(place), text || 'help');
      await post(client, place, withNotes(reply, notes));
      const unsure = unsureReason(reply.kind, reply.causes[0]?.score ?? null);
      if (unsure && m.user) await desk.keepUnsure(refOf(place), m.user, reply.id, unsure);
      logAnswered(eventId, via, { chars: text.length, files: m.files.length }, reply, started);
    });
  };

  /** A click on one of the engine's buttons: the row marked as chosen, then the turn it starts. */
  const click = async (
    body: BlockAction<ButtonAction>,
    action: ButtonAction,
    client: WebClient,
  ) => {
    const channel = body.channel?.id;
    const message = body.message;
    const team = body.team?.id ?? body.user.team_id;
    if (!channel || !message || !team) return;
    const place = placeOfClick(team, channel, message);
    const eventId = `action:${body.trigger_id}`;
    const input = actionOf(action.value);
    if (!input) {
      logger.warn({ eventId, actionId: action.action_id.slice(0, 100) }, 'slack button ignored');
      return;
    }
    await guarded(eventId, client, place, async () => {
      const started = now();
      const chosen =
        input.type === 'feedback'
          ? `:pray: Thanks for the feedback, <@${body.user.id}>.`
          : `:white_check_mark: <@${body.user.id}> chose *${action.text.text.replace(/[&<>*]/g, '')}*`;
      const blocks = chosenBlocks(
        message.blocks,
        action.block_id,
        chosen,
        input.type !== 'feedback',
      );
      if (blocks) {
        await client.chat
          .update({ channel, ts: message.ts, text: message.text ?? '', blocks })
          .catch((e: unknown) => logger.warn({ err: e, eventId }, 'slack buttons not updated'));
      }
      if (input.type === 'feedback') {
        const feedback = await conversations.recordFeedback(refOf(place), body.user.id, {
          messageId: message.ts,
          answerId: input.answerId,
          reaction: input.helpful ? 'like' : 'dislike',
        });
        // kept for review (with the conversation and the ranking) when the expert loop is on
        if (experts.isOn) await desk.keepFeedback(refOf(place), body.user.id, feedback);
        return;
      }
      const reply = await conversations.respond(refOf(place), input);
      await post(client, place, reply);
      logAnswered(eventId, 'button', { action: input.type }, reply, started);
    });
  };

  return { answer, click };
};
