import type { Choice, CodeExplanation, Reply, StepBlock } from '../dialog/types.js';
import { clip, renderPlainText } from './card-text.js';
import { splitCommands } from './commands.js';
import { confidenceWord, maskedText, percent } from './words.js';
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

export type * from './card-types.js';
export { ADAPTIVE_CARD_CONTENT_TYPE } from './card-types.js';
export { renderPlainText } from './card-text.js';

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

/** Steps of a block shown at once: at least one, then while they stay short (the rest one click away). */
const SHOWN_STEPS = 3;
const SHOWN_STEP_CHARS = 420;

const TRIM_NOTE =
  'I shortened this answer to fit in one message: some steps or causes are left out. Answer the question or pick a cause to see its full steps.';

/** Ids for the parts a card hides behind toggles, unique within one card. */
class Toggles {
  private n = 0;
  /** A button that shows or hides `items`, and the hidden container itself. */
  add(title: string, items: CardElement[]): CardElement[] {
    if (!items.length) return [];
    const id = `more-${++this.n}`;
    return [
      {
        type: 'ActionSet',
        actions: [{ type: 'Action.ToggleVisibility', title, targetElements: [id] }],
        spacing: 'Small',
      },
      { type: 'Container', id, isVisible: false, items },
    ];
  }
}

const subtle = (t: string): TextBlock =>
  text(t, { isSubtle: true, size: 'Small', spacing: 'None' });

/** The rest of a paragraph after its first sentence (what "more" shows). */
const rest = (whole: string, brief: string | undefined): string =>
  brief && whole.startsWith(brief) ? whole.slice(brief.length).trim() : brief ? whole : '';

const codeItems = (
  c: CodeExplanation,
  level: Level,
  toggles: Toggles,
  full: boolean,
): CardElement[] => {
  const head = text(`**${c.label}**${c.benign ? ' — normal challenge leg' : ''}`, {
    color: c.benign ? 'Good' : 'Default',
  });
  const win32Text = c.win32Meaning ? `win32 ${c.win32Name ? `${c.win32Name}: ` : ''}` : '';
  if (c.repeat && !full) {
    // explained earlier in the conversation: the label, the meaning one click away
    const again = [text(clip(c.meaning, level.meaning), { spacing: 'None' })];
    if (c.win32Meaning) again.push(subtle(clip(`${win32Text}${c.win32Meaning}`, level.meaning)));
    return [head, ...toggles.add('What it means', again)];
  }
  const brief = full ? c.meaning : (c.brief ?? c.meaning);
  const items: CardElement[] = [head, text(clip(brief, level.meaning), { spacing: 'None' })];
  const more: CardElement[] = [];
  const after = full ? '' : rest(c.meaning, c.brief);
  if (after) more.push(text(clip(after, level.meaning), { spacing: 'None' }));
  if (c.win32Meaning) {
    const shown = full ? c.win32Meaning : (c.win32Brief ?? c.win32Meaning);
    items.push(subtle(clip(`${win32Text}${shown}`, level.meaning)));
    const later = full ? '' : rest(c.win32Meaning, c.win32Brief);
    if (later) more.push(subtle(clip(later, level.meaning)));
  }
  return [...items, ...toggles.add('More about this code', more)];
};

/** One numbered step: its prose, then its commands in monospace. */
const stepElements = (step: string, n: number, first: boolean): CardElement[] => {
  const { prose, commands } = splitCommands(clip(step, 800));
  return [
    text(`${n}. ${prose}`, { spacing: first ? 'Default' : 'Small' }),
    ...commands.map((cmd) =>
      text(cmd, { fontType: 'Monospace', size: 'Small', spacing: 'None', color: 'Accent' }),
    ),
  ];
};

const stepList = (steps: readonly string[], from = 1): CardElement[] =>
  steps.flatMap((s, i) => stepElements(s, from + i, i === 0));

/** How many steps to show at once: at least one, at most `max`, within SHOWN_STEP_CHARS. */
const shownCount = (steps: readonly string[], max: number): number => {
  let chars = 0;
  let n = 0;
  for (const s of steps.slice(0, max)) {
    // a command shows twice: named in the prose, whole in its monospace line
    chars += s.length + splitCommands(s).commands.join('').length;
    if (n > 0 && chars > SHOWN_STEP_CHARS) break;
    n++;
  }
  return n;
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const stepItems = (
  block: StepBlock,
  level: Level,
  toggles: Toggles,
  first: boolean,
): CardElement[] => {
  // every version's steps first, then IIS 7-10's; IIS 6 (Server 2003) behind its own toggle
  const main = [...block.all, ...block.iis7].slice(0, level.steps);
  const items: CardElement[] = [heading(block.title)];
  // the first block shows a few steps; later ones (the fix, its check) their first step
  const shown = shownCount(main, first ? SHOWN_STEPS : 1);
  items.push(...stepList(main.slice(0, shown)));
  items.push(
    ...toggles.add(
      plural(main.length - shown, 'more step', 'more steps'),
      stepList(main.slice(shown), shown + 1),
    ),
  );
  if (block.iis6.length && level.iis6) {
    const old = block.iis6.slice(0, level.steps);
    if (!main.length) items.push(...stepList(old));
    else
      items.push(
        ...toggles.add('IIS 6 steps', [
          text('IIS 6', { weight: 'Bolder', size: 'Small' }),
          ...stepList(old),
        ]),
      );
  }
  return items;
};

const causeItems = (reply: Reply, level: Level, toggles: Toggles): CardElement[] => {
  const causes = reply.causes.slice(0, level.causes);
  if (!causes.length) return [];
  // explain and win32 list the usual causes of a code: a reference, not a ranking
  const ranked = causes.some((c) => c.score > 0);
  const items: CardElement[] = [
    heading(ranked ? (causes.length === 1 ? 'Likely cause' : 'Likely causes') : 'Usual causes'),
  ];
  causes.forEach((c, i) => {
    items.push(
      ranked
        ? causeRow(i, c.title, [], c.score, confidenceWord(c.score))
        : text(`${i + 1}. ${c.title}`, { spacing: 'Small' }),
    );
  });
  const why = causes.flatMap((c, i) => {
    const lines = c.why.slice(0, level.why).map((w) => clip(w, 300));
    return lines.length
      ? [
          text(`${i + 1}. ${c.title}`, { weight: 'Bolder', size: 'Small' }),
          subtle(lines.join(' · ')),
        ]
      : [];
  });
  items.push(...toggles.add(ranked ? 'Why these causes' : 'What they are', why));
  return items;
};

const questionItems = (q: NonNullable<Reply['question']>): CardElement[] => [
  {
    type: 'Container',
    style: 'emphasis',
    spacing: 'Medium',
    items: [
      text(q.text, { weight: 'Bolder' }),
      ...(q.how ? [text(clip(q.how, 600), { isSubtle: true, size: 'Small' })] : []),
      ...buttonRows(q.choices.slice(0, 8)),
    ],
  },
];

const buildCard = (
  reply: Reply,
  level: Level,
  trimmed: boolean,
  lead: readonly string[],
  fallbackText: string,
  chart?: CardElement,
): AdaptiveCard => {
  const toggles = new Toggles();
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

const visibleParts = (elements: readonly CardElement[]): string[] =>
  elements.flatMap((e): string[] => {
    switch (e.type) {
      case 'TextBlock':
        return [e.text.replace(/\*\*/g, '')];
      case 'FactSet':
        return e.facts.map((f) => `${f.title} ${f.value}`);
      case 'ColumnSet':
        return e.columns.flatMap((c) => visibleParts(c.items));
      case 'Container':
        return e.isVisible === false ? [] : visibleParts(e.items);
      case 'ActionSet':
        return e.actions.map((a) => a.title);
      case 'Chart.Line':
        return e.title ? [e.title] : [];
    }
  });

/** The text a card shows before anything is clicked: hidden parts left out, button titles in. */
export const visibleText = (card: AdaptiveCard): string =>
  [...visibleParts(card.body), ...(card.actions ?? []).map((a) => a.title)].join('\n');

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
    const chart = i < LEVELS.length - 1 ? options.chart : undefined;
    const card = buildCard(reply, level, trimmed, lead, fallback, chart);
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
