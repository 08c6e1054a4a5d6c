import { describe, expect, it } from 'vitest';
import { initialState, turn } from '../../src/dialog/index.js';
import { loadKnowledge } from '../../src/knowledge/index.js';
import { renderCard, type AdaptiveCard, type CardElement } from '../../src/render/index.js';
import { visibleText } from './visible-text.js';

const knowledge = await loadKnowledge();

const LOG_LINES = [
  '2024-05-02 08:14:03 10.0.0.5 GET /intranet/ - 80 - 10.0.0.23 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) - 401 1 1326 31',
  '2024-01-01 10:00:00 GET /app 401 2 5',
  '2024-03-04 09:12:44 192.168.1.20 GET /reports/q1.aspx - 443 - 10.1.2.3 Mozilla/5.0 - 401 3 5 15',
];

const EMPTY: AdaptiveCard = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  fallbackText: '',
  body: [],
};

/** Top-level elements' text, in order, each joined on one line. */
const rows = (elements: readonly CardElement[]): string[] =>
  elements.map((e) => visibleText({ ...EMPTY, body: [e] }));

describe('the first card for a single log line', () => {
  it.each(LOG_LINES)('shows under 1,500 characters before anything is clicked: %s', (line) => {
    const { reply } = turn(initialState(), line, knowledge);
    const { card } = renderCard(reply);
    const shown = visibleText(card);
    expect(shown.length).toBeLessThan(1500);
    // nothing the user needs is hidden: verdict, the top cause, the question with its answers,
    // and the first step
    expect(shown).toContain(reply.headline);
    if (reply.causes[0]) expect(shown).toContain(reply.causes[0].title);
    if (reply.question) {
      expect(shown).toContain(reply.question.text);
      for (const c of reply.question.choices) expect(shown).toContain(c.label.slice(0, 40));
    }
    const firstStep = reply.steps[0]?.all[0] ?? reply.steps[0]?.iis7[0];
    if (firstStep) expect(shown).toContain(firstStep.slice(0, 40));
  });

  it('asks its question right after the verdict and the causes, before the steps', () => {
    const { reply } = turn(initialState(), LOG_LINES[0]!, knowledge);
    expect(reply.question).toBeDefined();
    const order = rows(renderCard(reply).card.body);
    const question = order.findIndex((r) => r.startsWith(reply.question!.text));
    const causes = order.findIndex((r) => /^Likely causes?$/.test(r));
    const steps = order.findIndex((r) => r === reply.steps[0]?.title);
    expect(causes).toBeGreaterThan(0);
    expect(question).toBeGreaterThan(causes);
    expect(steps).toBeGreaterThan(question);
  });
});

describe('a code explanation without a case', () => {
  it('lists the usual causes without percentages', () => {
    const { reply } = turn(initialState(), 'explain 401.2', knowledge);
    expect(reply.causes.length).toBeGreaterThan(1);
    const shown = visibleText(renderCard(reply).card);
    expect(shown).toMatch(/^Usual causes$/m);
    expect(shown).not.toMatch(/\d%|unlikely|Likely causes/);
  });
});
