import type { Activity } from 'botbuilder';
import type { Reply } from '../../dialog/index.js';
import {
  cardMessage,
  MAX_MARKDOWN,
  renderCard,
  renderPlainText,
  renderWelcomeCard,
  text as textBlock,
  timelineChart,
  timelineText,
  type CardElement,
  type WelcomeOptions,
} from '../../render/index.js';
import type { ScanTimeline } from '../../w3c/index.js';
import { offersExpert, unsureReason } from '../expert/unsure.js';
import { askExpertButton } from './expert-card.js';
import { ticketNoteButton } from './note.js';

/** Channels that cannot show Adaptive Cards get the plain text (Slack via Azure Bot Service turns cards into images). */
const TEXT_ONLY_CHANNELS = new Set([
  'slack',
  'sms',
  'email',
  'telegram',
  'facebook',
  'kik',
  'groupme',
  'line',
  'twilio-sms',
  'omnichannel',
]);

export const isCardChannel = (channelId: string | undefined): boolean =>
  !TEXT_ONLY_CHANNELS.has((channelId ?? '').toLowerCase());

/** Replies worth a "Copy as ticket note" button. */
const NOTE_KINDS = new Set<Reply['kind']>(['diagnosis', 'resolved']);

/** Replies that answer a question (and so get feedback buttons), as opposed to notices and help. */
const ANSWER_KINDS = new Set<Reply['kind']>(['diagnosis', 'resolved', 'code', 'win32', 'codes']);

export interface OutgoingAnswer {
  activity: Partial<Activity>;
  isAnswer: boolean;
  trimmed: boolean;
  bytes: number;
}

export const activityBytes = (activity: Partial<Activity>): number =>
  Buffer.byteLength(JSON.stringify(activity), 'utf8');

/** A log file's timeline on a card: Teams' chart in Teams, its text on other card hosts. */
const timelineElement = (
  timeline: ScanTimeline,
  channelId: string | undefined,
): CardElement | undefined => {
  if (channelId === 'msteams') return timelineChart(timeline) ?? undefined;
  const over = timelineText(timeline);
  return over ? textBlock(over, { size: 'Small', spacing: 'Medium' }) : undefined;
};

/**
 * A Reply as the message to send: an Adaptive Card (with Teams' feedback buttons on answers) on
 * card channels, plain text elsewhere; measured, and re-rendered smaller until it fits. A log
 * file's `timeline` is a chart in Teams and text elsewhere.
 */
export const answerActivity = (
  reply: Reply,
  channelId: string | undefined,
  lead: string[] = [],
  timeline: ScanTimeline | null = null,
  options: { askExpert?: boolean } = {},
): OutgoingAnswer => {
  const isAnswer = ANSWER_KINDS.has(reply.kind);
  if (!isCardChannel(channelId)) {
    const over = timeline ? timelineText(timeline) : '';
    const text = renderPlainText(reply, MAX_MARKDOWN, over ? [...lead, over] : lead);
    const activity: Partial<Activity> = { type: 'message', text, textFormat: 'plain' };
    return { activity, isAnswer, trimmed: false, bytes: activityBytes(activity) };
  }
  const channelData =
    isAnswer && channelId === 'msteams' ? { feedbackLoopEnabled: true } : undefined;
  // diagnoses offer the conversation as a ticket note (handled by the bot, not the engine)
  const extraActions = NOTE_KINDS.has(reply.kind) ? [ticketNoteButton()] : [];
  if (options.askExpert && offersExpert(reply.kind)) {
    // first and primary when the bot was unsure, else after the others
    const unsure = unsureReason(reply.kind, reply.causes[0]?.score ?? null) !== null;
    if (unsure) extraActions.unshift(askExpertButton(true));
    else extraActions.push(askExpertButton(false));
  }
  // renderCard measures the whole activity (channelData and extra buttons included)
  const chart = timeline ? timelineElement(timeline, channelId) : undefined;
  const answer = renderCard(reply, {
    lead,
    ...(chart ? { chart } : {}),
    extraActions,
    ...(channelData ? { channelData } : {}),
  });
  return {
    activity: cardMessage(answer.card, answer.summary, channelData),
    isAnswer,
    trimmed: answer.trimmed,
    bytes: answer.bytes,
  };
};

export const welcomeActivity = (
  options: WelcomeOptions & { cards: boolean },
): Partial<Activity> => {
  const welcome = renderWelcomeCard(options);
  return options.cards
    ? cardMessage(welcome.card, welcome.summary)
    : { type: 'message', text: welcome.text, textFormat: 'plain' };
};
