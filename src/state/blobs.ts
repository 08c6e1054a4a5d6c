import { ContainerClient, type BlobUploadCommonResponse } from '@azure/storage-blob';
import { addAbortSignal, type Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { AppError, errorLine } from '../errors.js';
import {
  MAX_LIST,
  type StateStore,
  type StoreHealth,
  type StoredItem,
  type WriteGuard,
  type WriteResult,
} from './types.js';

/** Longest one storage call may take, the SDK's retries included (a chat turn makes two or three). */
export const STORAGE_TIMEOUT_MS = 4_000;

/** A listing (review, retention; never in a chat turn) may take this many times longer. */
const LIST_TIMEOUT_FACTOR = 8;

/** A chat turn cannot wait for the SDK's default back-off (Teams gives up after ~15 s). */
const PIPELINE = {
  retryOptions: { maxTries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 500 },
};

const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number }).statusCode;
const codeOf = (e: unknown): string | undefined => (e as { code?: string }).code;

const reason = (e: unknown): string =>
  e instanceof Error && e.name === 'AbortError' ? 'no answer within the deadline' : errorLine(e);

/** A response body as text, given up when the deadline passes (a server may stall mid-body). */
const bodyText = (stream: NodeJS.ReadableStream, signal: AbortSignal): Promise<string> =>
  text(addAbortSignal(signal, stream as Readable));

/**
 * Blob names as botbuilder-azure-blobs gave them (the key URI-encoded: `conversations%2F...`), so
 * state written before this store replaced that package is still found.
 */
const blobName = (key: string): string => encodeURIComponent(key);

/**
 * Azure Blob Storage through its SDK: one blob per key holding `{"json": "<value as JSON>"}` (the
 * layout botbuilder-azure-blobs used), eTag concurrency, so several instances can serve one bot.
 * Every call has a client-side deadline: the SDK's own `tryTimeoutInMs` only asks the server to
 * give up, so storage that accepts connections and never answers would hold a turn for ever.
 */
export class BlobStore implements StateStore {
  readonly kind = 'blobs';
  private readonly container: ContainerClient;
  private readonly timeoutMs: number;
  private created: Promise<unknown> | undefined;
  private status: StoreHealth = { state: 'ok' };

  constructor(connectionString: string, container: string, options: { timeoutMs?: number } = {}) {
    this.container = new ContainerClient(connectionString, container, PIPELINE);
    this.timeoutMs = options.timeoutMs ?? STORAGE_TIMEOUT_MS;
  }

  health(): StoreHealth {
    return this.status;
  }

  read(key: string): Promise<StoredItem | undefined> {
    return this.call(`read ${key}`, async (abortSignal) => {
      let got;
      try {
        got = await this.container.getBlobClient(blobName(key)).download(0, undefined, {
          abortSignal,
        });
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
        // a missing container (in-memory Azurite restarted) is made again by the next write
        if (codeOf(e) === 'ContainerNotFound') this.created = undefined;
        return undefined;
      }
      if (!got.readableStreamBody || !got.etag) return undefined;
      const stored = JSON.parse(await bodyText(got.readableStreamBody, abortSignal)) as {
        json?: unknown;
      };
      if (typeof stored.json !== 'string') return undefined;
      return { value: JSON.parse(stored.json) as unknown, etag: got.etag };
    });
  }

  write(key: string, value: unknown, guard?: WriteGuard): Promise<WriteResult> {
    const body = Buffer.from(JSON.stringify({ json: JSON.stringify(value) }), 'utf8');
    const conditions =
      guard === undefined ? {} : 'etag' in guard ? { ifMatch: guard.etag } : { ifNoneMatch: '*' };
    const upload = (abortSignal: AbortSignal): Promise<BlobUploadCommonResponse> =>
      this.container.getBlockBlobClient(blobName(key)).upload(body, body.length, {
        conditions,
        blobHTTPHeaders: { blobContentType: 'application/json' },
        abortSignal,
      });
    return this.call(`write ${key}`, async (abortSignal): Promise<WriteResult> => {
      try {
        await upload(abortSignal);
      } catch (e) {
        if (codeOf(e) === 'ContainerNotFound') {
          this.created = undefined;
          await this.ensureContainer(abortSignal);
          if (guard && 'etag' in guard) return { ok: false, reason: 'conflict' };
          await upload(abortSignal);
          return { ok: true };
        }
        // 412: changed since read (or created, for If-None-Match); 409: created meanwhile;
        // 404: deleted since read
        const status = statusOf(e);
        if (guard && (status === 412 || status === 409 || status === 404)) {
          return { ok: false, reason: 'conflict' };
        }
        throw e;
      }
      return { ok: true };
    });
  }

  delete(key: string): Promise<void> {
    return this.call(`delete ${key}`, async (abortSignal) => {
      await this.container.getBlobClient(blobName(key)).deleteIfExists({ abortSignal });
    });
  }

  list(prefix: string, limit = MAX_LIST): Promise<string[]> {
    return this.call(
      `list ${prefix}`,
      async (abortSignal) => {
        const keys: string[] = [];
        const pages = this.container
          .listBlobsFlat({ prefix: blobName(prefix), abortSignal })
          .byPage({ maxPageSize: Math.min(5000, limit) });
        for await (const page of pages) {
          for (const blob of page.segment.blobItems) keys.push(decodeURIComponent(blob.name));
          if (keys.length >= limit) break;
        }
        return keys.sort().slice(0, limit);
      },
      LIST_TIMEOUT_FACTOR * this.timeoutMs,
    );
  }

  /** Creates the container once (again after a failure or once it has gone). */
  private ensureContainer(abortSignal: AbortSignal): Promise<unknown> {
    this.created ??= this.container.createIfNotExists({ abortSignal }).catch((e: unknown) => {
      this.created = undefined;
      throw e;
    });
    return this.created;
  }

  /** One storage call within the deadline; failures become E_STORAGE and mark the store degraded. */
  private async call<T>(
    what: string,
    run: (abortSignal: AbortSignal) => Promise<T>,
    timeoutMs = this.timeoutMs,
  ): Promise<T> {
    const abortSignal = AbortSignal.timeout(timeoutMs);
    try {
      await this.ensureContainer(abortSignal);
      const result = await run(abortSignal);
      this.status = { state: 'ok' };
      return result;
    } catch (e) {
      const why = reason(e);
      if (this.status.state === 'ok')
        this.status = { state: 'degraded', reason: why, since: Date.now() };
      else this.status = { ...this.status, reason: why };
      throw new AppError('E_STORAGE', `state storage: cannot ${what}: ${why}`, { cause: e });
    }
  }
}
