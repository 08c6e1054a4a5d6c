import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { BlobStore, MemoryStore, type StateStore } from '../../src/state/index.js';
import { azuriteConnectionString, hasAzurite, startAzurite, type Azurite } from './azurite.js';

/** The behaviour both stores share. */
const contract = (name: string, make: () => StateStore) => {
  describe(name, () => {
    it('keeps what it wrote: later changes to the value or to a read do not reach it', async () => {
      const store = make();
      const value = { turns: 1, nested: { list: [1, 2] } };
      expect(await store.write('conversations/msteams/a:1', value)).toEqual({ ok: true });
      // the memory store freezes what it was given (no copy); a remote store has its own copy
      const change = (v: unknown) => {
        try {
          (v as typeof value).nested.list.push(3);
        } catch (e) {
          expect(e).toBeInstanceOf(TypeError);
        }
      };
      change(value);
      const item = await store.read('conversations/msteams/a:1');
      expect(item?.value).toEqual({ turns: 1, nested: { list: [1, 2] } });
      expect(item?.etag).toBeTruthy();
      change(item?.value);
      const again = await store.read('conversations/msteams/a:1');
      expect(again?.value).toEqual({ turns: 1, nested: { list: [1, 2] } });
    });

    it('answers undefined for a missing key', async () => {
      expect(await make().read('conversations/none/nothing')).toBeUndefined();
    });

    it('refuses a write whose eTag is stale and accepts one that is current', async () => {
      const store = make();
      await store.write('k/etag', { n: 1 });
      const first = await store.read('k/etag');
      expect(await store.write('k/etag', { n: 2 }, { etag: first!.etag })).toEqual({ ok: true });
      expect(await store.write('k/etag', { n: 3 }, { etag: first!.etag })).toEqual({
        ok: false,
        reason: 'conflict',
      });
      expect((await store.read('k/etag'))?.value).toEqual({ n: 2 });
    });

    it('writes a first value only while nothing is stored under the key', async () => {
      const store = make();
      expect(await store.write('k/first', { n: 1 }, { absent: true })).toEqual({ ok: true });
      expect(await store.write('k/first', { n: 2 }, { absent: true })).toEqual({
        ok: false,
        reason: 'conflict',
      });
      expect((await store.read('k/first'))?.value).toEqual({ n: 1 });
    });

    it('lets exactly one of several first writes at once through', async () => {
      const store = make();
      const results = await Promise.all(
        [1, 2, 3, 4, 5].map((n) => store.write('k/race', { n }, { absent: true })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const won = results.findIndex((r) => r.ok) + 1;
      expect((await store.read('k/race'))?.value).toEqual({ n: won });
    });

    it('treats an eTag write to a deleted item as a conflict', async () => {
      const store = make();
      await store.write('k/gone', { n: 1 });
      const item = await store.read('k/gone');
      await store.delete('k/gone');
      expect(await store.read('k/gone')).toBeUndefined();
      expect(await store.write('k/gone', { n: 2 }, { etag: item!.etag })).toEqual({
        ok: false,
        reason: 'conflict',
      });
    });

    it('keeps non-ASCII text intact', async () => {
      const store = make();
      const text = 'Zugriff verweigert – ä ö ü ß, 拒绝访问, emoji 🔒';
      await store.write('k/utf', { text });
      expect((await store.read('k/utf'))?.value).toEqual({ text });
    });

    it('lists the keys under a prefix, sorted, at most the limit asked for', async () => {
      const store = make();
      for (const k of ['kept/b/2', 'kept/a/1', 'kept/a/x:y@z', 'tickets/T-1', 'keptx/1'])
        await store.write(k, { k });
      expect(await store.list!('kept/')).toEqual(['kept/a/1', 'kept/a/x:y@z', 'kept/b/2']);
      expect(await store.list!('kept/', 2)).toEqual(['kept/a/1', 'kept/a/x:y@z']);
      expect(await store.list!('none/')).toEqual([]);
      await store.delete('kept/a/1');
      expect(await store.list!('kept/a/')).toEqual(['kept/a/x:y@z']);
    });
  });
};

contract('MemoryStore', () => new MemoryStore());

describe.skipIf(!hasAzurite)('BlobStore against Azurite', () => {
  let azurite: Azurite;
  let n = 0;
  beforeAll(async () => {
    azurite = await startAzurite();
  });
  afterAll(async () => {
    await azurite?.stop();
  });

  contract('BlobStore', () => new BlobStore(azurite.connectionString, `test-${++n}`));

  it('throws E_STORAGE when storage is unreachable, and works again once it is back', async () => {
    const port = azurite.port;
    const store = new BlobStore(azurite.connectionString, 'outage');
    await store.write('k/1', { n: 1 });
    await azurite.stop();
    const failure = await store.read('k/1').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe('E_STORAGE');
    expect((failure as AppError).message).not.toMatch(/AccountKey/);
    azurite = await startAzurite(port);
    // in-memory Azurite starts empty: the container is created again on the next call
    expect(await store.write('k/1', { n: 2 })).toEqual({ ok: true });
    expect((await store.read('k/1'))?.value).toEqual({ n: 2 });
  }, 60_000);
});

describe('BlobStore against storage that accepts connections and never answers', () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  });

  it('gives every call up at its deadline with E_STORAGE, and says it is degraded', async () => {
    const store = new BlobStore(azuriteConnectionString(port), 'stalled', { timeoutMs: 300 });
    expect(store.health()).toEqual({ state: 'ok' });
    for (const call of [
      () => store.read('k/1'),
      () => store.write('k/1', { n: 1 }, { absent: true }),
      () => store.delete('k/1'),
    ]) {
      const failure = await call().catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(AppError);
      expect((failure as AppError).code).toBe('E_STORAGE');
    }
    expect(store.health()).toMatchObject({
      state: 'degraded',
      reason: expect.stringMatching(/deadline/) as unknown,
    });
    expect(sockets.length).toBeGreaterThan(0);
  }, 15_000);
});
