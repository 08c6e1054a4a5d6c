import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerActivity } from '../../src/channels/teams/activities.js';
import {
  initialState,
  MAX_ACTION_CHARS,
  parseInput,
  readAction,
  turn,
  type Action,
  type DialogState,
  type Reply,
} from '../../src/dialog/index.js';
import { MAX_TURN_CHARS } from '../../src/dialog/turn.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import { MAX_MARKDOWN, renderBlocks, renderMarkdown } from '../../src/render/index.js';
import { slackProblems } from '../render/blocks-limits.js';
import { realKnowledge } from '../server/helpers.js';
import { mutatedMessage, realMessages } from './corpus.js';

// what every Teams client accepts
const MAX_ACTIVITY_BYTES = 25 * 1024;

/** Runs per property; FUZZ_RUNS raises them for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS) || 0;
const runs = (n: number) => ({ numRuns: RUNS || n });

/** The state stays small whatever is said: bounded context, codes, facts and lists. */
const MAX_STATE_BYTES = 24 * 1024;

let knowledge: Knowledge;
let corpus: string[];
beforeAll(async () => {
  knowledge = await realKnowledge();
  corpus = realMessages();
});

type Step =
  | { kind: 'text'; text: string }
  | { kind: 'button'; index: number }
  | { kind: 'raw'; value: unknown };

/** Button values as clients send them back, well-formed or not. */
const rawValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.anything(),
    fc.record({
      action: fc.record(
        {
          type: fc.constantFrom('answer', 'pick', 'none-of-these', 'reset', 'feedback', 'x'),
          fact: fc.oneof(fc.string(), fc.constantFrom(...knowledge.facts.map((f) => f.id))),
          value: fc.oneof(fc.string({ maxLength: 300 }), fc.constant('unknown'), fc.integer()),
          cause: fc.oneof(fc.string(), fc.constantFrom(...knowledge.entries.map((e) => e.id))),
          answerId: fc.oneof(fc.string(), fc.integer()),
          helpful: fc.oneof(fc.boolean(), fc.string()),
        },
        { requiredKeys: ['type'] },
      ),
    }),
    fc.record({ text: fc.string() }),
  );

const steps = (): fc.Arbitrary<Step[]> =>
  fc.array(
    fc.oneof(
      {
        weight: 5,
        arbitrary: mutatedMessage(corpus).map((text): Step => ({ kind: 'text', text })),
      },
      { weight: 3, arbitrary: fc.nat().map((index): Step => ({ kind: 'button', index })) },
      { weight: 1, arbitrary: rawValue().map((value): Step => ({ kind: 'raw', value })) },
    ),
    { minLength: 1, maxLength: 6 },
  );

const choicesOf = (reply: Reply | undefined): Action[] =>
  reply
    ? [...(reply.question?.choices ?? []), ...(reply.didYouMean ?? []), ...reply.actions].map(
        (c) => c.action,
      )
    : [];

/** Everything a reply and the state must satisfy after any turn. */
const checkTurn = (input: string | Action, state: DialogState, reply: Reply): void => {
  const json = JSON.stringify(state);
  expect(JSON.parse(json)).toEqual(state);
  expect(json.length).toBeLessThanOrEqual(MAX_STATE_BYTES);
  expect(state.codes.length).toBeLessThanOrEqual(24);
  expect(renderMarkdown(reply).length).toBeLessThanOrEqual(MAX_MARKDOWN);
  const teams = answerActivity(reply, 'msteams');
  expect(teams.bytes).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
  expect(answerActivity(reply, 'webchat').bytes).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
  const slack = renderBlocks(reply, { feedback: true });
  expect(slackProblems(slack)).toEqual([]);
  // every button's Action comes back as itself
  for (const action of choicesOf(reply)) {
    expect(parseInput({ action })).toEqual(action);
    expect(readAction(action)).toEqual(action);
  }
  // a cut message says so (whitespace alone has nothing to cut)
  if (typeof input === 'string' && input.length > MAX_TURN_CHARS && input.trim() !== '') {
    expect(reply.notes.join(' ')).toMatch(/very long; I read its beginning only/);
  }
};

describe('the dialogue under generated and mutated real messages (fast-check)', () => {
  it('never throws; state stays serialisable and small; every reply fits Markdown, Teams and Slack', () => {
    fc.assert(
      fc.property(steps(), (script) => {
        let state = initialState();
        let last: Reply | undefined;
        for (const step of script) {
          let input: string | Action;
          if (step.kind === 'text') input = step.text;
          else if (step.kind === 'raw') input = parseInput(step.value);
          else {
            const choices = choicesOf(last);
            if (!choices.length) continue;
            input = choices[step.index % choices.length]!;
          }
          const result = turn(state, input, knowledge, 1_700_000_000_000);
          checkTurn(input, result.state, result.reply);
          state = result.state;
          last = result.reply;
        }
      }),
      runs(600),
    );
  }, 240_000);

  it('reads at most its limit of any message, and says when it cut', () => {
    fc.assert(
      fc.property(mutatedMessage(corpus), fc.integer({ min: 1, max: 3 }), (message, times) => {
        const big = `${message}\n`.repeat(
          Math.ceil((MAX_TURN_CHARS * times) / (message.length + 1)) + 1,
        );
        const { reply, findings, state } = turn(initialState(), big, knowledge);
        checkTurn(big, state, reply);
        if (findings) {
          expect(findings.truncated).toBe(true);
          // the work done is bounded by the limit, not by the input
          expect(findings.text.length).toBeLessThanOrEqual(MAX_TURN_CHARS * 3);
          expect(findings.entries.length).toBeLessThanOrEqual(MAX_TURN_CHARS / 10);
          expect(findings.codes.length).toBeLessThanOrEqual(300);
        }
      }),
      runs(40),
    );
  }, 240_000);

  it('turns any button value into a well-formed input, and acts on it without throwing', () => {
    fc.assert(
      fc.property(rawValue(), (value) => {
        const input = parseInput(value);
        if (typeof input !== 'string') {
          expect(['answer', 'pick', 'none-of-these', 'reset', 'feedback']).toContain(input.type);
          for (const v of Object.values(input)) {
            if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(MAX_ACTION_CHARS);
          }
        }
        const { state, reply } = turn(initialState(), input, knowledge);
        checkTurn(input, state, reply);
      }),
      runs(1500),
    );
  }, 240_000);
});
