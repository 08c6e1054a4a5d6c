/**
 * What the scorers ask of an index's term maps: a value by term. The builders make Maps; an index
 * restored from its snapshot (index-data.ts) answers from sorted arrays instead, so a process
 * restores it without building a Map of every term first.
 */
export interface TermLookup<V> {
  get(term: string): V | undefined;
  has(term: string): boolean;
}

/**
 * A lookup over terms sorted in code-unit order (Array.prototype.sort's), values made on demand
 * and kept (a restored index's posting lists are read again by every message).
 */
export class SortedTerms<V> implements TermLookup<V> {
  private readonly made: (V | undefined)[] = [];

  constructor(
    private readonly terms: readonly string[],
    private readonly valueAt: (i: number) => V,
  ) {}

  /** The term's place, or -1. */
  indexOf(term: string): number {
    let lo = 0;
    let hi = this.terms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.terms[mid]!;
      if (t === term) return mid;
      if (t < term) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get(term: string): V | undefined {
    const i = this.indexOf(term);
    return i < 0 ? undefined : (this.made[i] ??= this.valueAt(i));
  }

  has(term: string): boolean {
    return this.indexOf(term) >= 0;
  }
}

/** A lookup made when first asked (restoring one costs nothing until a message needs it). */
export const lazyLookup = <V>(make: () => TermLookup<V>): TermLookup<V> => {
  let made: TermLookup<V> | undefined;
  const lookup = (): TermLookup<V> => (made ??= make());
  return { get: (t) => lookup().get(t), has: (t) => lookup().has(t) };
};
