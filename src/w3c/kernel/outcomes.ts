// How closed sequences are counted: completed (NTLM or Negotiate) or failed (no answer,
// abandoned, rejected), their legs into the leg maps, and their client's counts.

import { bumpLeg, codeValue, slotOf } from './codes';
import { addCount } from './memory';
import { minuteAt } from './minutes';
import { timelineAdd } from './timeline';
import { COMPLETED, FAILED, FAILURES, addClient, clientOf } from './clients';
import {
  FAILING_BIT,
  NAME_ROOM,
  Q_BROWSER,
  Q_CHALLENGES,
  Q_CLIENT,
  Q_HEAP,
  Q_LEGS,
  Q_LEGS_N,
  Q_LEG_SECS,
  Q_NAME,
  Q_NAME_LEN,
  Q_NAME_UTF8,
} from './seq-record';
import {
  ABANDONED,
  LEGS_ABANDONED,
  LEGS_COMPLETED,
  LEGS_FAILING_COMPLETED,
  LEGS_NO_ANSWER,
  NEGOTIATE,
  N_ABANDONED,
  N_COMPLETED,
  N_FAILED,
  N_NEGOTIATE,
  N_NO_ANSWER,
  N_NO_ANSWER_BROWSER,
  N_NO_ANSWER_TOOL,
  N_NTLM,
  N_REJECTED,
  NO_ANSWER,
  NO_TIME,
  NTLM,
  REJECTED,
  T_ABANDONED,
  T_NORMAL,
  T_NO_ANSWER_BROWSER,
  T_NO_ANSWER_TOOL,
} from './shared';

/** A sequence of this client's ended as `outcome` (NEGOTIATE, NTLM, NO_ANSWER, ...). */
export function account(q: u32, outcome: i32): void {
  const nameAt = load<i32>(q + Q_NAME_LEN) <= <i32>NAME_ROOM ? q + Q_NAME : load<u32>(q + Q_HEAP);
  const client = clientOf(
    load<f64>(q + Q_CLIENT),
    nameAt,
    nameAt + <u32>load<i32>(q + Q_NAME_LEN),
    load<i32>(q + Q_NAME_UTF8),
  );
  const n = load<i32>(q + Q_LEGS_N);
  if (outcome == NEGOTIATE || outcome == NTLM) {
    addCount(N_COMPLETED, 1);
    if (outcome == NTLM) addCount(N_NTLM, 1);
    else addCount(N_NEGOTIATE, 1);
    const failing = bumpLegs(q, n, false, LEGS_COMPLETED);
    bumpLegs(q, n, true, LEGS_FAILING_COMPLETED);
    timeLegs(q, n, 2, T_NORMAL);
    if (client != 0) {
      addClient(client, COMPLETED, 1);
      addClient(client, FAILURES, <f64>failing);
    }
    return;
  }
  addCount(N_FAILED, 1);
  if (outcome == REJECTED) addCount(N_REJECTED, 1);
  else if (outcome == ABANDONED) {
    addCount(N_ABANDONED, 1);
    bumpLegs(q, n, false, LEGS_ABANDONED);
    timeLegs(q, n, 1, T_ABANDONED);
  } else if (outcome == NO_ANSWER) {
    addCount(N_NO_ANSWER, 1);
    bumpLegs(q, n, false, LEGS_NO_ANSWER);
    const challenges = <f64>load<i32>(q + Q_CHALLENGES);
    const browser = load<i32>(q + Q_BROWSER) != 0;
    addCount(browser ? N_NO_ANSWER_BROWSER : N_NO_ANSWER_TOOL, challenges);
    timeLegs(q, n, 2, browser ? T_NO_ANSWER_BROWSER : T_NO_ANSWER_TOOL);
  }
  if (client != 0) {
    addClient(client, FAILED, 1);
    addClient(client, FAILURES, <f64>n);
  }
}

/**
 * The legs of one kind (benign or failing), in the order they came, into leg map `map`; returns
 * how many legs were of the other kind.
 */
function bumpLegs(q: u32, n: i32, failingLegs: bool, map: i32): i32 {
  let other = 0;
  for (let i = 0; i < n; i++) {
    const leg = load<u32>(q + Q_LEGS + ((<u32>i) << 2));
    if (((leg & FAILING_BIT) != 0) == failingLegs) bumpLeg(<i32>(leg & ~FAILING_BIT), map);
    else other++;
  }
  return other;
}

/**
 * The benign legs of substatus `sub` (401.2 challenges, 401.1 challenge legs), each in its own
 * minute, into the timeline as `cls` (what the diagnoses count of them: src/w3c/diagnose.ts).
 */
function timeLegs(q: u32, n: i32, sub: f64, cls: i32): void {
  for (let i = 0; i < n; i++) {
    const leg = load<u32>(q + Q_LEGS + ((<u32>i) << 2));
    const sec = load<i32>(q + Q_LEG_SECS + ((<u32>i) << 2));
    if ((leg & FAILING_BIT) != 0 || sec == NO_TIME) continue;
    if (codeValue(slotOf(<i32>leg), 1) == sub) timelineAdd(minuteAt(sec), cls);
  }
}
