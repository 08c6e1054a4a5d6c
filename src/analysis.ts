import type { Analysis } from './analysis-types.js';
import type { Knowledge } from './knowledge/schema.js';

export type { Analysis };

/** The core's one front door: one message, analysed afresh (engine under construction). */
export const analyse = (message: string, _knowledge: Knowledge): Analysis => ({
  codes: [],
  causes: [],
  reply: message.slice(0, 100),
  followUps: [],
});
