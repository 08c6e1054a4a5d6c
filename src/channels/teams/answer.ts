import {
  logPasteReply,
  turn,
  type Action,
  type DialogState,
  type Reply,
} from '../../dialog/index.js';
import type { Knowledge } from '../../knowledge/index.js';
import { fileReport, pasteReport } from '../file-notes.js';
import { answerActivity, type OutgoingAnswer } from './activities.js';

/** One turn of a Bot Framework conversation, to be answered as the channel's message. */
export interface AnswerJob {
  state: DialogState;
  /** Typed text or a button's Action; the file's text when `file` is set. */
  input: string | Action;
  /** Name of the log file whose text `input` is: its summary as a whole leads the answer. */
  file: string | null;
  now: number;
  channelId: string | undefined;
  /** Notes the answer ends with after the engine's own (a storage outage, a cut message). */
  notes: string[];
  /** Offer "Ask an expert" under the answer (an experts' channel is set). */
  askExpert?: boolean;
}

/** What the adapter logs and remembers of a reply. */
export interface ReplyInfo {
  id: string;
  kind: Reply['kind'];
  causes: string[];
  codes: number;
  /** The top cause's confidence (null: no causes ranked). */
  confidence: number | null;
}

export interface AnsweredTurn {
  state: DialogState;
  reply: ReplyInfo;
  outgoing: OutgoingAnswer;
}

/** The turn, and its reply rendered for the channel (an Adaptive Card, or text). Pure. */
export const answerTurn = (knowledge: Knowledge, job: AnswerJob): AnsweredTurn => {
  // a pasted log is summarised as a file is, instead of one mixed diagnosis of all its lines
  const paste = job.file === null && typeof job.input === 'string' ? pasteReport(job.input) : null;
  const { reply, state } = paste
    ? { reply: logPasteReply(paste, []), state: { ...job.state, turns: job.state.turns + 1 } }
    : turn(job.state, job.input, knowledge, job.now);
  const file =
    job.file !== null && typeof job.input === 'string' ? fileReport(job.input, job.file) : paste;
  const shown = job.notes.length ? { ...reply, notes: [...reply.notes, ...job.notes] } : reply;
  return {
    state,
    reply: {
      id: reply.id,
      kind: reply.kind,
      causes: reply.causes.map((c) => c.id),
      codes: reply.codes.length,
      confidence: reply.causes[0]?.score ?? null,
    },
    outgoing: answerActivity(shown, job.channelId, file?.notes ?? [], file?.timeline ?? null, {
      askExpert: job.askExpert ?? false,
    }),
  };
};
