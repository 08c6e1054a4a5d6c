import {
  ActivityTypes,
  DeliveryModes,
  TeamsActivityHandler,
  TurnContext,
  type InvokeResponse,
  type MessagingExtensionAction,
  type MessagingExtensionActionResponse,
} from 'botbuilder';
import { parseInput, type Reply } from '../../dialog/index.js';
import type { Logger } from '../../logger.js';
import { cutNote, noticeReply, type TriageConversations } from '../bot-seam.js';
import {
  answerActivity,
  isCardChannel,
  welcomeActivity,
  type OutgoingAnswer,
} from './activities.js';
import type { Downloader } from '../download.js';
import { teamsFiles, type TeamsFile } from './files.js';
import { personOf, refOf, scopeOf } from './conversation.js';
import { readTeamsFile } from './file-turn.js';
import { teamsFeedback } from './feedback.js';
import { createTurns, type ChannelTurns, type Turn, type TurnPorts } from '../turns.js';
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
  /** The expert loop ("Ask an expert", tickets, kept records). */
  experts: TeamsExperts;
}

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
  private readonly turns: ChannelTurns;

  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.botName = deps.botName ?? DEFAULT_BOT_NAME;
    this.now = deps.now ?? Date.now;
    this.turns = createTurns({ ...deps, desk: deps.experts.desk, now: this.now });
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
    if (feedback) {
      const a = context.activity;
      await this.turns.feedback(refOf(a), personOf(a).id, feedback);
    }
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

  /** The turn of this activity, and how this channel sends its answer and runs its commands. */
  private turnOf(context: TurnContext): { turn: Turn; ports: TurnPorts } {
    const { activity } = context;
    const ref = refOf(activity);
    const experts = this.deps.experts;
    const turn: Turn = {
      ref,
      userId: personOf(activity).id,
      log: {
        activityId: activity.id,
        channelId: activity.channelId,
        conversationType: activity.conversation?.conversationType,
      },
    };
    const ports: TurnPorts = {
      typing: () => sendTyping(context),
      send: ({ reply, report }) =>
        this.sendAnswer(
          context,
          answerActivity(reply, activity.channelId, report?.notes, report?.timeline, {
            askExpert: experts.isOn,
          }),
          reply.id,
        ),
      askExpert: () => experts.ask(context),
      say: async (text) => void (await context.sendActivity(text)),
    };
    return { turn, ports };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const whole = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const text = cleanTeamsText(whole.slice(0, 400_000));
    const files = teamsFiles(activity.attachments);
    if (hasValue(activity.value) && text === '') {
      await this.handleSubmit(context, activity.value);
    } else if (files.length > 0) {
      await this.handleFile(context, files[0]!);
    } else {
      const { turn, ports } = this.turnOf(context);
      // cleanTeamsText reads MAX_TEXT_CHARS at most: the rest is dropped, and the answer says so
      const notes = whole.length > MAX_TEXT_CHARS ? [cutNote(MAX_TEXT_CHARS)] : [];
      await this.turns.text(turn, text, ports, notes);
    }
  }

  private async handleSubmit(context: TurnContext, value: unknown): Promise<void> {
    if (await this.deps.experts.submit(context, value)) return;
    if (isTicketNoteRequest(value)) {
      await copyTicketNote(context, this.deps.conversations, refOf(context.activity));
      return;
    }
    const input = parseInput(value);
    if (typeof input !== 'string' && input.type === 'feedback') {
      await this.turns.feedback(refOf(context.activity), personOf(context.activity).id, {
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
    const { turn, ports } = this.turnOf(context);
    await this.turns.answer(turn, input, ports);
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
    else {
      // typing was shown before the download
      const { turn, ports } = this.turnOf(context);
      await this.turns.answer(turn, read.text, { send: ports.send }, { file: { name: file.name } });
    }
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
