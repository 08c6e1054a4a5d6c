import {
  adaptiveCard,
  markdownElements,
  clip,
  measureCard,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../render/index.js';
import { noteLevels } from './render.js';
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

/**
 * A triage note as an Adaptive Card 1.5: its verdict, then its Markdown (facts, causes with their
 * evidence, questions, data to collect, what was masked), trimmed level by level (and saying so)
 * to fit the budget.
 */
export const renderNoteCard = (note: TriageNote, options: NoteCardOptions = {}): NoteCard => {
  const max = options.maxBytes ?? NOTE_CARD_BUDGET;
  const summary = clip(note.verdict, 200);
  let last: NoteCard | undefined;
  for (const [i, markdown] of noteLevels(note).entries()) {
    const body: CardElement[] = [
      ...(options.caption ? [text(options.caption, { isSubtle: true, size: 'Small' })] : []),
      text(note.verdict, {
        size: 'Medium',
        weight: 'Bolder',
        style: 'heading',
        color: note.normal ? 'Good' : 'Default',
      }),
      ...markdownElements(markdown),
    ];
    if (i > 0) {
      body.push(
        text('Shortened to fit in one message: some causes, questions or steps are left out.', {
          isSubtle: true,
          size: 'Small',
        }),
      );
    }
    const card = adaptiveCard(note.verdict, body, options.actions);
    last = { card, summary, bytes: measureCard(card, summary), trimmed: i > 0 };
    if (last.bytes <= max) return last;
  }
  return last as NoteCard;
};
