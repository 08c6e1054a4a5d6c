import { BlobsStorage } from 'botbuilder-azure-blobs';
import { AppError } from '../errors.js';
import type { StateStore, StoredItem, WriteResult } from './types.js';

/** JSON with every non-ASCII character escaped: BlobsStorage sends `string.length` as the byte count. */
const asciiJson = (value: unknown): string =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

const isConflict = (e: unknown): boolean =>
  e instanceof Error &&
  (/eTag conflict/.test(e.message) ||
    (e as { statusCode?: number }).statusCode === 412 ||
    (e as { statusCode?: number }).statusCode === 404);

/** A chat turn cannot wait for the SDK's default back-off (Teams gives up after ~15 s). */
const OPTIONS = {
  storagePipelineOptions: {
    retryOptions: {
      maxTries: 3,
      tryTimeoutInMs: 4_000,
      retryDelayInMs: 200,
      maxRetryDelayInMs: 1_000,
    },
  },
};

const reason = (e: unknown): string =>
  e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : 'unknown error';

/**
 * Azure Blob Storage through botbuilder-azure-blobs (one blob per key, eTag concurrency), so
 * several instances can serve one bot. The only file outside channels/server that knows botbuilder.
 */
export class BlobStore implements StateStore {
  readonly kind = 'blobs';
  private storage: BlobsStorage;

  constructor(
    private readonly connectionString: string,
    private readonly container: string,
  ) {
    this.storage = new BlobsStorage(connectionString, container, OPTIONS);
  }

  async read(key: string): Promise<StoredItem | undefined> {
    const items = await this.guard('read', () => this.storage.read([key]));
    const item = items[key] as { json?: unknown; eTag?: unknown } | undefined;
    if (!item || typeof item.json !== 'string') return undefined;
    return { value: JSON.parse(item.json) as unknown, etag: String(item.eTag) };
  }

  async write(key: string, value: unknown, etag?: string): Promise<WriteResult> {
    try {
      await this.storage.write({ [key]: { json: asciiJson(value), eTag: etag ?? '*' } });
      return { ok: true };
    } catch (e) {
      if (etag !== undefined && isConflict(e)) return { ok: false, reason: 'conflict' };
      this.renew();
      throw new AppError('E_STORAGE', `state storage: cannot write ${key}: ${reason(e)}`, {
        cause: e,
      });
    }
  }

  async delete(key: string): Promise<void> {
    await this.guard('delete', () => this.storage.delete([key]));
  }

  private async guard<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      this.renew();
      throw new AppError('E_STORAGE', `state storage: cannot ${what}: ${reason(e)}`, { cause: e });
    }
  }

  /** BlobsStorage caches a failed container creation forever; a fresh client retries it. */
  private renew(): void {
    this.storage = new BlobsStorage(this.connectionString, this.container, OPTIONS);
  }
}
