/**
 * A capped top list of one 401/403 code (URLs, users, clients or user agents), as the scan kernel
 * hands it over: the rows it kept, in first-seen order, and what its pruning threw away.
 */
export interface TopList {
  values: string[];
  counts: number[];
  dropped: number;
}

import { TOP_CAPACITY, TOP_PRUNE_AT } from './kernel-abi.js';

/** Rows a list may hold after a merge (the kernel's prune point). */
const MAX_ROWS = TOP_CAPACITY * TOP_PRUNE_AT;

/** Adds `from` into `into` (inputs scanned one after another); past MAX_ROWS the heaviest rows stay. */
export function mergeTop(into: TopList, from: TopList): void {
  const at = new Map(into.values.map((v, i) => [v, i]));
  from.values.forEach((v, r) => {
    const i = at.get(v);
    if (i !== undefined) into.counts[i]! += from.counts[r]!;
    else {
      at.set(v, into.values.length);
      into.values.push(v);
      into.counts.push(from.counts[r]!);
    }
  });
  into.dropped += from.dropped;
  if (into.values.length <= MAX_ROWS) return;
  const order = into.counts.map((_, i) => i).sort((a, b) => into.counts[b]! - into.counts[a]!);
  for (const i of order.slice(MAX_ROWS)) into.dropped += into.counts[i]!;
  const kept = order.slice(0, MAX_ROWS).sort((a, b) => a - b);
  into.values = kept.map((i) => into.values[i]!);
  into.counts = kept.map((i) => into.counts[i]!);
}

/** The `k` heaviest rows, count descending, then value ascending. */
export function topEntries(top: TopList, k: number): { value: string; count: number }[] {
  return top.values
    .map((value, i) => ({ value, count: top.counts[i]! }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, k);
}
