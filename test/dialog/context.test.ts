import { describe, expect, it } from 'vitest';
import { extendContext, initialState, turn } from '../../src/dialog/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

const knowledge = await loadKnowledge();

const PASTE =
  'users get a login box on the intranet since this morning, this is from the log:\n' +
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/default.aspx - 80 - 10.0.0.23 Mozilla/5.0 - 401 1 1326 31';

describe('extendContext', () => {
  it('appends the new lines of a message', () => {
    expect(extendContext('the site prompts', 'only from outside\nsince Monday')).toBe(
      'the site prompts\nonly from outside\nsince Monday',
    );
  });

  it('adds nothing for lines the conversation already has', () => {
    const once = extendContext('', 'the site prompts\nonly from outside');
    expect(extendContext(once, 'only from outside')).toBe(once);
    expect(extendContext(once, '  the site prompts  \n\n')).toBe(once);
  });

  it('keeps only the new lines of a message that repeats some', () => {
    expect(extendContext('a prompt appears', 'a prompt appears\nafter the password change')).toBe(
      'a prompt appears\nafter the password change',
    );
  });

  it('drops duplicate lines within one message', () => {
    expect(extendContext('', 'same line\nsame line\nother')).toBe('same line\nother');
  });

  it('keeps the newest 6,000 characters', () => {
    let context = '';
    for (let i = 0; i < 500; i++)
      context = extendContext(context, `detail number ${i} of the case`);
    expect(context.length).toBeLessThanOrEqual(6000);
    expect(context.endsWith('detail number 499 of the case')).toBe(true);
    expect(context).not.toContain('detail number 3 of the case');
  });
});

describe('a re-pasted message', () => {
  it('leaves the context, and so the ranking, as the first paste did', () => {
    const first = turn(initialState(), PASTE, knowledge);
    let state = first.state;
    let last = first;
    for (let i = 0; i < 5; i++) {
      last = turn(state, PASTE, knowledge);
      state = last.state;
    }
    expect(state.context).toBe(first.state.context);
    expect(last.diagnosis?.ranked.map((r) => r.id)).toEqual(
      first.diagnosis?.ranked.map((r) => r.id),
    );
  });
});
