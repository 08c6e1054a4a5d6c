// Entries per minute, all (R_MINUTE) and 401s (R_MINUTE401): they go to the reader as records
// of runs (it keeps the capped maps), a run's record written when another minute begins, or at
// flush.

import { MINUTE_RUNS, NO_TIME, REC, REC_BYTES, getS, setS } from './memory';
import { R_MINUTE, R_MINUTE401, S_RECORDS } from './shared';

export function minutesReset(): void {
  memory.fill(MINUTE_RUNS, 0, 16);
  minuteSec = NO_TIME;
}

export function record(kind: i32, a: i32, b: i32): void {
  const n = <u32>getS(S_RECORDS);
  setS(S_RECORDS, <i32>n + 1);
  const at = REC + n * REC_BYTES;
  store<i32>(at, kind);
  store<i32>(at + 4, a);
  store<i32>(at + 8, b);
}

/**
 * Entries per minute, all (R_MINUTE) and 401s (R_MINUTE401), go to the reader as runs (it keeps
 * the capped maps): a run's record is written when another minute begins, or at flush.
 */
function run(kind: i32): u32 {
  return MINUTE_RUNS + ((<u32>(kind - R_MINUTE)) << 3);
}

function endRun(kind: i32): void {
  const at = run(kind);
  const n = load<i32>(at + 4);
  if (n == 0) return;
  record(kind, load<i32>(at), n);
  store<i32>(at + 4, 0);
}

export function addToRun(kind: i32, minute: i32): void {
  const at = run(kind);
  if (minute != load<i32>(at)) {
    endRun(kind);
    store<i32>(at, minute);
  }
  store<i32>(at + 4, load<i32>(at + 4) + 1);
}

export function flushMinutes(): void {
  endRun(R_MINUTE);
  endRun(R_MINUTE401);
}

function minuteOf(sec: i32): i32 {
  return sec >= 0 ? sec / 60 : -((59 - sec) / 60);
}

// the minute of the last time seen (entries come in runs of the same second: no division)
let minuteSec: i32 = NO_TIME;
let minuteOfSec: i32 = 0;

export function minuteAt(sec: i32): i32 {
  if (sec != minuteSec) {
    minuteSec = sec;
    minuteOfSec = minuteOf(sec);
  }
  return minuteOfSec;
}
