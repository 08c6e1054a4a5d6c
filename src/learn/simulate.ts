import { initialState, turn } from '../dialog/index.js';
import type { Entry, Fact, Knowledge } from '../knowledge/schema.js';
import type { LabelledCase } from './cases.js';

/**
 * How the asker of a labelled case answers a follow-up: as its cause would. The first value the
 * entry's question on the fact confirms; else the one answer it does not rule out; else "I don't
 * know" (the entry says nothing that decides it).
 */
export const simulatedAnswer = (entry: Entry, fact: Fact): string => {
  const q = entry.questions.find((x) => x.fact === fact.id);
  if (!q) return 'unknown';
  if (q.confirms[0]) return q.confirms[0];
  const left = fact.answers.filter((a) => !q.rules_out.includes(a.value));
  return left.length === 1 ? left[0]!.value : 'unknown';
};

/** The top cause after each turn of a conversation with a simulated asker (index = answers given). */
export const simulateConversation = (
  knowledge: Knowledge,
  c: LabelledCase,
  answers: number,
): (string | undefined)[] => {
  const entry = knowledge.entries.find((e) => e.id === c.ok[0]);
  const facts = new Map(knowledge.facts.map((f) => [f.id, f]));
  let r = turn(initialState(), c.message, knowledge);
  const tops = [r.diagnosis?.ranked[0]?.id];
  for (let i = 0; i < answers; i++) {
    const fact = r.reply.question ? facts.get(r.reply.question.fact) : undefined;
    if (!fact || !entry) {
      tops.push(tops[tops.length - 1]);
      continue;
    }
    r = turn(
      r.state,
      { type: 'answer', fact: fact.id, value: simulatedAnswer(entry, fact) },
      knowledge,
    );
    tops.push(r.diagnosis?.ranked[0]?.id ?? tops[tops.length - 1]);
  }
  return tops;
};
