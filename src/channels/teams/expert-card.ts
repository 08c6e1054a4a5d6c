import type { Activity } from 'botbuilder';
import type { Knowledge } from '../../knowledge/index.js';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  clip,
  heading,
  markdownElements,
  text,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type SubmitAction,
} from '../../render/index.js';
import type { TicketRecord } from '../../state/index.js';
import { renderNoteCard } from '../../triage/index.js';
import {
  ASK_EXPERT,
  EXPERT_KEY,
  MAX_NOTE,
  MAX_OTHER,
  MAX_RELAYED,
  OTHER_CAUSE,
  type CauseChoice,
} from '../expert/index.js';
import { statusText, ticketCourse, ticketMarkdown } from '../expert/view.js';

/** Adaptive Card inputs and Action.ShowCard: only the expert loop's cards use them. */
interface InputText {
  type: 'Input.Text';
  id: string;
  label?: string;
  placeholder?: string;
  isMultiline?: boolean;
  maxLength?: number;
}
interface InputChoiceSet {
  type: 'Input.ChoiceSet';
  id: string;
  label?: string;
  style: 'compact' | 'expanded';
  choices: { title: string; value: string }[];
  placeholder?: string;
}
type Element = CardElement | InputText | InputChoiceSet;
interface ShowCard {
  type: 'Action.ShowCard';
  title: string;
  card: { type: 'AdaptiveCard'; body: Element[]; actions: SubmitAction[] };
}
export interface FormCard extends Omit<AdaptiveCard, 'body' | 'actions'> {
  body: Element[];
  actions?: (CardAction | ShowCard)[];
}

/** The ticket card stays under this (Teams refuses messages near 28 KB); the note gets the rest. */
const TICKET_BUDGET = 24_000;
/** Room kept for the header, history, resolution and the forms. */
const TICKET_FRAME = 9_000;

/** "Ask an expert" under an answer; prominent (a primary button) when the bot was unsure. */
export const askExpertButton = (prominent: boolean): SubmitAction => ({
  type: 'Action.Submit',
  title: 'Ask an expert',
  data: { ...ASK_EXPERT },
  ...(prominent ? { style: 'positive' as const } : {}),
});

const submit = (
  title: string,
  action: string,
  ticket: string,
  style?: SubmitAction['style'],
): SubmitAction => ({
  type: 'Action.Submit',
  title,
  data: { [EXPERT_KEY]: action, ticket },
  ...(style ? { style } : {}),
});

/**
 * A ticket as the experts' channel shows it: status, who asked, once resolved the confirmed cause,
 * their words (ticketMarkdown), the triage note, its course, and while it is open the experts'
 * actions: Assign to me, Ask the user, Resolve with the confirmed cause and a note.
 */
export const renderTicketCard = (
  t: TicketRecord,
  choices: readonly CauseChoice[],
  knowledge: Knowledge | undefined,
): FormCard => {
  const note = renderNoteCard(t.note, { maxBytes: TICKET_BUDGET - TICKET_FRAME });
  const actions: (CardAction | ShowCard)[] =
    t.status === 'resolved'
      ? []
      : [
          ...(t.status === 'open' ? [submit('Assign to me', 'assign', t.id)] : []),
          {
            type: 'Action.ShowCard',
            title: 'Ask the user',
            card: {
              type: 'AdaptiveCard',
              body: [
                {
                  type: 'Input.Text',
                  id: 'question',
                  label: `Question for ${clip(t.asker.name, 60)} (sent to their chat)`,
                  isMultiline: true,
                  maxLength: MAX_RELAYED,
                },
              ],
              actions: [submit('Send to the asker', 'ask', t.id)],
            },
          },
          {
            type: 'Action.ShowCard',
            title: 'Resolve',
            card: {
              type: 'AdaptiveCard',
              body: [
                {
                  type: 'Input.ChoiceSet',
                  id: 'cause',
                  label: 'Confirmed cause',
                  style: 'compact',
                  placeholder: 'Choose the cause',
                  choices: [
                    ...choices.map((c) => ({
                      title: clip(`${c.title} (${c.id})`, 120),
                      value: c.id,
                    })),
                    { title: 'Other (name it below)', value: OTHER_CAUSE },
                  ],
                },
                {
                  type: 'Input.Text',
                  id: 'other',
                  label: 'Other: the cause in a few words',
                  maxLength: MAX_OTHER,
                },
                {
                  type: 'Input.Text',
                  id: 'note',
                  label: 'Note for the asker (what fixed it)',
                  isMultiline: true,
                  maxLength: MAX_NOTE,
                },
              ],
              actions: [submit('Resolve and tell the asker', 'resolve', t.id, 'positive')],
            },
          },
        ];
  return {
    ...note.card,
    fallbackText: `Expert ticket ${t.id} (${statusText(t)}): ${clip(t.note.verdict, 300)}`,
    body: [
      text(`Expert ticket ${t.id}`, { size: 'Large', weight: 'Bolder', style: 'heading' }),
      ...markdownElements(ticketMarkdown(t, knowledge)),
      { ...heading('What I made of it'), separator: true, spacing: 'Large' },
      ...note.card.body,
      ...markdownElements(ticketCourse(t)),
    ],
    actions,
  };
};

/** The question an expert relays, in the asker's chat, with a box for the answer. */
export const renderRelayCard = (t: TicketRecord, expert: string, question: string): FormCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  fallbackText: `${expert} (expert, ticket ${t.id}) asks: ${question}`,
  body: [
    text(`${expert} asks about your question (ticket ${t.id})`, { weight: 'Bolder' }),
    text(clip(question, MAX_RELAYED)),
    {
      type: 'Input.Text',
      id: 'answer',
      label: 'Your answer (it goes to the expert)',
      isMultiline: true,
      maxLength: MAX_RELAYED,
    },
  ],
  actions: [submit('Send to the expert', 'answer', t.id, 'positive')],
  msteams: { width: 'Full' },
});

/** A card as the message activity that carries it. */
export const formActivity = (card: FormCard, summary: string): Partial<Activity> => ({
  type: 'message',
  summary: clip(summary, 200),
  attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
});
