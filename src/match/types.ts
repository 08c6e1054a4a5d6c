import type { CodeTriple } from '../extract/types.js';

/** One cause in a ranking, with the evidence that moved it. */
export interface RankedCause {
  id: string;
  title: string;
  kind: 'cause' | 'howto';
  /** Calibrated 0..1: the share of belief on this entry among the candidates. */
  score: number;
  /** Human-readable reasons, strongest first ("401.1 with 2148074252 after a handshake"). */
  why: string[];
}

export interface Diagnosis {
  ranked: RankedCause[];
  /** The normal challenge was seen (whole handshake, or the benign 401.2 5 / 2148074254 first leg). */
  handshake: 'none' | 'normal-only' | 'normal-and-failures';
  /** Facts known so far (from the text and from answers): fact id -> value. */
  known: Record<string, string>;
}

export type { CodeTriple };
