// What the TypeScript side (src/w3c/tally.ts) asks the kernel for by name: where its fixed
// regions are, and the counts that are single numbers.

import * as handshakes from './outcomes';
import { BOUNDS, IN, IN_CAP, SCRATCH, STATE } from './memory';
import {
  ABI,
  N_ABANDONED,
  N_COMPLETED,
  N_ENTRIES,
  N_FAILED,
  N_FIRST_SEC,
  N_FIRST_WARM_SEC,
  N_LAST_SEC,
  N_LAST_WARM_SEC,
  N_NEGOTIATE,
  N_NO_ANSWER,
  N_NO_ANSWER_BROWSER,
  N_NO_ANSWER_TOOL,
  N_NTLM,
  N_REJECTED,
} from './shared';
import * as tally from './tally';

export function abi(): i32 {
  return ABI;
}
export function stateAt(): u32 {
  return STATE;
}
export function boundsAt(): u32 {
  return BOUNDS;
}
export function inputAt(): u32 {
  return IN;
}
export function inputCapacity(): u32 {
  return IN_CAP;
}
export function scratchAt(): u32 {
  return SCRATCH;
}

/** The counts that are single numbers, by their N_ index. */
export function count(i: i32): f64 {
  if (i == N_ENTRIES) return tally.entries;
  if (i == N_FIRST_SEC) return tally.hasTime ? <f64>tally.firstSec : NaN;
  if (i == N_LAST_SEC) return tally.hasTime ? <f64>tally.lastSec : NaN;
  if (i == N_FIRST_WARM_SEC) return tally.firstWarmSec;
  if (i == N_LAST_WARM_SEC) return tally.lastWarmSec;
  if (i == N_COMPLETED) return handshakes.completed;
  if (i == N_NTLM) return handshakes.ntlm;
  if (i == N_NEGOTIATE) return handshakes.negotiate;
  if (i == N_FAILED) return handshakes.failed;
  if (i == N_NO_ANSWER) return handshakes.noAnswer;
  if (i == N_ABANDONED) return handshakes.abandoned;
  if (i == N_REJECTED) return handshakes.rejected;
  if (i == N_NO_ANSWER_BROWSER) return handshakes.noAnswerBrowser;
  if (i == N_NO_ANSWER_TOOL) return handshakes.noAnswerTool;
  return NaN;
}
