import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../../src/analysis.js';
import { textReply } from '../../src/channels/bot-seam.js';
import { answerTurn, runTask } from '../../src/channels/engine-tasks.js';
import { logPasteTurn, PASTE_NAME } from '../../src/channels/file-notes.js';
import { answerActivity } from '../../src/channels/teams/activities.js';
import { initialState, LOG_PASTE_HINT } from '../../src/dialog/index.js';
import type { Knowledge } from '../../src/knowledge/index.js';
import type { AdaptiveCard } from '../../src/render/index.js';
import { LOG_401_2_5, realKnowledge } from '../server/helpers.js';
import { GENERATOR, hasShared, itShared } from '../shared.js';
import { generate } from '../w3c/helpers.js';

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

/** A generated log of about 5 MB, as a person would paste it. */
const bigPaste = (): string => readFileSync(generate(['--lines', '25000', '--seed', '19']), 'utf8');
const SHORT = `Since this morning nobody gets in, e.g.\n${LOG_401_2_5}\n${LOG_401_2_5}\n${LOG_401_2_5}\nWhat is wrong?`;
const HEADLINE = /^Read as a log: [\d,]+ lines, [\d,]+ log entries, the same summary as a file\.$/;
const statuses = (codes: { status: number | null }[]): Set<number | null> =>
  new Set(codes.map((c) => c.status));

describe('logPasteTurn', () => {
  itShared(GENERATOR, 'answers a 5 MB pasted log with its scan summary, not a diagnosis', () => {
    const text = bigPaste();
    // what the dialogue would mix into one headline
    expect([...statuses(analyse(text, knowledge).codes)]).toEqual(
      expect.arrayContaining([401, 404]),
    );
    const result = logPasteTurn(initialState(), text);
    expect(result).not.toBeNull();
    const { reply, state } = result!;
    expect(reply.headline).toMatch(HEADLINE);
    expect(reply.causes).toEqual([]);
    expect(reply.codes).toEqual([]);
    // the whole paste is counted, as a file is
    const lines = text.split('\n').filter((l) => l).length;
    expect(reply.headline).toContain(lines.toLocaleString('en-US'));
    expect(reply.notes[0]).toMatch(new RegExp(`^${PASTE_NAME}: [\\d,]+ lines`));
    expect(reply.notes.some((n) => /401 responses/.test(n))).toBe(true);
    expect(reply.notes.at(-1)).toBe(LOG_PASTE_HINT);
    expect(state.turns).toBe(1);
  });

  it('leaves a short paste of log lines with prose to the dialogue', () => {
    expect(logPasteTurn(initialState(), SHORT)).toBeNull();
  });
});

describe.runIf(hasShared(GENERATOR))('a pasted log at each front door', () => {
  it('is summarised in a Teams or Web Chat message, the summary leading the card', () => {
    const { reply, report } = answerTurn(knowledge, {
      state: initialState(),
      input: bigPaste().slice(0, 200_000),
      now: 0,
    });
    const outgoing = answerActivity(reply, 'webchat', report?.notes, report?.timeline);
    expect(reply.causes).toEqual([]);
    const card = outgoing.activity.attachments?.[0]?.content as AdaptiveCard;
    const text = JSON.stringify(card.body);
    expect(text).toMatch(/Read as a log: [\d,]+ lines/);
    expect(text).toContain(`${PASTE_NAME}: `);
    expect(text).not.toMatch(/real failure is|Most likely|first suspect/);
  });

  it('is summarised in a Slack message (the engine turn)', () => {
    const reply = textReply(
      runTask(knowledge, {
        name: 'turn',
        input: { state: initialState(), input: bigPaste().slice(0, 40_000), now: 0 },
      }),
    );
    expect(reply.headline).toMatch(HEADLINE);
    expect(reply.notes.some((n) => n.startsWith('Over time, per'))).toBe(true);
  });

  it('is summarised by /api/triage in the Analysis shape, with its ticket note', () => {
    const answer = runTask(knowledge, { name: 'triage', input: bigPaste().slice(0, 900_000) });
    expect(answer.reply).toMatch(/Read as a log: [\d,]+ lines/);
    expect(answer.causes).toEqual([]);
    expect(answer.codes).toEqual([]);
    expect(answer.followUps).toEqual([]);
    expect(answer.reply.length).toBeLessThanOrEqual(4000);
    expect(answer.noteMarkdown.length).toBeGreaterThan(0);
  });

  it('still answers a short paste through the dialogue at every door', () => {
    const turned = runTask(knowledge, {
      name: 'turn',
      input: { state: initialState(), input: SHORT, now: 0 },
    });
    expect(turned.reply.headline).not.toMatch(/^Read as a log/);
    expect(turned.reply.codes.length).toBeGreaterThan(0);
    const triaged = runTask(knowledge, { name: 'triage', input: SHORT });
    expect(triaged.codes).toContainEqual({ status: 401, substatus: 2, win32: 5 });
  });
});
