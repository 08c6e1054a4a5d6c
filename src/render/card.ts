import type { Choice, CodeExplanation, Reply, StepBlock } from '../dialog/types.js';
import { clip, confidenceWord, percent, redactionLine, renderPlainText } from './card-text.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type ActionSet,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type CardMessage,
  type Container,
  type SubmitAction,
  type TextBlock,
} from './card-types.js';

export type * from './card-types.js';
export { ADAPTIVE_CARD_CONTENT_TYPE } from './card-types.js';
export { renderPlainText } from './card-text.js';

/** Serialised size we keep an answer under: Teams refuses big messages (413), and 28 KB is safe everywhere. */
export const CARD_BUDGET_BYTES = 24_000;

export interface CardOptions {
  /** Short paragraphs shown right under the headline (a log file's scan summary). */
  lead?: string[];
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

/** What an Action.Submit button sends back: the engine's Action, untouched. */
export const buttonData = (choice: Choice): Record<string, unknown> => ({ action: choice.action });

export const text = (t: string, extra: Partial<TextBlock> = {}): TextBlock => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...extra,
});

export const heading = (t: string): TextBlock =>
  text(t, { weight: 'Bolder', spacing: 'Medium', style: 'heading' });

/** One ranked cause: number and title with its evidence underneath, the confidence on the right. */
export const causeRow = (
  index: number,
  title: string,
  why: readonly string[],
  score: number,
  word: string,
): CardElement => ({
  type: 'ColumnSet',
  spacing: 'Small',
  columns: [
    {
      type: 'Column',
      width: 'stretch',
      items: [
        text(`${index + 1}. ${title}`, { weight: index === 0 ? 'Bolder' : 'Default' }),
        ...(why.length
          ? [text(why.join(' · '), { isSubtle: true, size: 'Small', spacing: 'None' })]
          : []),
      ],
    },
    {
      type: 'Column',
      width: 'auto',
      items: [
        text(percent(score), {
          weight: 'Bolder',
          color: score >= 0.7 ? 'Good' : score >= 0.4 ? 'Accent' : 'Default',
        }),
        text(word, { isSubtle: true, size: 'Small', spacing: 'None' }),
      ],
    },
  ],
});

const submit = (choice: Choice, max: number): SubmitAction => ({
  type: 'Action.Submit',
  title: clip(choice.label, max),
  data: buttonData(choice),
});

/** Short labels sit in one row; long ones get a row each so Teams does not cut them. */
const buttonRows = (choices: readonly Choice[]): ActionSet[] => {
  const short = choices.length <= 4 && choices.every((c) => c.label.length <= 18);
  return short
    ? [{ type: 'ActionSet', actions: choices.map((c) => submit(c, 60)) }]
    : choices.map((c) => ({ type: 'ActionSet', actions: [submit(c, 80)], spacing: 'Small' }));
};

/** How much of the reply a card carries; each level keeps less. */
interface Level {
  causes: number;
  why: number;
  blocks: number;
  steps: number;
  notes: number;
  meaning: number;
  fallback: number;
  iis6: boolean;
}

/** Characters of the plain-text rendering (clients without cards; the first level's fallback). */
const PLAIN_MAX = 4000;

const LEVELS: Level[] = [
  { causes: 5, why: 3, blocks: 4, steps: 12, notes: 6, meaning: 1200, fallback: 4000, iis6: true },
  { causes: 3, why: 2, blocks: 3, steps: 6, notes: 3, meaning: 600, fallback: 2500, iis6: true },
  { causes: 3, why: 1, blocks: 1, steps: 5, notes: 2, meaning: 300, fallback: 1200, iis6: false },
  { causes: 3, why: 0, blocks: 0, steps: 0, notes: 1, meaning: 160, fallback: 600, iis6: false },
];

const TRIM_NOTE =
  'I shortened this answer to fit in one message: some steps or causes are left out. Answer the question or pick a cause to see its full steps.';

const codeItems = (c: CodeExplanation, level: Level): CardElement[] => {
  const items: CardElement[] = [
    text(`**${c.label}**${c.benign ? ' — normal challenge leg' : ''}`, {
      color: c.benign ? 'Good' : 'Default',
    }),
    text(clip(c.meaning, level.meaning), { spacing: 'None' }),
  ];
  if (c.win32Meaning || c.win32Name) {
    const name = c.win32Name ? `${c.win32Name}: ` : '';
    items.push(
      text(clip(`win32 ${name}${c.win32Meaning ?? ''}`, level.meaning), {
        isSubtle: true,
        size: 'Small',
        spacing: 'None',
      }),
    );
  }
  return items;
};

const numberedList = (steps: readonly string[], max: number): string =>
  steps
    .slice(0, max)
    .map((s, i) => `${i + 1}. ${clip(s, 800)}`)
    .join('\n');

const stepItems = (block: StepBlock, index: number, level: Level): CardElement[] => {
  const items: CardElement[] = [heading(block.title)];
  if (block.all.length) items.push(text(numberedList(block.all, level.steps)));
  const both = block.iis7.length > 0 && block.iis6.length > 0;
  if (block.iis7.length) {
    items.push(text(both ? 'IIS 7–10' : 'IIS 7–10 only', { weight: 'Bolder', size: 'Small' }));
    items.push(text(numberedList(block.iis7, level.steps), { spacing: 'None' }));
  }
  if (block.iis6.length && level.iis6) {
    if (both) {
      const id = `iis6-steps-${index}`;
      const hidden: Container = {
        type: 'Container',
        id,
        isVisible: false,
        items: [
          text('IIS 6', { weight: 'Bolder', size: 'Small' }),
          text(numberedList(block.iis6, level.steps), { spacing: 'None' }),
        ],
      };
      items.push(
        {
          type: 'ActionSet',
          actions: [
            { type: 'Action.ToggleVisibility', title: 'IIS 6 steps', targetElements: [id] },
          ],
          spacing: 'Small',
        },
        hidden,
      );
    } else {
      items.push(text('IIS 6 only', { weight: 'Bolder', size: 'Small' }));
      items.push(text(numberedList(block.iis6, level.steps), { spacing: 'None' }));
    }
  }
  return items;
};

const buildCard = (
  reply: Reply,
  level: Level,
  trimmed: boolean,
  lead: readonly string[],
  fallbackText: string,
): AdaptiveCard => {
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
  if (reply.codes.length) {
    body.push({
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: reply.codes.slice(0, 6).flatMap((c) => codeItems(c, level)),
    });
  }
  const causes = reply.causes.slice(0, level.causes);
  if (causes.length) {
    body.push(heading(causes.length === 1 ? 'Likely cause' : 'Likely causes'));
    causes.forEach((c, i) => {
      body.push(
        causeRow(
          i,
          c.title,
          c.why.slice(0, level.why).map((w) => clip(w, 300)),
          c.score,
          confidenceWord(c.score),
        ),
      );
    });
  }
  reply.steps
    .slice(0, level.blocks)
    .forEach((block, i) => body.push(...stepItems(block, i, level)));
  const notes = [...reply.notes.slice(0, level.notes), ...(trimmed ? [TRIM_NOTE] : [])];
  for (const note of notes) body.push(text(clip(note, 600), { isSubtle: true, spacing: 'Small' }));
  if (reply.question) {
    const q = reply.question;
    body.push({
      type: 'Container',
      style: 'emphasis',
      spacing: 'Medium',
      items: [
        text(q.text, { weight: 'Bolder' }),
        ...(q.how ? [text(clip(q.how, 600), { isSubtle: true, size: 'Small' })] : []),
        ...buttonRows(q.choices.slice(0, 8)),
      ],
    });
  }
  if (reply.didYouMean?.length) {
    body.push(heading('Did you mean…'));
    body.push(...buttonRows(reply.didYouMean.slice(0, 5)));
  }
  const masked = redactionLine(reply.redactions);
  if (masked) body.push(text(masked, { isSubtle: true, size: 'Small', spacing: 'Medium' }));

  const actions: CardAction[] = reply.actions.slice(0, 5).map((c) => submit(c, 40));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText,
    body,
    ...(actions.length ? { actions } : {}),
    msteams: { width: 'Full' },
  };
};

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
    // the first level's fallback is the plain text itself
    const fallback =
      !trimmed && level.fallback === PLAIN_MAX
        ? plain
        : renderPlainText(
            trimmed ? { ...reply, notes: [...reply.notes, TRIM_NOTE] } : reply,
            level.fallback,
            lead,
          );
    const card = buildCard(reply, level, trimmed, lead, fallback);
    if (extra.length) card.actions = [...(card.actions ?? []), ...extra];
    const bytes = measureCard(card, summary, options.channelData);
    last = { card, text: plain, summary, trimmed, bytes };
    if (bytes <= max) return last;
  }
  return last as CardAnswer;
};

export interface WelcomeOptions {
  /** 'personal' adds the file hint; other scopes the @mention hint. */
  scope: 'personal' | 'groupChat' | 'channel';
  botName: string;
  fileMaxBytes: number;
  /** A log line to try. */
  example: string;
}

const megabytes = (n: number): string => `${Math.round(n / (1024 * 1024))} MB`;

/** The card sent when the bot is added to a chat or team. */
export const renderWelcomeCard = (o: WelcomeOptions): CardAnswer => {
  const where =
    o.scope === 'personal'
      ? `You can also send me a W3C log file (u_ex*.log, up to ${megabytes(o.fileMaxBytes)}) and I will summarise it.`
      : `In this ${o.scope === 'channel' ? 'channel' : 'chat'}, @mention me: "@${o.botName} 401.2 after we moved the site".`;
  const lines = [
    'I explain IIS **401 Unauthorized** errors (and their neighbours) and find the likely cause. Paste any of these:',
    '- a line from the IIS log (u_ex*.log), or several',
    '- the error page ("HTTP Error 401.2 - Unauthorized")',
    '- a code: 401.1, 401 2 5, 0x8009030e, win32 1326',
  ];
  const privacy =
    'Passwords, Authorization headers and connection strings are masked before I read anything.';
  const body: CardElement[] = [
    text(`Hi, I am ${o.botName}`, { size: 'Large', weight: 'Bolder', style: 'heading' }),
    text(lines.join('\n')),
    text(where),
    text(privacy, { isSubtle: true, size: 'Small' }),
  ];
  const say = (title: string, value: string): SubmitAction => ({
    type: 'Action.Submit',
    title,
    data: { text: value },
  });
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: [`Hi, I am ${o.botName}.`, ...lines, where, privacy].join('\n'),
    body,
    actions: [
      say('Try an example', o.example),
      say('What can you do?', 'help'),
      say('List codes', 'codes'),
    ],
    msteams: { width: 'Full' },
  };
  const summary = `${o.botName} explains IIS 401 errors`;
  return {
    card,
    text: card.fallbackText,
    summary,
    trimmed: false,
    bytes: measureCard(card, summary),
  };
};
