import type { CodeExplanation, Reply, StepBlock } from '../dialog/types.js';
import { buttonRows, heading, subtle, text, toggled } from './card-elements.js';
import type { CardElement } from './card-types.js';
import { splitCommands } from './commands.js';
import { clip, confidenceWord, count, percent } from './words.js';

// The parts of an answer's card: its codes, causes, question and steps, each at a level of detail.

/** How much of the reply a card carries; each level keeps less (`meaning`, `fallback`: characters). */
export const LEVELS = [
  { causes: 5, why: 3, blocks: 4, steps: 12, notes: 6, meaning: 1200, fallback: 4000, iis6: true },
  { causes: 3, why: 2, blocks: 3, steps: 6, notes: 3, meaning: 600, fallback: 2500, iis6: true },
  { causes: 3, why: 1, blocks: 1, steps: 5, notes: 2, meaning: 300, fallback: 1200, iis6: false },
  { causes: 3, why: 0, blocks: 0, steps: 0, notes: 1, meaning: 160, fallback: 600, iis6: false },
];
export type Level = (typeof LEVELS)[number];

/** Steps of a block shown at once: at least one, then while they stay short (the rest one click away). */
const SHOWN_STEPS = 3;
const SHOWN_STEP_CHARS = 420;

/** A button that shows or hides `items` and the hidden container; ids unique within one card. */
export type Toggles = (title: string, items: CardElement[]) => CardElement[];
export const newToggles = (): Toggles => {
  let n = 0;
  return (title, items) => (items.length ? toggled(`more-${++n}`, title, items) : []);
};

/** The rest of a paragraph after its first sentence (what "more" shows). */
const rest = (whole: string, brief: string | undefined): string =>
  brief && whole.startsWith(brief) ? whole.slice(brief.length).trim() : brief ? whole : '';

export const codeItems = (
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
    return [head, ...toggles('What it means', again)];
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
  return [...items, ...toggles('More about this code', more)];
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

export const stepItems = (
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
    ...toggles(
      count(main.length - shown, 'more step', 'more steps'),
      stepList(main.slice(shown), shown + 1),
    ),
  );
  if (block.iis6.length && level.iis6) {
    const old = block.iis6.slice(0, level.steps);
    if (!main.length) items.push(...stepList(old));
    else
      items.push(
        ...toggles('IIS 6 steps', [
          text('IIS 6', { weight: 'Bolder', size: 'Small' }),
          ...stepList(old),
        ]),
      );
  }
  return items;
};

/** One ranked cause: number and title, the confidence and its word on the right. */
const causeRow = (index: number, title: string, score: number): CardElement => ({
  type: 'ColumnSet',
  spacing: 'Small',
  columns: [
    {
      type: 'Column',
      width: 'stretch',
      items: [text(`${index + 1}. ${title}`, { weight: index === 0 ? 'Bolder' : 'Default' })],
    },
    {
      type: 'Column',
      width: 'auto',
      items: [
        text(percent(score), {
          weight: 'Bolder',
          color: score >= 0.7 ? 'Good' : score >= 0.4 ? 'Accent' : 'Default',
        }),
        text(confidenceWord(score), { isSubtle: true, size: 'Small', spacing: 'None' }),
      ],
    },
  ],
});

export const causeItems = (reply: Reply, level: Level, toggles: Toggles): CardElement[] => {
  const causes = reply.causes.slice(0, level.causes);
  if (!causes.length) return [];
  // explain and win32 list the usual causes of a code: a reference, not a ranking
  const ranked = causes.some((c) => c.score > 0);
  const items: CardElement[] = [
    heading(ranked ? (causes.length === 1 ? 'Likely cause' : 'Likely causes') : 'Usual causes'),
  ];
  causes.forEach((c, i) => {
    items.push(
      ranked ? causeRow(i, c.title, c.score) : text(`${i + 1}. ${c.title}`, { spacing: 'Small' }),
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
  items.push(...toggles(ranked ? 'Why these causes' : 'What they are', why));
  return items;
};

export const questionItems = (q: NonNullable<Reply['question']>): CardElement[] => [
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
