import { beforeAll, describe, expect, it } from 'vitest';
import { chooseQuestion, MIN_GAIN, rankQuestions } from '../../src/dialog/index.js';
import { readMessage } from '../../src/extract/index.js';
import { loadKnowledge, type Knowledge } from '../../src/knowledge/index.js';
import { getMatcher, likelihood, rankCauses } from '../../src/match/index.js';
import { devCases } from '../shared.js';

const OWN = [
  '401.2 on the intranet site',
  'users cannot log on, they get an access denied page',
  'HTTP Error 401.3 - Unauthorized on every image',
  '2024-01-01 10:00:00 GET /app 401 1 1326',
];
const messages = [...OWN, ...devCases().map((c) => c.message)];

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await loadKnowledge();
});

const ranked = (text: string) => {
  const f = readMessage(text, knowledge.reference);
  const observed = Object.fromEntries(f.signals.map((s) => [s.fact, s.value]));
  return rankCauses(getMatcher(knowledge), {
    codes: f.codes,
    text: f.text,
    answered: {},
    observed,
    sequences: f.sequences.map((s) => s.kind),
  });
};

describe('rankQuestions', () => {
  it.each(messages.map((m) => [m.slice(0, 60), m] as const))(
    'puts chooseQuestion first and ranks the rest by gain for %j',
    (_name, text) => {
      const d = ranked(text);
      const skip = new Set(Object.keys(d.known));
      const matcher = getMatcher(knowledge);
      const list = rankQuestions(matcher, d.ranked, skip);
      const pick = chooseQuestion(matcher, d.ranked, skip);
      expect(list[0]?.fact.id ?? null).toBe(pick?.fact.id ?? null);
      for (let i = 1; i < list.length; i++) {
        expect(list[i - 1]!.gain).toBeGreaterThanOrEqual(list[i]!.gain - 1e-9);
      }
      for (const q of list) {
        expect(q.gain).toBeGreaterThanOrEqual(MIN_GAIN);
        expect(skip.has(q.fact.id)).toBe(false);
      }
      expect(new Set(list.map((q) => q.fact.id)).size).toBe(list.length);
    },
  );

  it.each(messages.slice(0, 12).map((m) => [m.slice(0, 60), m] as const))(
    'gives each fact the expected information gain of its answer (entropy before minus after) for %j',
    (_name, text) => {
      const d = ranked(text);
      const matcher = getMatcher(knowledge);
      const candidates = d.ranked.filter((r) => r.score >= 0.01).slice(0, 8);
      const total = candidates.reduce((s, r) => s + r.score, 0);
      const prior = candidates.map((r) => r.score / total);
      const H = (ps: number[]) => -ps.reduce((s, p) => (p > 0 ? s + p * Math.log2(p) : s), 0);
      const entries = candidates.map((r) => matcher.entries.find((e) => e.id === r.id)!);
      for (const q of rankQuestions(matcher, d.ranked, new Set(), -Infinity)) {
        // the textbook form: H(prior) - sum over answers of P(answer) * H(posterior | answer)
        let expected = 0;
        for (const a of q.fact.answers) {
          const joint = entries.map((e, i) => likelihood(e, q.fact, a.value) * prior[i]!);
          const pv = joint.reduce((s, j) => s + j, 0);
          if (pv > 0) expected += pv * H(joint.map((j) => j / pv));
        }
        expect(q.gain).toBeCloseTo(H(prior) - expected, 9);
      }
    },
  );

  it('skips the facts it is told to and lowers its bar when asked', () => {
    const d = ranked('401.2 on the intranet site');
    const matcher = getMatcher(knowledge);
    const all = rankQuestions(matcher, d.ranked, new Set(), 0);
    const worthIt = rankQuestions(matcher, d.ranked, new Set());
    expect(all.slice(0, worthIt.length)).toEqual(worthIt);
    expect(all.some((q) => q.gain < MIN_GAIN)).toBe(true);
    const first = all[0]!.fact.id;
    expect(rankQuestions(matcher, d.ranked, new Set([first]), 0).map((q) => q.fact.id)).toEqual(
      all.slice(1).map((q) => q.fact.id),
    );
  });

  it('asks nothing when one candidate is left', () => {
    const d = ranked('401.2 on the intranet site');
    const top = d.ranked[0]!;
    expect(rankQuestions(getMatcher(knowledge), [{ ...top, score: 1 }], new Set())).toEqual([]);
  });
});
