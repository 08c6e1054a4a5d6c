import { describe, expect, it } from 'vitest';
import { timelineChart, timelineText } from '../../src/render/index.js';
import type { ScanTimeline } from '../../src/w3c/index.js';

const minutes = (start: string, n: number, step = 1): string[] =>
  Array.from(
    { length: n },
    (_, i) => `${new Date(Date.parse(start) + i * step * 60_000).toISOString().slice(0, 16)}Z`,
  );

const timeline = (over: Partial<ScanTimeline> = {}): ScanTimeline => ({
  step: 1,
  minutes: minutes('2024-11-01T08:00Z', 4),
  entries: [3, 1, 0, 5],
  count401: [3, 1, 0, 4],
  series: [
    { id: 'ntlm-handshake-normal', kind: 'normal', counts: [1, 1, 0, 0] },
    { id: 'wrong-credentials', kind: 'failure', counts: [2, 0, 0, 4] },
    { id: 'anon-account-lockout', kind: 'failure', counts: [0, 0, 0, 0] },
  ],
  lost: 0,
  ...over,
});

describe('timelineChart', () => {
  it('draws each diagnosis with entries as a line, failures first, point by point', () => {
    const chart = timelineChart(timeline())!;
    expect(chart.type).toBe('Chart.Line');
    expect(chart.title).toBe('Entries per minute by diagnosis (UTC)');
    expect(chart.data.map((d) => d.legend)).toEqual([
      'wrong-credentials (failure)',
      'ntlm-handshake-normal (normal)',
    ]);
    expect(chart.data[0]!.values).toEqual([
      { x: '08:00', y: 2 },
      { x: '08:01', y: 0 },
      { x: '08:02', y: 0 },
      { x: '08:03', y: 4 },
    ]);
  });

  it('falls back to the same timeline as text where a host draws no charts', () => {
    const chart = timelineChart(timeline())!;
    expect(chart.fallback).toMatchObject({ type: 'TextBlock', text: timelineText(timeline()) });
  });

  it('dates the points of a log that spans days, and names the step', () => {
    const t = timeline({ step: 720, minutes: minutes('2024-11-01T00:00Z', 4, 720) });
    const chart = timelineChart(t)!;
    expect(chart.title).toBe('Entries per 720 minutes by diagnosis (UTC)');
    expect(chart.data[0]!.values.map((v) => v.x)).toEqual([
      '11-01 00:00',
      '11-01 12:00',
      '11-02 00:00',
      '11-02 12:00',
    ]);
  });

  it('keeps five series at most', () => {
    const series = Array.from({ length: 8 }, (_, i) => ({
      id: `cause-${i}`,
      kind: 'failure' as const,
      counts: [i + 1, 0, 0, 0],
    }));
    expect(timelineChart(timeline({ series }))!.data).toHaveLength(5);
  });

  it('is absent when no diagnosis has an entry to draw', () => {
    const t = timeline({ series: [{ id: 'x', kind: 'failure', counts: [0, 0, 0, 0] }] });
    expect(timelineChart(t)).toBeNull();
    expect(timelineText(t)).toBe('');
  });
});

describe('timelineText', () => {
  it('gives each series a bar a point, scaled to its peak, and when it peaked', () => {
    const lines = timelineText(timeline()).split('\n\n');
    expect(lines).toEqual([
      'Over time, per minute (UTC, 08:00 to 08:03):',
      'wrong-credentials (failure, 6): ▅▁▁█ most at 08:03',
      'ntlm-handshake-normal (normal, 2): ██▁▁ most at 08:00',
    ]);
  });
});
