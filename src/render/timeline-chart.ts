import type { ScanTimeline } from '../w3c/index.js';
import type { LineChart, TextBlock } from './card-types.js';

/** Points a chat card's timeline gets at most (a day of logs: one every half hour). */
export const CHART_POINTS = 48;
/** Series drawn at most: the failures first, most entries first, then the normal handshakes. */
const MAX_SERIES = 5;
const BARS = '▁▂▃▄▅▆▇█';

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/** The series worth showing: not all zero, failures first (the scan ranks each kind by count). */
const shownSeries = (t: ScanTimeline): ScanTimeline['series'] =>
  [...t.series.filter((s) => s.kind === 'failure'), ...t.series.filter((s) => s.kind === 'normal')]
    .filter((s) => sum(s.counts) > 0)
    .slice(0, MAX_SERIES);

/** A point's label: the time of day, with the date when the log spans more than one day. */
const labels = (t: ScanTimeline): string[] => {
  const days = new Set(t.minutes.map((m) => m.slice(0, 10)));
  return t.minutes.map((m) =>
    days.size > 1 ? `${m.slice(5, 10)} ${m.slice(11, 16)}` : m.slice(11, 16),
  );
};

const per = (t: ScanTimeline): string => (t.step === 1 ? 'minute' : `${t.step} minutes`);

/** One bar character a point, scaled to the series' own peak (a zero stays the lowest bar). */
const sparkline = (counts: readonly number[]): string => {
  const peak = Math.max(...counts);
  return counts
    .map((c) => BARS[c === 0 || peak === 0 ? 0 : Math.max(1, Math.round((c / peak) * 7))])
    .join('');
};

/** The timeline as text, one line a series: for hosts without charts. Empty when nothing to show. */
export function timelineText(t: ScanTimeline): string {
  const series = shownSeries(t);
  if (series.length === 0) return '';
  const at = labels(t);
  const lines = series.map((s) => {
    const peak = Math.max(...s.counts);
    const when = at[s.counts.indexOf(peak)] ?? '';
    return `${s.id} (${s.kind}, ${sum(s.counts)}): ${sparkline(s.counts)} most at ${when}`;
  });
  return [`Over time, per ${per(t)} (UTC, ${at[0]} to ${at.at(-1)}):`, ...lines].join('\n\n');
}

/**
 * The timeline as a Teams line chart (one line a diagnosis), with its text as the fallback for
 * hosts that draw no charts; null when no diagnosis has anything to draw.
 */
export function timelineChart(t: ScanTimeline): LineChart | null {
  const series = shownSeries(t);
  if (series.length === 0) return null;
  const at = labels(t);
  const fallback: TextBlock = {
    type: 'TextBlock',
    text: timelineText(t),
    wrap: true,
    size: 'Small',
  };
  return {
    type: 'Chart.Line',
    title: `Entries per ${per(t)} by diagnosis (UTC)`,
    xAxisTitle: 'UTC',
    yAxisTitle: 'entries',
    data: series.map((s) => ({
      legend: `${s.id} (${s.kind})`,
      values: s.counts.map((y, i) => ({ x: at[i]!, y })),
    })),
    fallback,
    spacing: 'Medium',
  };
}
