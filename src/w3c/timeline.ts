import { isoMinute } from './bytes.js';
import { causeOf } from './diagnose.js';
import { codeOfKey, type ScanState } from './state.js';
import type { ScanDiagnosis } from './types.js';

/** One diagnosis over time. */
export interface TimelineSeries {
  id: string;
  kind: ScanDiagnosis['kind'];
  /** Per point. */
  counts: number[];
}

/**
 * A scan over time, for its pictures: every point from the first entry's minute to the last's
 * (minutes without entries are zeros), and each diagnosis per point. What each series counts is
 * what its diagnosis counts, so a series adds up to its diagnosis's count (entries without a time
 * are in neither the points nor the series).
 */
export interface ScanTimeline {
  /** Minutes per point: 1, unless the log spans more than MAX_POINTS minutes. */
  step: number;
  /** Each point's first minute, ISO (UTC): `2024-11-01T08:15Z`. */
  minutes: string[];
  /** Entries per point, all and 401 only. */
  entries: number[];
  count401: number[];
  /** In the order of the scan's diagnoses (the normal handshakes among them). */
  series: TimelineSeries[];
  /** Counts past the scan's bounds, placed nowhere. */
  lost: number;
}

/** Points at most: a day of minutes; a longer log gets coarser points. */
export const MAX_POINTS = 1440;
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

/** The diagnosis a timeline key counts towards, if any: a leg class names its own; a code's is causeOf's. */
const diagnosisOf = (key: string): string | null => {
  if (!key.includes(' ')) return key;
  const c = codeOfKey(key);
  return causeOf(c.status, c.substatus, c.win32);
};

/**
 * The timeline of a scan whose diagnoses are `diagnoses` (summarise), in about `maxPoints` points
 * at most (a chart in a chat card wants fewer than a page); null when no entry had a time.
 */
export function timelineOf(
  state: ScanState,
  diagnoses: readonly ScanDiagnosis[],
  maxPoints = MAX_POINTS,
): ScanTimeline | null {
  let first = Infinity;
  let last = -Infinity;
  for (const m of state.minutes.keys()) {
    if (m < first) first = m;
    if (m > last) last = m;
  }
  if (first > last) return null;
  const span = last - first + 1;
  const step =
    STEPS.find((s) => Math.ceil(span / s) <= maxPoints) ??
    1440 * Math.ceil(span / maxPoints / 1440);
  const start = Math.floor(first / step) * step;
  const n = Math.floor((last - start) / step) + 1;
  const at = (minute: number): number => Math.floor((minute - start) / step);
  const entries = new Array<number>(n).fill(0);
  const count401 = new Array<number>(n).fill(0);
  for (const [m, c] of state.minutes) entries[at(m)]! += c;
  for (const [m, c] of state.minutes401) count401[at(m)]! += c;
  const series = diagnoses.map((d): TimelineSeries => ({
    id: d.id,
    kind: d.kind,
    counts: new Array<number>(n).fill(0),
  }));
  const byId = new Map(series.map((s) => [s.id, s]));
  const ids = new Map<string, TimelineSeries | undefined>();
  for (const [m, counts] of state.timeline) {
    const p = at(m);
    for (const [key, c] of counts) {
      if (!ids.has(key)) {
        const id = diagnosisOf(key);
        ids.set(key, id === null ? undefined : byId.get(id));
      }
      const s = ids.get(key);
      if (s && p >= 0 && p < n) s.counts[p]! += c;
    }
  }
  return {
    step,
    minutes: Array.from({ length: n }, (_, i) => isoMinute(start + i * step)),
    entries,
    count401,
    series,
    lost: state.timelineLost,
  };
}
