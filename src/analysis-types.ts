import type { CodeTriple } from './extract/types.js';

/** Contract section 3: one JSON object per analysed message. */
export interface Analysis {
  id?: string;
  codes: CodeTriple[];
  causes: { id: string; score: number }[];
  reply: string;
  followUps: string[];
  [extra: string]: unknown;
}
