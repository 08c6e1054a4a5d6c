import type { Choice, Reply } from '../dialog/types.js';
import { renderPlainText } from './text.js';
import { adaptiveCard, buttonRows, heading, measureCard, submit, text } from './card-elements.js';
import {
  causeItems,
  codeItems,
  questionItems,
  stepItems,
  LEVELS,
  newToggles,
  type Level,
} from './card-sections.js';
import type { AdaptiveCard, CardAction, CardElement } from './card-types.js';
import { clip, maskedText } from './words.js';

/** Serialised size we keep an answer under: Teams refuses big messages (413), and 28 KB is safe everywhere. */
export const CARD_BUDGET_BYTES = 24_000;

export interface CardOptions {
  /** Short paragraphs shown right under the headline (a log file's scan summary). */
  lead?: string[];
  /** Shown under the lead (a log file's timeline); left out of the smallest rendering. */
  chart?: CardElement;
  /** Largest serialised message (card + fallback) in UTF-8 bytes. */
  maxBytes?: number;
  /** Buttons the channel adds after the reply's own (they count against the budget). */
  extraActions?: CardAction[];
  /** The channel's channelData for the message, measured with it. */
  channelData?: Record<string, unknown>;
}

export interface CardAnswer {
  card: AdaptiveCard;
  /** The reply as plain text (for clients without cards, and the card's fallbackText). */
  text: string;
  /** One line for notifications and chat previews. */
  summary: string;
  /** True when steps, causes or notes were left out to fit the budget. */
  trimmed: boolean;
  /** Serialised size of the message as measured. */
  bytes: number;
}

/** Characters of the plain-text rendering (clients without cards; the first level's fallback). */
const PLAIN_MAX = LEVELS[0]!.fallback;

const TRIM_NOTE =
  'I shortened this answer to fit in one message: some steps or causes are left out. Answer the question or pick a cause to see its full steps.';

const buildCard = (
  reply: Reply,
  level: Level,
  trimmed: boolean,
  lead: readonly string[],
  fallbackText: string,
  chart?: CardElement,
): AdaptiveCard => {
  const toggles = newToggles();
  const body: CardElement[] = [
    text(reply.headline, { size: 'Medium', weight: 'Bolder', style: 'heading' }),
  ];
  if (lead.length) {
    body.push({
      type: 'Container',
      style: 'emphasis',
      spacing: 'Small',
      items: lead.slice(0, 6).map((l) => text(clip(l, level.meaning), { size: 'Small' })),
    });
  }
  if (chart) body.push(chart);
  if (reply.codes.length) {
    // a code explanation asked for by name (explain, codes) shows its meaning whole
    const full = reply.kind === 'code' || reply.kind === 'win32';
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: reply.codes.slice(0, 6).flatMap((c) => codeItems(c, level, toggles, full)),
    });
  }
  body.push(...causeItems(reply, level, toggles));
  // the question right after the verdict and the causes: it is what moves the answer on
  if (reply.question) body.push(...questionItems(reply.question));
  if (reply.didYouMean?.length) {
    // the choices are causes listed just above: their number and first words say which
    const number = (c: Choice): string => {
      const i = reply.causes.findIndex((x) => c.action.type === 'pick' && x.id === c.action.cause);
      return i < 0 ? c.label : clip(`${i + 1}. ${c.label}`, 34);
    };
    body.push(heading('Did you mean…'));
    body.push(...buttonRows(reply.didYouMean.slice(0, 5).map((c) => ({ ...c, label: number(c) }))));
  }
  reply.steps
    .slice(0, level.blocks)
    .forEach((block, i) => body.push(...stepItems(block, level, toggles, i === 0)));
  const notes = [...reply.notes.slice(0, level.notes), ...(trimmed ? [TRIM_NOTE] : [])];
  for (const note of notes) body.push(text(clip(note, 600), { isSubtle: true, spacing: 'Small' }));
  const masked = maskedText(reply.redactions);
  if (masked) body.push(text(masked, { isSubtle: true, size: 'Small', spacing: 'Medium' }));

  const actions: CardAction[] = reply.actions.slice(0, 5).map((c) => submit(c, 40));
  return adaptiveCard(fallbackText, body, actions);
};

/**
 * A Reply as an Adaptive Card 1.5: headline, what each code means, ranked causes with confidence,
 * steps (IIS 7-10 and IIS 6 where they differ), the follow-up question and "did you mean" as
 * Action.Submit buttons carrying the engine's Action, and the reply's extra actions.
 * Trims (and says so) when the message would pass `maxBytes`.
 */
export const renderCard = (reply: Reply, options: CardOptions = {}): CardAnswer => {
  const max = options.maxBytes ?? CARD_BUDGET_BYTES;
  const summary = clip(reply.headline, 200);
  const lead = options.lead ?? [];
  const extra = options.extraActions ?? [];
  const plain = renderPlainText(reply, PLAIN_MAX, lead);
  let last: CardAnswer | undefined;
  for (const [i, level] of LEVELS.entries()) {
    const trimmed = i > 0;
    // the first level's fallback is the plain text itself; later ones say they were shortened
    const fallback = trimmed
      ? renderPlainText({ ...reply, notes: [...reply.notes, TRIM_NOTE] }, level.fallback, lead)
      : plain;
    const chart = i < LEVELS.length - 1 ? options.chart : undefined;
    const card = buildCard(reply, level, trimmed, lead, fallback, chart);
    if (extra.length) card.actions = [...(card.actions ?? []), ...extra];
    const bytes = measureCard(card, summary, options.channelData);
    last = { card, text: plain, summary, trimmed, bytes };
    if (bytes <= max) return last;
  }
  return last as CardAnswer;
};
