import { describe, expect, it } from 'vitest';
import { readMessage } from '../../src/extract/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { getMatcher, rankCauses } from '../../src/match/index.js';

const knowledge = await loadKnowledge();

const rank = (text: string) => {
  const f = readMessage(text, knowledge.reference);
  return rankCauses(getMatcher(knowledge), {
    codes: f.codes,
    text: f.text,
    answered: {},
    observed: Object.fromEntries(f.signals.map((s) => [s.fact, s.value])),
    sequences: f.sequences.map((s) => s.kind),
  });
};

describe('the "why" lines of a ranking', () => {
  const message =
    'Users get a password popup on our intranet site and then 401.1 with win32 status 1326; the server itself works';

  it('are the same lines every time they are read', () => {
    const top = rank(message).ranked[0]!;
    expect(top.why.length).toBeGreaterThan(0);
    expect(top.why).toBe(top.why);
    expect(top.why.join(' ')).toMatch(/401\.1/);
  });

  it('travel with the ranking through JSON, structured clones and spreads', () => {
    const d = rank(message);
    const lines = d.ranked.map((r) => [...r.why]);
    const viaJson = JSON.parse(JSON.stringify(d)) as typeof d;
    expect(viaJson.ranked.map((r) => r.why)).toEqual(lines);
    expect(structuredClone(d).ranked.map((r) => r.why)).toEqual(lines);
    expect(d.ranked.map((r) => ({ ...r }).why)).toEqual(lines);
  });

  it('word each entry by its own evidence', () => {
    const d = rank(message);
    const distinct = new Set(d.ranked.slice(0, 3).map((r) => r.why.join('|')));
    expect(distinct.size).toBe(3);
  });
});
