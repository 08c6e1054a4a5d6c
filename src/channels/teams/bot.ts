import {
  ActivityTypes,
  DeliveryModes,
  TeamsActivityHandler,
  TurnContext,
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
} from 'botbuilder';
import { parseInput, type Action, type Reply } from '../../dialog/index.js';
import type { Logger } from '../../logger.js';
import { cutNote, noticeReply, type FeedbackInput, type TriageConversations } from '../bot-seam.js';
import {
  answerActivity,
  isCardChannel,
  welcomeActivity,
  type OutgoingAnswer,
} from './activities.js';
import { teamsFiles, type Downloader, type TeamsFile } from './files.js';
import { personOf, refOf, scopeOf } from './conversation.js';
import { readTeamsFile } from './file-turn.js';
import { teamsFeedback } from './feedback.js';
import { parseExpertCommand, unsureReason } from '../expert/index.js';
import type { TeamsExperts } from './expert.js';
import { badInvoke, invokeProblem } from './invokes.js';
import { answerTriageAction, copyTicketNote, isTicketNoteRequest } from './note.js';
import { cleanTeamsText, MAX_TEXT_CHARS } from './text.js';

export interface TeamsBotDeps {
  conversations: TriageConversations;
  logger: Logger;
  download: Downloader;
  fileMaxBytes: number;
  botName?: string;
  now?: () => number;
  /** The expert loop ("Ask an expert", tickets, kept records); off when undefined. */
  experts?: TeamsExperts;
}

/** Typed text, a button's Action, or a downloaded log file. */
type TurnInput = string | Action | { file: string; text: string };

export const DEFAULT_BOT_NAME = 'iis-triage';

/** A log line that shows what the bot does (a bad password on an NTLM logon). */
export const EXAMPLE_LINE =
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 401 1 1326 31';

const hasValue = (v: unknown): boolean =>
  v !== undefined && v !== null && (typeof v !== 'object' || Object.keys(v).length > 0);

/**
 * "Typing…" while we read. Not under expectReplies: every activity then comes back in the one
 * HTTP response, after the turn, so an indicator would arrive with the answer it announces.
 */
const sendTyping = async (context: TurnContext): Promise<void> => {
  if (context.activity.deliveryMode === DeliveryModes.ExpectReplies) return;
  await context.sendActivity({ type: ActivityTypes.Typing });
};

/**
 * The Teams (and any Bot Framework channel) front door: activities in, the engine through the seam,
 * Adaptive Cards out. All botbuilder knowledge about messages lives here.
 */
export class TeamsTriageBot extends TeamsActivityHandler {
  private readonly botName: string;
  private readonly now: () => number;

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.botName = deps.botName ?? DEFAULT_BOT_NAME;
    this.now = deps.now ?? Date.now;
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if ((context.activity.membersAdded ?? []).some((m) => m.id === botId)) {
        await context.sendActivity(
          welcomeActivity({
            scope: scopeOf(context.activity),
            botName: this.botName,
            fileMaxBytes: deps.fileMaxBytes,
            example: EXAMPLE_LINE,
            cards: isCardChannel(context.activity.channelId),
          }),
        );
      }
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const problem = invokeProblem(context.activity);
    if (problem) {
      this.deps.logger.info(
        { activityId: context.activity.id, name: context.activity.name, problem },
        'invoke refused',
      );
      return badInvoke(context.activity.name, problem);
    }
    if (context.activity.name !== 'message/submitAction') return super.onInvokeActivity(context);
    const feedback = teamsFeedback(context.activity);
    if (feedback) await this.keepFeedback(context, feedback);
    // Teams wants 200 with an empty body here, and no chat message
    return { status: 200 };
  }

  /** The "Triage with iis-triage" message action, and its dialog's "Post in thread" button. */
  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
    action: MessagingExtensionAction,
  ): Promise<MessagingExtensionActionResponse> {
    return answerTriageAction(context, action, {
      knowledge: () => this.deps.conversations.knowledgeStatus(),
      logger: this.deps.logger,
      now: this.now,
    });
  }

  /** Keeps a 👍/👎 with its conversation, and as a record for review when the expert loop is on. */
  private async keepFeedback(context: TurnContext, input: FeedbackInput): Promise<void> {
    const ref = refOf(context.activity);
    const user = personOf(context.activity).id;
    const feedback = await this.deps.conversations.recordFeedback(ref, user, input);
    await this.deps.experts?.desk.keepFeedback(ref, user, feedback);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const whole = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const text = cleanTeamsText(whole.slice(0, 400_000));
    // cleanTeamsText reads MAX_TEXT_CHARS at most: the rest is dropped, and the answer says so
    const isCut = whole.length > MAX_TEXT_CHARS;
    const files = teamsFiles(activity.attachments);
    if (hasValue(activity.value) && text === '') {
      await this.handleSubmit(context, activity.value);
    } else if (files.length > 0) {
      await this.handleFile(context, files[0]!);
    } else if (!(await this.handleExpertCommand(context, text))) {
      await this.answer(context, text, true, isCut);
    }
  }

  /** "ask an expert" and "forget me", typed; false for any other text. */
  private async handleExpertCommand(context: TurnContext, text: string): Promise<boolean> {
    const experts = this.deps.experts;
    const command = experts ? parseExpertCommand(text) : null;
    if (!experts || !command) return false;
    if (command === 'ask-expert') await experts.ask(context);
    else
      await experts.forgetMe(context, () => this.deps.conversations.reset(refOf(context.activity)));
    return true;
  }

  private async handleSubmit(context: TurnContext, value: unknown): Promise<void> {
    if (this.deps.experts && (await this.deps.experts.submit(context, value))) return;
    if (isTicketNoteRequest(value)) {
      await copyTicketNote(context, this.deps.conversations, refOf(context.activity));
      return;
    }
    const input = parseInput(value);
    if (typeof input !== 'string' && input.type === 'feedback') {
      await this.keepFeedback(context, {
        messageId: context.activity.replyToId ?? null,
        answerId: input.answerId,
        reaction: input.helpful ? 'like' : 'dislike',
      });
      await context.sendActivity('Thanks, noted.');
      return;
    }
    if (input === '') {
      await this.sendReply(
        context,
        noticeReply(
          'stale-button',
          'That button is not one I know any more. Type your question or paste the log line again.',
        ),
      );
      return;
    }
    await this.answer(context, input);
  }

  private async handleFile(context: TurnContext, file: TeamsFile): Promise<void> {
    if (scopeOf(context.activity) !== 'personal') {
      await this.sendReply(
        context,
        noticeReply(
          'file-scope',
          'I can read files only in a personal chat with me. Here, paste the log lines around the failure instead.',
        ),
      );
      return;
    }
    await sendTyping(context);
    const read = await readTeamsFile(file, this.deps, context.activity.id);
    if (read.kind === 'notice') await this.sendReply(context, read.reply);
    else await this.answer(context, { file: file.name, text: read.text }, false);
  }

  private async answer(
    context: TurnContext,
    input: TurnInput,
    typing = true,
    isCut = false,
  ): Promise<void> {
    const started = this.now();
    if (typing) await sendTyping(context);
    const { activity } = context;
    const isFile = typeof input === 'object' && 'file' in input;
    const ref = refOf(activity);
    const answered = await this.deps.conversations.respond(
      ref,
      isFile ? input.text : input,
      isFile ? { name: input.file } : undefined,
    );
    const { reply, report } = answered;
    const shown = isCut ? { ...reply, notes: [...reply.notes, cutNote(MAX_TEXT_CHARS)] } : reply;
    const outgoing = answerActivity(shown, activity.channelId, report?.notes, report?.timeline, {
      askExpert: this.deps.experts?.isOn ?? false,
    });
    await this.sendAnswer(context, outgoing, reply.id);
    const unsure = unsureReason(reply.kind, reply.causes[0]?.score ?? null);
    if (unsure)
      await this.deps.experts?.desk.keepUnsure(ref, personOf(activity).id, reply.id, unsure);
    this.deps.logger.info(
      {
        activityId: activity.id,
        channelId: activity.channelId,
        conversationType: activity.conversation?.conversationType,
        input:
          typeof input === 'string'
            ? { chars: input.length }
            : 'file' in input
              ? { fileChars: input.text.length }
              : { action: input.type },
        reply: {
          kind: reply.kind,
          causes: reply.causes.map((c) => c.id),
          codes: reply.codes.length,
        },
        ms: this.now() - started,
      },
      'answered',
    );
  }

  /** Sends a rendered answer; one that answers a question is remembered for feedback on it. */
  private async sendAnswer(
    context: TurnContext,
    outgoing: OutgoingAnswer,
    replyId: string,
  ): Promise<void> {
    if (outgoing.trimmed) {
      this.deps.logger.info({ replyId, bytes: outgoing.bytes }, 'answer trimmed to fit');
    }
    const sent = await context.sendActivity(outgoing.activity);
    if (sent?.id && outgoing.isAnswer) {
      await this.deps.conversations.remember(refOf(context.activity), sent.id, replyId);
    }
  }

  /** A reply rendered here (notices, refusals): no engine needed. */
  private async sendReply(context: TurnContext, reply: Reply): Promise<void> {
    await this.sendAnswer(context, answerActivity(reply, context.activity.channelId), reply.id);
  }
}
