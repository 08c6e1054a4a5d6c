import type { ViewSubmitAction } from '@slack/bolt';
import type { Knowledge } from '../../knowledge/index.js';
import { button, sections, toMrkdwn, truncate, type SlackBlock } from '../../render/index.js';
import type { TicketRecord } from '../../state/index.js';
import { renderNoteBlocks } from '../../triage/index.js';
import {
  MAX_NOTE,
  MAX_OTHER,
  MAX_RELAYED,
  OTHER_CAUSE,
  type CauseChoice,
} from '../expert/index.js';
import { statusText, ticketCourse, ticketMarkdown } from '../expert/view.js';

/** action_ids of the expert loop (outside the engine's `iis-triage:` ids). */
export const EXPERT_ACTIONS = {
  ask: 'iis-expert:ask',
  assign: 'iis-expert:assign',
  askUser: 'iis-expert:ask-user',
  resolve: 'iis-expert:resolve',
  answer: 'iis-expert:answer',
} as const;
/** callback_ids of the modals: the expert's question, the resolution, the asker's answer. */
export const EXPERT_VIEWS = {
  askUser: 'iis-expert-ask-user',
  resolve: 'iis-expert-resolve',
  answer: 'iis-expert-answer',
} as const;

/** Slack's limit on a static select's options. */
const MAX_OPTIONS = 100;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

/** The "Ask an expert" button under an answer: primary when the bot was unsure. */
export const askExpertBlock = (prominent: boolean): SlackBlock => ({
  type: 'actions',
  block_id: 'iis-expert',
  elements: [button('Ask an expert', EXPERT_ACTIONS.ask, 'ask', prominent ? 'primary' : undefined)],
});

/** The "Answer" button under a question relayed to the asker. */
export const answerBlock = (ticket: string): SlackBlock => ({
  type: 'actions',
  block_id: 'iis-expert-answer',
  elements: [button('Answer', EXPERT_ACTIONS.answer, ticket, 'primary')],
});

/** Markdown as mrkdwn, the people it names (ours: `<@U...>`) still shown as mentions. */
const mrkdwn = (markdown: string): string =>
  toMrkdwn(markdown).replace(/&lt;@([UW][A-Z0-9]{1,20})&gt;/g, '<@$1>');

/**
 * A ticket as the experts' channel shows it: status, asker, the outcome once resolved, their words
 * (ticketMarkdown), the triage note, its course, and while it is not resolved the experts' buttons.
 */
export const ticketBlocks = (
  t: TicketRecord,
  knowledge: Knowledge | undefined,
): { text: string; blocks: SlackBlock[] } => {
  const caption = truncate(
    mrkdwn(`**Expert ticket ${t.id}** · ${ticketMarkdown(t, knowledge)}`),
    1990,
  );
  const extra: SlackBlock[] = sections(mrkdwn(ticketCourse(t)));
  if (!t.resolution) {
    extra.push({
      type: 'actions',
      block_id: `iis-expert-ticket`,
      elements: [
        ...(t.status === 'open' ? [button('Assign to me', EXPERT_ACTIONS.assign, t.id)] : []),
        button('Ask the user', EXPERT_ACTIONS.askUser, t.id),
        button('Resolve', EXPERT_ACTIONS.resolve, t.id, 'primary'),
      ],
    });
  }
  const message = renderNoteBlocks(t.note, { caption, extra });
  return { text: `Expert ticket ${t.id}: ${statusText(t)}`, blocks: message.blocks };
};

const modal = (callbackId: string, ticket: string, title: string, submit: string) => ({
  type: 'modal' as const,
  callback_id: callbackId,
  private_metadata: ticket,
  title: plain(title),
  submit: plain(submit),
  close: plain('Cancel'),
});

const textInput = (id: string, label: string, max: number, optional = false) => ({
  type: 'input' as const,
  block_id: id,
  optional,
  label: plain(label),
  element: { type: 'plain_text_input' as const, action_id: id, multiline: true, max_length: max },
});

/** The asker's answer to a relayed question. */
export const answerView = (ticket: string) => ({
  ...modal(EXPERT_VIEWS.answer, ticket, 'Answer the expert', 'Send'),
  blocks: [textInput('answer', 'Your answer', MAX_RELAYED)],
});

/** The expert's question to the asker. */
export const askUserView = (ticket: string) => ({
  ...modal(EXPERT_VIEWS.askUser, ticket, 'Ask the user', 'Send'),
  blocks: [textInput('question', 'Your question to the asker', MAX_RELAYED)],
});

/** The resolution: the confirmed cause (ranked ones first, then Other), and a note. */
export const resolveView = (ticket: string, choices: readonly CauseChoice[]) => {
  const options = [
    ...choices.slice(0, MAX_OPTIONS - 1).map((c) => ({
      text: plain(truncate(`${c.title} (${c.id})`, 75)),
      value: c.id,
    })),
    { text: plain('Other (name it below)'), value: OTHER_CAUSE },
  ];
  return {
    ...modal(EXPERT_VIEWS.resolve, ticket, 'Resolve the ticket', 'Resolve'),
    blocks: [
      {
        type: 'input' as const,
        block_id: 'cause',
        label: plain('Confirmed cause'),
        element: { type: 'static_select' as const, action_id: 'cause', options },
      },
      textInput('other', 'Other: the cause in a few words', MAX_OTHER, true),
      textInput('note', 'Note for the asker (what you found, what fixed it)', MAX_NOTE, true),
    ],
  };
};

/** Values of a submitted modal, by block id (text inputs and the cause select). */
export const valuesOf = (view: ViewSubmitAction['view']): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [block, actions] of Object.entries(view.state.values)) {
    const a = actions[block];
    out[block] = a?.selected_option?.value ?? a?.value ?? '';
  }
  return out;
};
