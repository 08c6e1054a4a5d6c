import type { StateStore, StoredItem, WriteResult } from './types.js';

/** In-process state: values are kept serialised, so callers never share objects with the store. */
export class MemoryStore implements StateStore {
  readonly kind = 'memory';
  private readonly items = new Map<string, { json: string; etag: string }>();
  private version = 0;

  read(key: string): Promise<StoredItem | undefined> {
    const item = this.items.get(key);
    return Promise.resolve(
      item ? { value: JSON.parse(item.json) as unknown, etag: item.etag } : undefined,
    );
  }

  write(key: string, value: unknown, etag?: string): Promise<WriteResult> {
    const current = this.items.get(key);
    if (etag !== undefined && current?.etag !== etag) {
      return Promise.resolve({ ok: false, reason: 'conflict' });
    }
    this.version += 1;
    this.items.set(key, { json: JSON.stringify(value), etag: `"m${this.version}"` });
    return Promise.resolve({ ok: true });
  }

  delete(key: string): Promise<void> {
    this.items.delete(key);
    return Promise.resolve();
  }

  /** Stored keys under a prefix, sorted (tests and diagnostics). */
  keys(prefix = ''): string[] {
    return [...this.items.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** Number of stored items (tests and health). */
  get size(): number {
    return this.items.size;
  }
}
