import type { OwnNames } from './own-names.js';
import type { CodeTriple, Findings, Redaction, SequenceKind } from '../extract/types.js';
import type { Diagnosis } from '../match/types.js';

/** What a button (or a typed command) sends back into the next turn. */
export type Action =
  | { type: 'answer'; fact: string; value: string } // answer to a follow-up question ('unknown' = don't know)
  | { type: 'pick'; cause: string } // "did you mean" choice
  | { type: 'none-of-these' }
  | { type: 'reset' }
  | { type: 'feedback'; answerId: string; helpful: boolean };

/** One answer choice shown as a button. */
export interface Choice {
  label: string;
  action: Action;
}

export interface CodeExplanation {
  code: CodeTriple;
  /** "401.2" or "401.2 with win32 2148074254". */
  label: string;
  /** What the status.substatus means. */
  meaning: string;
  /** The first sentence of `meaning`: what a short answer shows (the rest one click away). */
  brief?: string;
  /** What the win32 value means, when there is one. */
  win32Meaning?: string;
  /** The first part of `win32Meaning`: what the value says, without what it means in IIS. */
  win32Brief?: string;
  win32Name?: string;
  /** True where this triple is normally a leg of the challenge, not a fault. */
  benign?: boolean;
  /** Explained in full earlier in this conversation: a short answer shows the label only. */
  repeat?: boolean;
}

export interface CauseView {
  id: string;
  title: string;
  /** Calibrated confidence 0..1; 0 where the list is a reference, not a ranking (explain, win32). */
  score: number;
  why: string[];
}

export interface StepBlock {
  title: string;
  /** Numbered steps; `iis6`/`iis7` only where they differ. */
  all: string[];
  iis6: string[];
  iis7: string[];
}

/** The channel-neutral reply: render/ turns it into Markdown, terminal text, Adaptive Cards, Block Kit. */
export interface Reply {
  /** Stable id of this answer (for feedback). */
  id: string;
  kind:
    | 'diagnosis'
    | 'resolved'
    | 'code'
    | 'win32'
    | 'codes'
    | 'help'
    | 'ask-code'
    | 'collect'
    | 'reset'
    | 'notice';
  /** One-line verdict, first thing people read. */
  headline: string;
  codes: CodeExplanation[];
  causes: CauseView[];
  /** Steps for the best cause (or the how-to). */
  steps: StepBlock[];
  /** Short paragraphs: handshake notes, what was skipped, truncation, etc. */
  notes: string[];
  question?: { fact: string; text: string; how?: string; choices: Choice[] };
  didYouMean?: Choice[];
  /** Extra buttons (none of these, start over). */
  actions: Choice[];
  redactions: Redaction[];
}

/** Conversation state: small, JSON-serialisable, no raw user text with secrets. */
export interface DialogState {
  version: 1;
  /** Fact id -> value, answered by the user (buttons or free text). */
  known: Record<string, string>;
  /** Fact id -> value, seen by the reader in the user's messages. */
  observed: Record<string, string>;
  /** Log sequence kinds seen so far (handshakes, failures). */
  sequences: SequenceKind[];
  /** Codes found so far in the conversation. */
  codes: CodeTriple[];
  /** Redacted text of the user's messages so far (bounded), used for phrase matching. */
  context: string;
  /** Facts already asked (never asked twice). */
  asked: string[];
  /** Entries the user ruled out ("none of these"). */
  excluded: string[];
  /** The fact the last reply asked about, so a bare "yes" answers it. */
  pending: string | null;
  /** Id of the last reply. */
  lastReplyId: string | null;
  turns: number;
  /** What replies already explained in full (code keys, 'no-code'), so later ones stay short. */
  told?: string[];
  /** The user's own host, folder and account, where the reader found them (for the steps). */
  names?: OwnNames;
}

export interface TurnResult {
  reply: Reply;
  state: DialogState;
  /** The ranking behind the reply, when the turn ranked causes. */
  diagnosis?: Diagnosis;
  /** What the reader found in this turn's message, when it read one. */
  findings?: Findings;
}
