/** A stored value with the version tag that guards the next write. */
export interface StoredItem {
  value: unknown;
  etag: string;
}

export type WriteResult = { ok: true } | { ok: false; reason: 'conflict' };

/**
 * Our own small storage seam (not botbuilder's `Storage`): memory by default, Azure Blob Storage for
 * several instances. Keys are short ASCII paths; values JSON-serialisable.
 * A storage outage throws AppError E_STORAGE; an eTag conflict is a value.
 */
export interface StateStore {
  readonly kind: 'memory' | 'blobs';
  read(key: string): Promise<StoredItem | undefined>;
  /** With `etag`, writes only when the item is unchanged since it was read; without, overwrites. */
  write(key: string, value: unknown, etag?: string): Promise<WriteResult>;
  delete(key: string): Promise<void>;
}
