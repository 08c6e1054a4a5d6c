import type { Choice } from '../dialog/types.js';
import { clip } from './words.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type ActionSet,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type CardMessage,
  type SubmitAction,
  type TextBlock,
} from './card-types.js';

// The Adaptive Card building blocks every card of ours is made of, and how a card is measured.

/** What an Action.Submit button sends back: the engine's Action, untouched. */
export const buttonData = (choice: Choice): Record<string, unknown> => ({ action: choice.action });

// "<machine name>" or "<system.webServer>" reads as an HTML tag to Teams, which drops it unseen
// (http://<machine name>/ showed as http:///); single angle quotes keep it readable. Bounded: linear.
const TAG_LIKE = /<([^<>\n]{1,200})>/g;

/** A wrapped TextBlock; text in angle brackets is kept visible (see TAG_LIKE). */
export const text = (t: string, extra: Partial<TextBlock> = {}): TextBlock => ({
  type: 'TextBlock',
  text: t.replace(TAG_LIKE, '\u2039$1\u203a'),
  wrap: true,
  ...extra,
});

export const heading = (t: string): TextBlock =>
  text(t, { weight: 'Bolder', spacing: 'Medium', style: 'heading' });

/**
 * Markdown as card elements: each "### " heading a heading (read out as one), each
 * paragraph a TextBlock (Teams shows bold, italics and lists; code spans lose their backticks).
 */
export const markdownElements = (markdown: string): CardElement[] =>
  markdown
    .split(/\n{2,}/)
    .filter((p) => p.trim())
    .flatMap((p) => {
      const [first = '', ...rest] = p
        .trim()
        .replace(/`([^`\n]*)`/g, '$1')
        .split('\n');
      const title = /^#{1,6} (.+)$/.exec(first)?.[1];
      const body = (title === undefined ? [first, ...rest] : rest).join('\n');
      return [...(title === undefined ? [] : [heading(title)]), ...(body ? [text(body)] : [])];
    });

export const submit = (choice: Choice, max: number): SubmitAction => ({
  type: 'Action.Submit',
  title: clip(choice.label, max),
  data: buttonData(choice),
});

/** Short labels sit in one row; long ones get a row each so Teams does not cut them. */
export const buttonRows = (choices: readonly Choice[]): ActionSet[] => {
  const short = choices.length <= 4 && choices.every((c) => c.label.length <= 18);
  return short
    ? [{ type: 'ActionSet', actions: choices.map((c) => submit(c, 60)) }]
    : choices.map((c) => ({ type: 'ActionSet', actions: [submit(c, 80)], spacing: 'Small' }));
};

export const subtle = (t: string): TextBlock =>
  text(t, { isSubtle: true, size: 'Small', spacing: 'None' });

/** A button that shows or hides `items`, and the hidden container itself (`id` unique in the card). */
export const toggled = (
  id: string,
  title: string,
  items: CardElement[],
  spacing: TextBlock['spacing'] = 'Small',
): CardElement[] => [
  {
    type: 'ActionSet',
    actions: [{ type: 'Action.ToggleVisibility', title, targetElements: [id] }],
    spacing,
  },
  { type: 'Container', id, isVisible: false, items },
];

/** An Adaptive Card 1.5, full width in Teams. */
export const adaptiveCard = (
  fallbackText: string,
  body: CardElement[],
  actions: CardAction[] = [],
): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  fallbackText,
  body,
  ...(actions.length ? { actions } : {}),
  msteams: { width: 'Full' },
});

/** The message activity that carries a card (what the channel sends, and what is measured). */
export const cardMessage = (
  card: AdaptiveCard,
  summary: string,
  channelData?: Record<string, unknown>,
): CardMessage => ({
  type: 'message',
  summary,
  attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
  ...(channelData ? { channelData } : {}),
});

/** Size of the message activity that would carry this card. */
export const measureCard = (
  card: AdaptiveCard,
  summary: string,
  channelData?: Record<string, unknown>,
): number => Buffer.byteLength(JSON.stringify(cardMessage(card, summary, channelData)), 'utf8');
