import { describe, expect, it } from 'vitest';
import { initialState, turn, type DialogState } from '../../src/dialog/index.js';
import { NO_CODE_NOTE } from '../../src/dialog/notes.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

const knowledge = await loadKnowledge();

const LINE =
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0 - 401 1 1326 31';
const PROSE =
  'Users get a login prompt again and again on our intranet site since we moved it to a new server';

/** The reply to the first answer of the question the last reply asked. */
const answerFirst = (state: DialogState, reply: ReturnType<typeof turn>['reply']) => {
  const choice = reply.question?.choices[0];
  expect(choice).toBeDefined();
  return turn(state, choice!.action, knowledge);
};

describe('what a conversation was already told', () => {
  it("explains a code's meaning in full once, and marks it a repeat after", () => {
    const first = turn(initialState(), LINE, knowledge);
    expect(first.reply.codes[0]?.repeat).toBeUndefined();
    const second = answerFirst(first.state, first.reply);
    expect(second.reply.codes.map((c) => c.code)).toEqual(first.reply.codes.map((c) => c.code));
    expect(second.reply.codes.every((c) => c.repeat === true)).toBe(true);
  });

  it('explains a new code in full even after others were explained', () => {
    const first = turn(initialState(), LINE, knowledge);
    const second = turn(first.state, '2024-05-02 08:15:00 GET /intranet/ 401 3 5', knowledge);
    const fresh = second.reply.codes.find((c) => c.code.substatus === 3);
    expect(fresh).toBeDefined();
    expect(fresh?.repeat).toBeUndefined();
  });

  it('says where to find the status code once a conversation', () => {
    const first = turn(initialState(), PROSE, knowledge);
    expect(first.reply.notes).toContain(NO_CODE_NOTE);
    const second = turn(first.state, 'it happens for everyone, also on the server', knowledge);
    expect(second.reply.notes).not.toContain(NO_CODE_NOTE);
  });

  it('starts over after a reset', () => {
    const first = turn(initialState(), LINE, knowledge);
    const reset = turn(first.state, 'reset', knowledge);
    const again = turn(reset.state, LINE, knowledge);
    expect(again.reply.codes[0]?.repeat).toBeUndefined();
  });

  it('reads a damaged stored record as told nothing', () => {
    const damaged = { ...initialState(), told: 7 } as unknown as DialogState;
    const r = turn(damaged, LINE, knowledge);
    expect(r.reply.codes[0]?.repeat).toBeUndefined();
    expect(r.state.told).toHaveLength(1);
  });
});
