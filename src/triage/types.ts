import type { CodeSource, Redaction, SequenceKind } from '../extract/types.js';

/** One code triple found in the ticket, explained. */
export interface NoteCode {
  status: number | null;
  substatus: number | null;
  win32: number | null;
  /** "401.1 with win32 1326 (ERROR_LOGON_FAILURE)". */
  label: string;
  /** What the status.substatus means. */
  meaning: string;
  /** The win32 value decoded: hex, symbolic name and meaning (null when there is no win32 value). */
  win32Decoded: { hex: string; name: string | null; meaning: string } | null;
  /** A leg of the normal authentication challenge, or a success. */
  benign: boolean;
  source: CodeSource;
  /** The (redacted) bit of text it was read from. */
  evidence: string;
}

/** A context fact the ticket states (or that was answered in chat), with the words behind it. */
export interface NoteFact {
  fact: string;
  value: string;
  /** The answer as a person reads it ("IIS 6 (Server 2003)"). */
  label: string;
  /** The words that revealed it; for answered facts "answered in chat". */
  evidence: string;
  source: 'text' | 'log' | 'answered';
}

export interface NoteSequence {
  kind: SequenceKind;
  client: string | null;
  uri: string | null;
  /** "401.2 (2148074254) → 401.1 (0) → 200". */
  chain: string;
  user: string | null;
}

/** What the pasted log lines show. */
export interface NoteLogs {
  entries: number;
  /** Lines that looked like log lines but could not be read. */
  skipped: number;
  clients: number;
  /** Entries read with a #Fields header rather than guessed from their shape. */
  withHeader: boolean;
  completedHandshakes: number;
  failedHandshakes: number;
  repeatedFailures: number;
  sequences: NoteSequence[];
  /** The same in sentences. */
  summary: string[];
}

export interface NoteFacts {
  codes: NoteCode[];
  iisVersion: NoteFact | null;
  /** anonymous-enabled, windows-auth-enabled, basic-auth-enabled as stated. */
  authentication: NoteFact[];
  /** client-kind (one per kind seen). */
  client: NoteFact[];
  /** Every other signal, with its evidence words. */
  environment: NoteFact[];
  /** Facts answered in a conversation (empty for a ticket read once). */
  answered: NoteFact[];
  logs: NoteLogs | null;
}

export interface NoteCause {
  id: string;
  title: string;
  kind: 'cause' | 'howto';
  score: number;
  /** "likely", "possible", "less likely", "unlikely". */
  confidence: string;
  /** The evidence that moved it (RankedCause.why). */
  why: string[];
  /** One line in plain words from the entry. */
  summary: string;
}

export interface NoteQuestion {
  fact: string;
  /** The question worded for a customer. */
  text: string;
  /** Where to look, when the fact says. */
  how: string | null;
  /** The answers that tell the causes apart. */
  answers: string[];
  /** Expected information gain in bits over the current candidates. */
  gain: number;
}

export interface CollectItem {
  id: string;
  title: string;
  /** Why this is worth collecting for this ticket. */
  why: string;
  /** Numbered steps, exact commands included. */
  steps: string[];
  /** The causes it helps confirm or rule out. */
  for: string[];
}

export interface TriageNote {
  /** One line: what this is, first thing a support engineer reads. */
  verdict: string;
  /** True when the ticket shows only the normal authentication challenge. */
  normal: boolean;
  facts: NoteFacts;
  causes: NoteCause[];
  questions: NoteQuestion[];
  collect: CollectItem[];
  redactions: Redaction[];
  /** True when the ticket was longer than the reader reads and only its start was used. */
  truncated: boolean;
}
