import { analysisOf, type Analysis } from '../analysis.js';
import {
  initialState,
  logPasteReply,
  turn,
  type Action,
  type DialogState,
  type Reply,
} from '../dialog/index.js';
import type { Knowledge } from '../knowledge/index.js';
import {
  buildConversationNote,
  buildTriageNote,
  buildTriageNoteFrom,
  renderNoteMarkdown,
  type TriageNote,
} from '../triage/index.js';
import { chatTurn, fileReport, pasteReport, type FileReport } from './file-notes.js';

/** One turn of a conversation in any channel; the channel renders its answer. */
export interface TurnJob {
  state: DialogState;
  input: string | Action;
  now: number;
  /**
   * `input` is the text of this log file: the dialogue reads the `words` sent with it first, and
   * the whole file is reported on (so it is not summarised as a paste).
   */
  file?: LogFile;
}

/** A turn's answer: the next state, the reply, and the report of a log file or pasted log. */
export interface AnsweredTurn {
  state: DialogState;
  reply: Reply;
  /** Shown above the reply: a card's lead and chart in Teams, leading notes in text channels. */
  report: FileReport | null;
}

/**
 * The turn every channel runs: a log file is answered by the dialogue on its text and reported on
 * as a whole; a pasted log gets its report instead of one mixed diagnosis of all its lines. Pure.
 */
export const answerTurn = (k: Knowledge, job: TurnJob): AnsweredTurn => {
  const { file, input } = job;
  const paste = !file && typeof input === 'string' ? pasteReport(input) : null;
  if (paste) {
    const state = { ...job.state, turns: job.state.turns + 1 };
    return { state, reply: logPasteReply(paste, []), report: paste };
  }
  const read =
    file && typeof input === 'string' && file.words ? `${file.words}\n\n${input}` : input;
  const { state, reply } = turn(job.state, read, k, job.now);
  const report = file && typeof input === 'string' ? fileReport(input, file.name) : null;
  return { state, reply, report };
};

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
  turn: {
    run: answerTurn,
    chars: (job: TurnJob) => (typeof job.input === 'string' ? job.input.length : 0),
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
