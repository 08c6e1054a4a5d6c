/** One benchmark figure, always printed beside a baseline measured in the same run. */
export interface Figure {
  /** What was measured ("reader throughput, dev cases"). */
  name: string;
  value: number;
  unit: string;
  /** The same quantity for the baseline, measured in the same run. */
  baseline?: { name: string; value: number };
  /** value / baseline.value when a baseline exists (higher is better unless `lowerIsBetter`). */
  lowerIsBetter?: boolean;
  /** A target the issue names, e.g. "p99 < 5 ms"; `met` says whether this run met it. */
  target?: { text: string; met: boolean };
  note?: string;
}

/** A bench module: bench/<name>.ts default-exports one of these. */
export type Bench = () => Promise<Figure[]>;
