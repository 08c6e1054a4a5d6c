import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  initialState,
  turn,
  type Action,
  type Reply,
  type TurnResult,
} from '../../src/dialog/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';

interface Expect {
  kind?: Reply['kind'];
  codes?: string[];
  top1?: string;
  top3?: string[];
  notTop3?: string[];
  asks?: string;
  reranked?: boolean;
  headline?: string;
  didYouMean?: boolean;
  notes?: string;
}
interface Step {
  user?: string;
  answer?: string; // the value of the pending question's answer button
  pick?: string; // a cause id from "did you mean"
  press?: string; // a button by its label (question, did-you-mean or actions)
  expect: Expect;
}
export interface Transcript {
  name: string;
  steps: Step[];
}

const DIR = join(import.meta.dirname, '..', 'fixtures', 'transcripts');
export const transcripts = (): [string, Transcript][] =>
  readdirSync(DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => [f, parse(readFileSync(join(DIR, f), 'utf8')) as Transcript]);

const knowledge = await loadKnowledge();

const inputOf = (step: Step, last: Reply | null): string | Action => {
  if (step.user !== undefined) return step.user;
  if (step.answer !== undefined) {
    const choice = last?.question?.choices.find(
      (c) => c.action.type === 'answer' && c.action.value === step.answer,
    );
    if (!choice)
      throw new Error(
        `no answer button "${step.answer}" on the last reply (question: ${last?.question?.fact ?? 'none'})`,
      );
    return choice.action;
  }
  if (step.pick !== undefined) return { type: 'pick', cause: step.pick };
  if (step.press !== undefined) {
    const all = [
      ...(last?.question?.choices ?? []),
      ...(last?.didYouMean ?? []),
      ...(last?.actions ?? []),
    ];
    const choice = all.find((c) => c.label === step.press);
    if (!choice) throw new Error(`no button "${step.press}" on the last reply`);
    return choice.action;
  }
  throw new Error('a step needs user, answer, pick or press');
};

const check = (e: Expect, r: TurnResult, prev: TurnResult | null) => {
  const { reply } = r;
  const ids = reply.causes.map((c) => c.id);
  if (e.kind) expect(reply.kind).toBe(e.kind);
  if (e.headline) expect(reply.headline).toContain(e.headline);
  if (e.codes)
    for (const c of e.codes) expect(reply.codes.map((x) => x.label).join(' | ')).toContain(c);
  if (e.top1) expect(ids[0]).toBe(e.top1);
  if (e.top3) for (const id of e.top3) expect(ids.slice(0, 3)).toContain(id);
  if (e.notTop3) for (const id of e.notTop3) expect(ids.slice(0, 3)).not.toContain(id);
  if (e.asks === 'none') expect(reply.question).toBeUndefined();
  else if (e.asks === 'any') expect(reply.question).toBeDefined();
  else if (e.asks) expect(reply.question?.fact).toBe(e.asks);
  if (e.didYouMean !== undefined) expect(!!reply.didYouMean?.length).toBe(e.didYouMean);
  if (e.notes) expect(reply.notes.join(' ')).toContain(e.notes);
  if (e.reranked) {
    const before = (prev?.diagnosis?.ranked ?? []).map((c) => `${c.id}:${c.score}`).slice(0, 5);
    const after = (r.diagnosis?.ranked ?? []).map((c) => `${c.id}:${c.score}`).slice(0, 5);
    expect(after).not.toEqual(before);
  }
};

describe('transcripts', () => {
  it.each(transcripts())('%s', (_file, t) => {
    let state = initialState();
    let prev: TurnResult | null = null;
    t.steps.forEach((step, i) => {
      const r = turn(state, inputOf(step, prev?.reply ?? null), knowledge);
      try {
        check(step.expect, r, prev);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new Error(
          `step ${i + 1} of "${t.name}": ${why}\nreply: ${r.reply.headline} | causes ${r.reply.causes.map((c) => `${c.id} ${c.score}`).join(', ')} | asks ${r.reply.question?.fact ?? '-'}`,
        );
      }
      state = r.state;
      prev = r;
    });
  });
});
