import { describe, expect, it } from 'vitest';
import {
  activityBytes,
  answerActivity,
  isCardChannel,
  welcomeActivity,
} from '../../../src/channels/teams/activities.js';
import type { Reply } from '../../../src/dialog/index.js';
import type { AdaptiveCard } from '../../../src/render/index.js';

// what every Teams client accepts; the card budget (render/card.ts) keeps answers under it
const MAX_ACTIVITY_BYTES = 25 * 1024;

const reply = (over: Partial<Reply> = {}): Reply => ({
  id: 'r1',
  kind: 'diagnosis',
  headline: '401.2: the browser did not answer the challenge',
  codes: [],
  causes: [{ id: 'browser-autologon-zone', title: 'Zone settings', score: 0.6, why: [] }],
  steps: [],
  notes: [],
  actions: [],
  redactions: [],
  ...over,
});

const huge = (): Reply =>
  reply({
    steps: Array.from({ length: 4 }, (_, i) => ({
      title: `Block ${i}`,
      all: Array.from(
        { length: 40 },
        (_, j) => `Step ${j}: ${'check this setting carefully ü '.repeat(25)}`,
      ),
      iis6: [],
      iis7: [],
    })),
    notes: Array.from({ length: 10 }, () => 'a long note '.repeat(50)),
  });

describe('answerActivity', () => {
  it('sends answers as an Adaptive Card with Teams feedback buttons and a preview line', () => {
    const { activity, isAnswer, trimmed } = answerActivity(reply(), 'msteams');
    expect(isAnswer).toBe(true);
    expect(trimmed).toBe(false);
    expect(activity.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(activity.channelData).toEqual({ feedbackLoopEnabled: true });
    expect(activity.summary).toBe(reply().headline);
    expect(activity.text).toBeUndefined();
  });

  it('leaves feedback buttons off notices and off other channels', () => {
    expect(
      answerActivity(reply({ kind: 'notice' }), 'msteams').activity.channelData,
    ).toBeUndefined();
    expect(answerActivity(reply(), 'webchat').activity.channelData).toBeUndefined();
  });

  it('keeps the serialised activity within the Teams budget and says it shortened the answer', () => {
    const big = huge();
    const { activity, trimmed, bytes } = answerActivity(big, 'msteams');
    expect(trimmed).toBe(true);
    expect(bytes).toBe(activityBytes(activity));
    expect(bytes).toBeLessThanOrEqual(MAX_ACTIVITY_BYTES);
    const card = activity.attachments![0]!.content as AdaptiveCard;
    expect(JSON.stringify(card)).toMatch(/shortened this answer/);
    // the untrimmed answer would not have fitted
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(MAX_ACTIVITY_BYTES);
  });

  it('puts a file summary under the headline', () => {
    const lead = ['u_ex.log: 3 lines, 1 log entry.'];
    const card = answerActivity(reply(), 'msteams', lead).activity.attachments![0]!
      .content as AdaptiveCard;
    expect(card.body[1]).toMatchObject({ type: 'Container', items: [{ text: lead[0] }] });
    expect(card.fallbackText.split('\n').slice(0, 3)).toEqual([reply().headline, '', lead[0]]);
  });

  it('sends plain text to channels that cannot show cards', () => {
    expect(isCardChannel('slack')).toBe(false);
    expect(isCardChannel('msteams')).toBe(true);
    const { activity } = answerActivity(reply(), 'slack');
    expect(activity.attachments).toBeUndefined();
    expect(activity.text).toMatch(
      /^401\.2: the browser did not answer the challenge\n\nLikely causes\n1\. Zone settings \(60%/,
    );
  });
});

describe('welcomeActivity', () => {
  it('is a card where cards work and text elsewhere', () => {
    const options = {
      scope: 'personal' as const,
      botName: 'iis-triage',
      fileMaxBytes: 1 << 20,
      example: 'x',
    };
    expect(welcomeActivity({ ...options, cards: true }).attachments).toHaveLength(1);
    expect(welcomeActivity({ ...options, cards: false }).text).toMatch(/^Hi, I am iis-triage/);
  });
});
