// Entries per minute, all (T_ENTRIES) and 401s (T_401), into the per-minute table: entries come
// in runs of one minute, so each is counted in its run, added to the table when another minute
// begins, or at flush.

import { MINUTE_RUNS } from './memory';
import { NO_TIME, T_401, T_ENTRIES } from './shared';
import { timelineAdd } from './timeline';

export function minutesReset(): void {
  memory.fill(MINUTE_RUNS, 0, 16);
  minuteSec = NO_TIME;
}

/** The run of class `cls` (T_ENTRIES or T_401): its minute (i32) and count (i32). */
function run(cls: i32): u32 {
  return MINUTE_RUNS + ((<u32>(cls - T_ENTRIES)) << 3);
}

function endRun(cls: i32): void {
  const at = run(cls);
  const n = load<i32>(at + 4);
  if (n == 0) return;
  timelineAdd(load<i32>(at), cls, <f64>n);
  store<i32>(at + 4, 0);
}

export function addToRun(cls: i32, minute: i32): void {
  const at = run(cls);
  if (minute != load<i32>(at)) {
    endRun(cls);
    store<i32>(at, minute);
  }
  store<i32>(at + 4, load<i32>(at + 4) + 1);
}

export function flushMinutes(): void {
  endRun(T_ENTRIES);
  endRun(T_401);
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
