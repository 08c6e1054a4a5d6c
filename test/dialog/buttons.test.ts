import { describe, expect, it } from 'vitest';
import { initialState, turn, type Choice, type TurnResult } from '../../src/dialog/index.js';
import { OUTDATED_BUTTON_NOTE } from '../../src/dialog/notes.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

const knowledge = await loadKnowledge();

const LINE =
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0 - 401 1 1326 31';

const click = (from: TurnResult, choice: Choice): TurnResult =>
  turn(from.state, choice.action, knowledge);

describe('buttons on earlier cards', () => {
  const first = turn(initialState(), LINE, knowledge);
  const q1 = first.reply.question!;
  const [yes, no] = q1.choices;

  it('answers the open question without a word about buttons', () => {
    const second = click(first, yes!);
    expect(second.reply.notes.join(' ')).not.toMatch(/earlier card|out of date/);
    expect(second.state.known[q1.fact]).toBe((yes!.action as { value: string }).value);
  });

  it('says which question an earlier card answers and what changed', () => {
    const second = click(first, yes!);
    // the first card's other button, clicked after the answer was given
    const third = click(second, no!);
    const note = third.reply.notes[0] ?? '';
    expect(note).toContain(`it answers "${q1.text}"`);
    expect(note).toContain(`changed from "${yes!.label}" to "${no!.label}"`);
    expect(third.state.known[q1.fact]).toBe((no!.action as { value: string }).value);
  });

  it('says nothing changed when an earlier card repeats an answer already given', () => {
    const second = click(first, yes!);
    const third = click(second, yes!);
    expect(third.reply.notes[0]).toMatch(/already answered .*nothing changed/);
  });

  it('says a button is out of date when its question is no longer asked', () => {
    const r = turn(
      first.state,
      { type: 'answer', fact: 'a-question-since-removed', value: 'yes' },
      knowledge,
    );
    expect(r.reply.notes[0]).toBe(OUTDATED_BUTTON_NOTE);
    expect(r.state.known).toEqual(first.state.known);
  });
});
