import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerTurn } from '../../../src/channels/engine-tasks.js';
import { answerActivity } from '../../../src/channels/teams/activities.js';
import { initialState } from '../../../src/dialog/index.js';
import type { Knowledge } from '../../../src/knowledge/index.js';
import type { AdaptiveCard, CardElement, LineChart } from '../../../src/render/index.js';
import { scanText, summarise } from '../../../src/w3c/index.js';
import { loadScanKernel } from '../../../src/w3c/load.js';
import { realKnowledge } from '../../server/helpers.js';

const LOG = readFileSync(new URL('../../../examples/logs/u_ex241101.log', import.meta.url), 'utf8');

let knowledge: Knowledge;
beforeAll(async () => {
  knowledge = await realKnowledge();
});

const answer = (channelId: string, input = LOG, file: string | null = 'u_ex241101.log') => {
  const { reply, report } = answerTurn(knowledge, {
    state: initialState(),
    input,
    now: 1_700_000_000_000,
    ...(file === null ? {} : { file: { name: file } }),
  });
  return answerActivity(reply, channelId, report?.notes, report?.timeline).activity;
};

const cardOf = (activity: ReturnType<typeof answer>): AdaptiveCard =>
  activity.attachments?.[0]?.content as AdaptiveCard;

const walk = (els: CardElement[]): CardElement[] =>
  els.flatMap((e) => [e, ...('items' in e ? walk(e.items) : [])]);

describe('the answer to a log file', () => {
  it('charts its timeline in Teams: a line per diagnosis that adds up to its count', () => {
    const charts = walk(cardOf(answer('msteams')).body).filter(
      (e): e is LineChart => e.type === 'Chart.Line',
    );
    expect(charts).toHaveLength(1);
    const scan = summarise(scanText(LOG, 'u_ex241101.log', loadScanKernel().module));
    const drawn = charts[0]!.data.map((d) => [d.legend, d.values.reduce((a, v) => a + v.y, 0)]);
    const counted = scan.diagnoses.map((d) => [`${d.id} (${d.kind})`, d.count]);
    expect(drawn).toEqual(expect.arrayContaining(counted.slice(0, 5)));
    expect(drawn).toHaveLength(Math.min(5, counted.length));
    expect(charts[0]!.fallback).toMatchObject({ type: 'TextBlock' });
  });

  it('shows the timeline as text on other card hosts and in plain-text channels', () => {
    const webchat = walk(cardOf(answer('webchat')).body);
    expect(webchat.some((e) => e.type === 'Chart.Line')).toBe(false);
    expect(
      webchat.some((e) => e.type === 'TextBlock' && e.text.startsWith('Over time, per ')),
    ).toBe(true);
    const slack = answer('slack');
    expect(slack.attachments).toBeUndefined();
    expect(slack.text).toMatch(/Over time, per \d+ minutes \(UTC/);
  });

  it('charts a pasted log as it charts the file', () => {
    const charts = (input: string, file: string | null) =>
      walk(cardOf(answer('msteams', input, file)).body).filter((e) => e.type === 'Chart.Line');
    expect(charts(LOG, null)).toEqual(charts(LOG, 'u_ex241101.log'));
    expect(charts(LOG, null)).toHaveLength(1);
  });

  it('has no chart for typed text, nor for a file that is not a log', () => {
    const typed = walk(cardOf(answer('msteams', 'users get 401.2 on the intranet', null)).body);
    expect(typed.some((e) => e.type === 'Chart.Line')).toBe(false);
    const prose = walk(cardOf(answer('msteams', 'users get 401.2 on the intranet', 'x.txt')).body);
    expect(prose.some((e) => e.type === 'Chart.Line')).toBe(false);
  });
});
