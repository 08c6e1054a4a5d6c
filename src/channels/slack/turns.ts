import type { BlockAction, ButtonAction, webApi } from '@slack/bolt';
import { readAction, type Action, type Reply } from '../../dialog/index.js';
import type { Logger } from '../../logger.js';
import { renderBlocks } from '../../render/index.js';
import { APOLOGY, cutNote, noticeReply, textReply, type TriageConversations } from '../bot-seam.js';
import { offersExpert, unsureReason, type ExpertDesk } from '../expert/index.js';
import { createTurns, type Turn, type TurnPorts } from '../turns.js';
import type { SlackConfig } from '../../config.js';
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
  /** Tests: the file host downloads come from (a local server). */
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

const thread = (place: Place) => (place.threadTs ? { thread_ts: place.threadTs } : {});

/** Turns in Slack: messages and button clicks -> the engine -> Block Kit in the same thread. */
export const createSlackTurns = (d: SlackTurnDeps) => {
  const { config, conversations, threads, experts, logger } = d;
  const turns = createTurns(d);

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

  /** How this thread gets a turn's answer and runs the expert loop's typed commands. */
  const portsOf = (client: WebClient, place: Place, user: string | null): TurnPorts => ({
    send: (answer) => post(client, place, textReply(answer)),
    askExpert: () => experts.ask(client, place, user ?? 'unknown'),
    say: async (text) =>
      void (await client.chat.postMessage({ channel: place.channel, ...thread(place), text })),
  });

  /** The first readable log file is the turn; files that could not be read end its notes. */
  const answerFiles = async (
    m: Incoming,
    token: string,
    turn: Turn,
    ports: TurnPorts,
    text: string,
    cut: string[],
  ) => {
    const notes = [...cut];
    for (const file of m.files) {
      const result = await downloadSlackFile(file, {
        botToken: token,
        maxBytes: config.fileMaxBytes,
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
      const logFile = { name: result.name, words: text };
      return turns.answer(turn, result.text, ports, { file: logFile, notes });
    }
    if (text) return turns.answer(turn, text, ports, { notes });
    await ports.send({
      reply: noticeReply('file-unread', 'I could not read the file you shared.', notes),
      report: null,
    });
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
      await threads.expireIdle(place);
      const { text, truncated } = normaliseSlackText(m.text);
      const notes = truncated ? [cutNote(MAX_TEXT_CHARS)] : [];
      const turn: Turn = { ref: refOf(place), userId: m.user, log: { eventId, via } };
      const ports = portsOf(client, place, m.user);
      if (m.files.length) await answerFiles(m, token, turn, ports, text, notes);
      else await turns.text(turn, text || 'help', ports, notes);
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
        await turns.feedback(refOf(place), body.user.id, {
          messageId: message.ts,
          answerId: input.answerId,
          reaction: input.helpful ? 'like' : 'dislike',
        });
        return;
      }
      const turn: Turn = {
        ref: refOf(place),
        userId: body.user.id,
        log: { eventId, via: 'button' },
      };
      await turns.answer(turn, input, portsOf(client, place, body.user.id));
    });
  };

  return { answer, click };
};
