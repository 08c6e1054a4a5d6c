import {
  adaptiveCard,
  causeRow,
  toggled,
  clip,
  heading,
  text,
  measureCard,
  subtle,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Container,
} from '../render/index.js';
import { factLines, redactionText, win32Line } from './render.js';
import type { TriageNote } from './types.js';

/** Serialised size a note card stays under (Teams refuses messages near 28 KB). */
export const NOTE_CARD_BUDGET = 22_000;

export interface NoteCardOptions {
  /** Buttons under the note (post in the thread, copy). */
  actions?: CardAction[];
  /** Largest serialised message in UTF-8 bytes. */
  maxBytes?: number;
  /** A small line above the verdict ("Triage note - only you can see this"). */
  caption?: string;
}

export interface NoteCard {
  card: AdaptiveCard;
  /** One line for previews and notifications. */
  summary: string;
  bytes: number;
  /** True when detail was left out to fit the budget. */
  trimmed: boolean;
}

/** How much of the note each try keeps; `text` is the characters of one meaning or step. */
const LEVELS = [
  { causes: 5, why: 3, questions: 8, items: 8, steps: 14, text: 700 },
  { causes: 4, why: 2, questions: 6, items: 6, steps: 8, text: 400 },
  { causes: 3, why: 1, questions: 4, items: 4, steps: 5, text: 250 },
  { causes: 3, why: 0, questions: 3, items: 3, steps: 0, text: 160 },
];
type Level = (typeof LEVELS)[number];

const numbered = (items: readonly string[], max: number, each: number): string =>
  items
    .slice(0, max)
    .map((s, i) => `${i + 1}. ${clip(s, each)}`)
    .join('\n');

const buildCard = (note: TriageNote, level: Level, o: NoteCardOptions): AdaptiveCard => {
  const body: CardElement[] = [];
  if (o.caption) body.push(text(o.caption, { isSubtle: true, size: 'Small' }));
  body.push(
    text(note.verdict, {
      size: 'Medium',
      weight: 'Bolder',
      style: 'heading',
      color: note.normal ? 'Good' : 'Default',
    }),
  );

  const f = note.facts;
  const facts: CardElement[] = f.codes.slice(0, 8).flatMap((c) => {
    const w = win32Line(c);
    const win32 = w ? [subtle(clip(w, level.text))] : [];
    return [
      text(`**${c.label}**: ${clip(c.meaning, level.text)}`, {
        color: c.benign ? 'Good' : 'Default',
        size: 'Small',
      }),
      ...win32,
    ];
  });
  const context = factLines(note);
  if (context.length)
    facts.push(text(context.map((l) => `- ${clip(l, 300)}`).join('\n'), { size: 'Small' }));
  if (f.logs)
    facts.push(text(f.logs.summary.map((l) => `- ${clip(l, 300)}`).join('\n'), { size: 'Small' }));
  if (facts.length) {
    body.push(heading('Facts found'), {
      type: 'Container',
      spacing: 'Small',
      items: facts,
    } satisfies Container);
  }

  const causes = note.causes.slice(0, level.causes);
  if (causes.length) {
    body.push(heading('Likely causes'));
    causes.forEach((c, i) => {
      body.push(
        causeRow(
          i,
          c.title,
          c.why.slice(0, level.why).map((w) => clip(w, 240)),
          c.score,
          c.confidence,
        ),
      );
    });
  }

  if (note.questions.length) {
    body.push(
      heading('Questions for the customer'),
      text(
        numbered(
          note.questions.map((q) => q.text),
          level.questions,
          400,
        ),
      ),
    );
  }

  const items = note.collect.slice(0, level.items);
  if (items.length) {
    body.push(heading('Data to collect'));
    items.forEach((item, i) => {
      body.push(text(`${i + 1}. **${item.title}**`, { spacing: 'Small' }));
      body.push(subtle(clip(item.why, 300)));
      if (level.steps > 0 && item.steps.length) {
        const steps = text(numbered(item.steps, level.steps, level.text), {
          size: 'Small',
          spacing: 'None',
        });
        // the top item is open; the others fold away so the card stays readable
        body.push(...(i === 0 ? [steps] : toggled(`collect-${i}`, 'Steps', [steps], 'None')));
      }
    });
  }

  body.push(
    text(redactionText(note.redactions), { isSubtle: true, size: 'Small', spacing: 'Medium' }),
  );
  return adaptiveCard(note.verdict, body, o.actions);
};

/** A triage note as an Adaptive Card 1.5, trimmed level by level (and saying so) to fit the budget. */
export const renderNoteCard = (note: TriageNote, options: NoteCardOptions = {}): NoteCard => {
  const max = options.maxBytes ?? NOTE_CARD_BUDGET;
  const summary = clip(note.verdict, 200);
  let last: NoteCard | undefined;
  for (const [i, level] of LEVELS.entries()) {
    const card = buildCard(note, level, options);
    if (i > 0) {
      card.body.push(
        text('Shortened to fit in one message: some causes, questions or steps are left out.', {
          isSubtle: true,
          size: 'Small',
        }),
      );
    }
    const bytes = measureCard(card, summary);
    last = { card, summary, bytes, trimmed: i > 0 };
    if (bytes <= max) return last;
  }
  return last as NoteCard;
};
