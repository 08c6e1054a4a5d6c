/** A stored value with the version tag that guards the next write. */
export interface StoredItem {
  value: unknown;
  etag: string;
}

export type WriteResult = { ok: true } | { ok: false; reason: 'conflict' };

/**
 * What a conditional write requires: the item unchanged since it was read (its eTag), or no item
 * at all (a first write, which must not overwrite one another writer created meanwhile).
 */
export type WriteGuard = { etag: string } | { absent: true };

/** How the store has fared lately, for /healthz: its last call failed (and why), or did not. */
export type StoreHealth = { state: 'ok' } | { state: 'degraded'; reason: string; since: number };

/**
 * Our own small storage seam (not botbuilder's `Storage`): memory by default, Azure Blob Storage for
 * several instances. Keys are short ASCII paths; values JSON-serialisable.
 * A storage outage (or a call past its deadline) throws AppError E_STORAGE; a failed guard is a value.
 */
export interface StateStore {
  readonly kind: 'memory' | 'blobs';
  read(key: string): Promise<StoredItem | undefined>;
  /** With a guard, writes only when it holds (else `conflict`); without, overwrites. */
  write(key: string, value: unknown, guard?: WriteGuard): Promise<WriteResult>;
  delete(key: string): Promise<void>;
  /**
   * Keys under a prefix, sorted, at most `limit` (memory and blobs both can; a store that cannot
   * leaves it out, and review and retention then have nothing to go through).
   */
  list?(prefix: string, limit?: number): Promise<string[]>;
  health(): StoreHealth;
}

/** Keys one listing returns at most (review and retention go through kept records in pages of this). */
export const MAX_LIST = 10_000;
