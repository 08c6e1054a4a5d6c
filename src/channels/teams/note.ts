import type {
  Activity,
  MessagingExtensionAction,
  MessagingExtensionActionResponse,
  TurnContext,
} from 'botbuilder';
import { z } from 'zod';
import { errorLine } from '../../errors.js';
import { readMessage } from '../../extract/index.js';
import type { Logger } from '../../logger.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, type SubmitAction } from '../../render/index.js';
import { renderNoteCard, renderNoteMarkdown, type TriageNote } from '../../triage/index.js';
import { noteUnavailable, type KnowledgeStatus, type TriageConversations } from '../bot-seam.js';
import { cleanTeamsText } from './text.js';

/** The message action's command id (manifest composeExtensions[0].commands[0].id). */
export const TRIAGE_COMMAND_ID = 'triageNote';
/** Marks the dialog's "Post in thread" submit. */
export const POST_NOTE = 'post-note';
/** Marks the "Copy as ticket note" button on the bot's own answers. */
export const TICKET_NOTE_ACTION = 'ticket-note';
/** Redacted ticket text carried by the "Post in thread" button, in characters. */
export const MAX_CARRIED_TEXT = 8_000;
/** Longest note sent as a copyable message (Teams refuses messages near 28 KB). */
const MAX_COPY_CHARS = 18_000;

/** What the "Post in thread" button carries back (everything already redacted). */
const PostNote = z.object({
  iisTriage: z.literal(POST_NOTE),
  /** The message the action ran on: the thread's root in a channel. */
  root: z.string().max(200).nullable(),
  ticket: z.string().max(MAX_CARRIED_TEXT),
  cut: z.boolean(),
  redactions: z
    .array(
      z.object({
        kind: z.enum(['authorization', 'password', 'connection-string', 'secret']),
        count: z.number().int().min(0).max(1_000_000),
      }),
    )
    .max(4),
});
type PostNote = z.infer<typeof PostNote>;

/** True for the "Copy as ticket note" button's value. */
export const isTicketNoteRequest = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  (value as { action?: { type?: unknown } }).action?.type === TICKET_NOTE_ACTION;

/** The button added under the bot's answers (same envelope as the engine's buttons). */
export const ticketNoteButton = (): SubmitAction => ({
  type: 'Action.Submit',
  title: 'Copy as ticket note',
  data: { action: { type: TICKET_NOTE_ACTION } },
});

const dialogMessage = (value: string): MessagingExtensionActionResponse => ({
  task: { type: 'message', value },
});

/** The text of the message the action ran on, with the engineer's optional addition. */
const ticketText = (action: MessagingExtensionAction): string => {
  const body = action.messagePayload?.body;
  const html = typeof body?.content === 'string' ? body.content : '';
  const data = (action.data ?? {}) as { context?: unknown };
  const extra = typeof data.context === 'string' ? cleanTeamsText(data.context) : '';
  return [cleanTeamsText(html), extra].filter(Boolean).join('\n\n');
};

/** The Teams message id a reply in the same thread hangs under. */
const rootOf = (action: MessagingExtensionAction): string | null =>
  action.messagePayload?.replyToId ?? action.messagePayload?.id ?? null;

const noteCardAttachment = (note: TriageNote, post: PostNote | null) => {
  const actions: SubmitAction[] = post
    ? [{ type: 'Action.Submit', title: 'Post in thread', style: 'positive', data: post }]
    : [];
  const rendered = renderNoteCard(note, {
    actions,
    ...(post ? { caption: 'Triage note: only you can see this until you post it.' } : {}),
  });
  return {
    rendered,
    attachment: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: rendered.card },
  };
};

export interface NoteActionDeps {
  knowledge: () => KnowledgeStatus;
  logger: Logger;
  now: () => number;
}

type Ready = Extract<KnowledgeStatus, { state: 'ready' }>;

/** First step: the note as a dialog card for the engineer only, with "Post in thread". */
const openNote = async (
  action: MessagingExtensionAction,
  { knowledge, engine }: Ready,
): Promise<MessagingExtensionActionResponse> => {
  const text = ticketText(action);
  if (!text.trim()) {
    return dialogMessage(
      'That message has no text I can read (only pictures or a card?). Paste the error or the log lines as text and try again.',
    );
  }
  const note = await engine.run('note', text);
  // the button carries the redacted text, so the posted note is rebuilt without keeping any state
  const redacted = readMessage(text, knowledge.reference).text;
  const post: PostNote = {
    iisTriage: POST_NOTE,
    root: rootOf(action),
    ticket: redacted.slice(0, MAX_CARRIED_TEXT),
    cut: redacted.length > MAX_CARRIED_TEXT || note.truncated,
    redactions: note.redactions,
  };
  const { attachment } = noteCardAttachment(note, post);
  return {
    task: {
      type: 'continue',
      value: { title: 'Triage with iis-triage', width: 'large', height: 'large', card: attachment },
    },
  };
};

/** Channel posts thread under their root message; chats have no threads. */
const threadConversation = (context: TurnContext, root: string | null): string | null => {
  const c = context.activity.conversation;
  if (c?.conversationType !== 'channel' || !root) return null;
  return `${c.id.split(';')[0]};messageid=${root}`;
};

/** Second step: the engineer pressed "Post in thread"; the bot posts the note there. */
const postNote = async (
  context: TurnContext,
  post: PostNote,
  { engine }: Ready,
  logger: Logger,
): Promise<MessagingExtensionActionResponse> => {
  const rebuilt = await engine.run('note', post.ticket);
  const note: TriageNote = {
    ...rebuilt,
    redactions: post.redactions,
    truncated: rebuilt.truncated || post.cut,
  };
  const { rendered, attachment } = noteCardAttachment(note, null);
  const thread = threadConversation(context, post.root);
  if (thread) {
    context.onSendActivities(async (_ctx, activities, next) => {
      for (const a of activities) {
        if (a.type !== 'message') continue;
        a.conversation = { ...context.activity.conversation, id: thread };
        a.replyToId = post.root ?? undefined;
      }
      return next();
    });
  }
  const activity: Partial<Activity> = {
    type: 'message',
    summary: rendered.summary,
    attachments: [attachment],
  };
  try {
    await context.sendActivity(activity);
  } catch (err) {
    // the bot is not a member of this team or chat: tell the engineer instead of failing the dialog
    logger.warn(
      {
        activityId: context.activity.id,
        err: errorLine(err),
      },
      'triage note not posted',
    );
    return dialogMessage(
      'I could not post in this conversation: add the iis-triage app to the team or chat first. You can still copy the note from the card.',
    );
  }
  logger.info(
    {
      activityId: context.activity.id,
      causes: note.causes.map((c) => c.id),
      bytes: rendered.bytes,
    },
    'triage note posted',
  );
  return {};
};

/**
 * The "Triage with iis-triage" message action (composeExtension/submitAction): opens the note as a
 * dialog card for the invoking engineer only; its "Post in thread" button comes back here and the
 * bot posts the card as a reply in the message's thread.
 */
export const answerTriageAction = async (
  context: TurnContext,
  action: MessagingExtensionAction,
  deps: NoteActionDeps,
): Promise<MessagingExtensionActionResponse> => {
  const status = deps.knowledge();
  if (status.state !== 'ready') return dialogMessage(noteUnavailable(status));
  const post = PostNote.safeParse(action.data);
  if (post.success) return postNote(context, post.data, status, deps.logger);
  if (action.commandId !== TRIAGE_COMMAND_ID) {
    return dialogMessage(`I do not know the command "${String(action.commandId).slice(0, 40)}".`);
  }
  const started = deps.now();
  const response = await openNote(action, status);
  deps.logger.info(
    { activityId: context.activity.id, command: action.commandId, ms: deps.now() - started },
    'triage note opened',
  );
  return response;
};

/**
 * "Copy as ticket note" under a bot answer: the note for the conversation so far as Markdown in a
 * code block, which Teams shows with a copy button.
 */
export const copyTicketNote = async (
  context: TurnContext,
  conversations: TriageConversations,
  ref: { channelId: string; conversationId: string },
): Promise<void> => {
  const note = await conversations.ticketNote(ref);
  if (!note) {
    await context.sendActivity(
      'There is nothing to put in a ticket note yet: send me the error, the code or the log lines first.',
    );
    return;
  }
  let markdown = renderNoteMarkdown(note).replace(/```/g, "'''");
  if (markdown.length > MAX_COPY_CHARS) {
    markdown = `${markdown.slice(0, MAX_COPY_CHARS)}\n… (shortened to fit in one message)`;
  }
  await context.sendActivity({
    type: 'message',
    textFormat: 'markdown',
    summary: note.verdict.slice(0, 200),
    text: `Ticket note for this conversation (copy the block):\n\n\`\`\`\n${markdown}\n\`\`\``,
  });
};
