import {
  MAX_LIST,
  type StateStore,
  type StoreHealth,
  type StoredItem,
  type WriteGuard,
  type WriteResult,
} from './types.js';

/**
 * Freezes a JSON-like value and everything in it (parts already frozen, such as the unchanged
 * parts of a record written before, are not walked again).
 */
const deepFreeze = (v: unknown): void => {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v)) return;
  Object.freeze(v);
  if (Array.isArray(v)) for (const x of v) deepFreeze(x);
  else for (const x of Object.values(v)) deepFreeze(x);
};

/**
 * In-process state. A written value is frozen, with all it holds, and handed out as it is: callers
 * share it but cannot change it (so, as with a remote store, what was written is what is read),
 * without a copy per read and write; serialising each record both ways cost more than the turn's
 * ranking. `write` therefore takes the value over: the caller must not change it afterwards (the
 * engine never does: each turn builds a new state).
 */
export class MemoryStore implements StateStore {
  readonly kind = 'memory';
  private readonly items = new Map<string, { value: unknown; etag: string }>();
  private version = 0;

  read(key: string): Promise<StoredItem | undefined> {
    const item = this.items.get(key);
    return Promise.resolve(item ? { value: item.value, etag: item.etag } : undefined);
  }

  write(key: string, value: unknown, guard?: WriteGuard): Promise<WriteResult> {
    const current = this.items.get(key);
    const holds =
      guard === undefined || ('etag' in guard ? current?.etag === guard.etag : !current);
    if (!holds) return Promise.resolve({ ok: false, reason: 'conflict' });
    deepFreeze(value);
    this.version += 1;
    this.items.set(key, { value, etag: `"m${this.version}"` });
    return Promise.resolve({ ok: true });
  }

  delete(key: string): Promise<void> {
    this.items.delete(key);
    return Promise.resolve();
  }

  health(): StoreHealth {
    return { state: 'ok' };
  }

  list(prefix: string, limit = MAX_LIST): Promise<string[]> {
    return Promise.resolve(this.keys(prefix).slice(0, limit));
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
