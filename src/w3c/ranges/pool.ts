import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../../module-worker.js';
import { columnsFor, parseFieldsDirective } from '../columns.js';
import type { ScanState } from '../state.js';

/** The directives in force at `offset`, from those of the blocks before it (in file order). */
export function inForceAt(known: readonly Directive[], offset: number): InForce {
  const out: InForce = { fields: null, date: null };
  for (const d of known) {
    if (d.offset >= offset) break;
    out[d.kind] = d.text;
  }
  return out;
}

/**
 * Whether a block started from `guess` counts exactly as one started from `actual`. #Date only
 * dates the entries of a #Fields without a date column (header-less lines are read by layouts
 * that have one), so a differing #Date under a layout with dates changes nothing.
 */
export function sameStart(guess: InForce, actual: InForce): boolean {
  if (guess.fields !== actual.fields) return false;
  if (guess.date === actual.date || guess.fields === null) return true;
  return columnsFor(parseFieldsDirective(guess.fields), 'fields').date >= 0;
}

/** A line-aligned byte range of one file. */
export interface Block {
  index: number;
  start: number;
  end: number;
}

/** A #Fields or #Date directive and where it sits, so a range can start mid-file. */
export interface Directive {
  offset: number;
  kind: 'fields' | 'date';
  text: string;
}

/** The #Fields and #Date lines in force at some offset (null: none yet). */
export interface InForce {
  fields: string | null;
  date: string | null;
}

/**
 * What a worker is told: scan blocks of `name`, claiming the next index from `counter`, each
 * started from `guess` (what the file's header says); the merge checks each guess.
 */
export interface PoolJob {
  name: string;
  size: number;
  blocks: Block[];
  guess: InForce;
  counter: SharedArrayBuffer;
}

/** One scanned block: its counts, where its warm-up began, and the directives it counted. */
export interface BlockResult {
  state: ScanState;
  warmStart: number;
  directives: Directive[];
}

export type PoolMessage =
  | { kind: 'block'; index: number; result: BlockResult }
  | { kind: 'error'; message: string }
  | { kind: 'done' };

/** Scans one block on the calling thread (read.ts supplies it; it owns the disk). */
export type BlockScanner = (job: PoolJob, index: number) => Promise<BlockResult>;

/** Workers started ahead of need (`prestartWorkers`), taken first by the next ScanPool. */
const spare: Worker[] = [];

/**
 * Starts `n` scan workers now, so they boot while the caller is still loading (the bin does this
 * for a scan of a big file); the next ScanPool takes them. Unused, they keep nothing running.
 */
export function prestartWorkers(n: number): void {
  for (let i = 0; i < n; i++) spare.push(spawn());
}

/**
 * Worker threads that share the blocks of a file with the main thread: each thread claims the
 * next block index with an atomic counter, so a worker that starts late simply takes fewer.
 */
export class ScanPool {
  private readonly workers: Worker[] = [];

  /**
   * Starts `n` workers now: they boot while the main thread plans the blocks. With `mainScans`
   * false the calling thread only waits (tests use it to make the workers do every block).
   */
  constructor(
    n: number,
    private readonly mainScans = true,
  ) {
    for (let i = 0; i < n; i++) this.workers.push(spare.pop() ?? spawn());
  }

  /**
   * Scans every block and hands each result to `merge` in block order, as soon as the blocks
   * before it are done (merging in order keeps the result deterministic and lets `merge` check
   * a block against the ones before it; merging as results arrive keeps memory flat).
   */
  async run(
    job: PoolJob,
    scanHere: BlockScanner,
    merge: (result: BlockResult, block: Block) => Promise<void>,
  ): Promise<void> {
    const waiting = new Map<number, BlockResult>();
    const done = new Set<number>();
    let next = 0;
    let merging = Promise.resolve();
    // a merge that fails is rethrown at the end (not left as an unhandled rejection meanwhile)
    let failed: { error: unknown } | null = null;
    const drain = async (): Promise<void> => {
      for (let r = waiting.get(next); r !== undefined && !failed; r = waiting.get(next)) {
        waiting.delete(next);
        await merge(r, job.blocks[next]!).catch((error: unknown) => {
          failed = { error };
        });
        next++;
      }
    };
    const arrive = (index: number, result: BlockResult): void => {
      done.add(index);
      waiting.set(index, result);
      merging = merging.then(drain);
    };
    const counter = new Int32Array(job.counter);
    const finished = this.workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const onMessage = (m: PoolMessage): void => {
            if (m.kind === 'block') arrive(m.index, m.result);
            else stop();
          };
          const stop = (): void => {
            w.off('message', onMessage);
            w.off('error', stop);
            w.unref();
            resolve();
          };
          w.on('message', onMessage);
          w.on('error', stop);
          w.ref();
          w.postMessage(job);
        }),
    );
    if (this.workers.length === 0 || this.mainScans)
      for (
        let i = Atomics.add(counter, 0, 1);
        i < job.blocks.length;
        i = Atomics.add(counter, 0, 1)
      )
        arrive(i, await scanHere(job, i));
    await Promise.all(finished);
    // a block a failed worker had claimed is scanned here
    for (let i = 0; i < job.blocks.length; i++) if (!done.has(i)) arrive(i, await scanHere(job, i));
    await merging;
    if (failed) throw (failed as { error: unknown }).error;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

function spawn(): Worker {
  const w = spawnModuleWorker(
    import.meta.url.replace(/pool\.(ts|js)$/, 'read.$1'),
    'runScanWorker',
  );
  w.unref();
  return w;
}
