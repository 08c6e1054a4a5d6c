import { analysisOf, type Analysis } from '../analysis.js';
import { initialState, turn, type Action, type DialogState, type Reply } from '../dialog/index.js';
import type { Knowledge } from '../knowledge/index.js';
import {
  buildConversationNote,
  buildTriageNote,
  buildTriageNoteFrom,
  renderNoteMarkdown,
  type TriageNote,
} from '../triage/index.js';
import { chatTurn, fileSummary } from './file-notes.js';
import { answerTurn, type AnsweredTurn, type AnswerJob } from './teams/answer.js';

/** A turn whose reply the caller renders itself (Slack's blocks, the seam's `respond`). */
export interface ReplyJob {
  state: DialogState;
  input: string | Action;
  now: number;
  /**
   * `input` is the text of this log file: the dialogue reads the `words` sent with it first, and
   * the whole file's summary leads the reply's notes (so it is not summarised as a paste).
   */
  file?: LogFile;
}

export interface LogFile {
  name: string;
  words?: string;
}

/** What /api/triage answers: the contract's Analysis plus the ticket note and its Markdown. */
export type TriageAnswer = Analysis & { note: TriageNote; noteMarkdown: string };

const triage = (knowledge: Knowledge, message: string): TriageAnswer => {
  // one read of the message serves both the analysis and the ticket note; a log is summarised
  const first = chatTurn(initialState(), message, knowledge);
  const note = first.findings
    ? buildTriageNoteFrom(first.findings, knowledge)
    : buildTriageNote(message, knowledge);
  return { ...analysisOf(first), note, noteMarkdown: renderNoteMarkdown(note) };
};

/**
 * Everything a channel asks of the engine, as pure functions of the knowledge and plain data
 * (so each runs on any thread), with the characters of input that bound its work.
 */
const TASKS = {
  /** A Teams turn and its answer rendered for the channel (a card, or text). */
  answer: {
    run: (k: Knowledge, job: AnswerJob): AnsweredTurn => answerTurn(k, job),
    chars: (job: AnswerJob) => (typeof job.input === 'string' ? job.input.length : 0),
  },
  turn: {
    run: (k: Knowledge, job: ReplyJob): { state: DialogState; reply: Reply } => {
      const { file, input } = job;
      if (!file || typeof input !== 'string') {
        const { state, reply } = chatTurn(job.state, input, k, job.now);
        return { state, reply };
      }
      const text = file.words ? `${file.words}\n\n${input}` : input;
      const { state, reply } = turn(job.state, text, k, job.now);
      return {
        state,
        reply: { ...reply, notes: [...fileSummary(input, file.name), ...reply.notes] },
      };
    },
    chars: (job: ReplyJob) => (typeof job.input === 'string' ? job.input.length : 0),
  },
  triage: { run: triage, chars: (message: string) => message.length },
  /** The triage note of a ticket's text (message action, shortcut). */
  note: {
    run: (k: Knowledge, text: string): TriageNote => buildTriageNote(text, k),
    chars: (text: string) => text.length,
  },
  /** The triage note of a conversation so far. */
  conversationNote: {
    run: (k: Knowledge, state: DialogState): TriageNote => buildConversationNote(state, k),
    chars: (state: DialogState) => state.context.length,
  },
};

type Tasks = typeof TASKS;
export type TaskName = keyof Tasks;
export type TaskInput<K extends TaskName> = Parameters<Tasks[K]['run']>[1];
export type TaskOutput<K extends TaskName> = ReturnType<Tasks[K]['run']>;

/** One task as it crosses to a pool thread. */
export interface Task<K extends TaskName = TaskName> {
  name: K;
  input: TaskInput<K>;
}

export const runTask = <K extends TaskName>(knowledge: Knowledge, task: Task<K>): TaskOutput<K> =>
  (TASKS[task.name].run as (k: Knowledge, input: TaskInput<K>) => TaskOutput<K>)(
    knowledge,
    task.input,
  );

export const taskChars = <K extends TaskName>(task: Task<K>): number =>
  (TASKS[task.name].chars as (input: TaskInput<K>) => number)(task.input);
