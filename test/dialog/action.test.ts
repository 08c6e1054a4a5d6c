import { describe, expect, it } from 'vitest';
import { MAX_ACTION_CHARS, parseInput, readAction } from '../../src/dialog/index.js';

const pick = { type: 'pick', cause: 'loopback-check' } as const;

describe('readAction', () => {
  it.each([
    ['a Slack button value (bare)', pick, pick],
    ['an Adaptive Card submit ({ action })', { action: pick }, pick],
    [
      'an answer',
      { action: { type: 'answer', fact: 'iis-version', value: 'iis6' } },
      { type: 'answer', fact: 'iis-version', value: 'iis6' },
    ],
    [
      'feedback',
      { type: 'feedback', answerId: 'abc', helpful: false },
      { type: 'feedback', answerId: 'abc', helpful: false },
    ],
    ['a reset', { type: 'reset' }, { type: 'reset' }],
  ])('reads %s', (_what, value, action) => expect(readAction(value)).toEqual(action));

  it.each([
    ['an unknown type', { type: 'delete-all' }],
    ['a missing field', { type: 'pick' }],
    ['a field of the wrong type', { type: 'feedback', answerId: 'abc', helpful: 'yes' }],
    ['a key of its own', { type: 'reset', extra: 1 }],
    ['an over-long id', { type: 'pick', cause: 'x'.repeat(MAX_ACTION_CHARS + 1) }],
    ['text', 'help'],
    ['null', null],
    ['an array', [pick]],
  ])('refuses %s, whole', (_what, value) => expect(readAction(value)).toBeUndefined());
});

describe('parseInput', () => {
  it('turns a card submit into its Action, a { text } button into its text, and the rest into ""', () => {
    expect(parseInput({ action: pick })).toEqual(pick);
    expect(parseInput({ text: 'help' })).toBe('help');
    expect(parseInput('codes')).toBe('codes');
    expect(parseInput({ action: { type: 'pick', cause: 'x'.repeat(500) } })).toBe('');
    expect(parseInput(42)).toBe('');
  });
});
