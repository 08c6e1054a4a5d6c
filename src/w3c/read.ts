import { Buffer } from 'node:buffer';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import type { Readable } from 'node:stream';
import { columnsFor, parseFieldsDirective } from './columns.js';
import { W3cReader } from './reader.js';
import { createState, mergeState, type ScanState } from './state.js';
import { Tally } from './tally.js';
import { HANDSHAKE_WINDOW_SEC } from './rules.js';
import { loadScanKernel } from './load.js';
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';
import {
  ScanPool,
  prestartWorkers,
  type Block,
  type BlockResult,
  type Directive,
  type InForce,
  type PoolJob,
  type PoolMessage,
} from './pool.js';

export interface ReadOptions {
  /** Bytes read so far and the total when known (plain files), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each input starts. */
  onInput?: (name: string) => void;
  /** Threads for big plain files (main thread included); default: the machine's cores. */
  threads?: number;
  /** Plain files at least this big are split into byte ranges scanned in parallel. */
  parallelFrom?: number;
  /** Size of one byte range (tests make it small to exercise the merge). */
  blockSize?: number;
  /** false: worker threads scan every range, the main thread only merges (for tests). */
  mainThreadScans?: boolean;
  /** Told how many ranges were scanned again because the layout changed before them. */
  onRescan?: (ranges: number) => void;
}

/** A tally on the compiled scan kernel; without a current build, the reason is the error. */
function newTally(): Tally {
  const { module, problem } = loadScanKernel();
  if (module === null) throw new Error(problem);
  return new Tally(module);
}

const CHUNK = 1 << 20;
/**
 * Plain files from this size are split over threads. With the scan kernel one thread reads the
 * 190 MB bench log in ~0.3 s and the 570 MB one in ~0.8 s. On the 2-vCPU build VM a second thread
 * lost at both sizes, quiet machine included (570 MB: 1.01 s against 0.78 s): two scans at once
 * run ~25-40% slower each there (two processes measured the same), a worker takes ~0.06 s to
 * start, and merging a range's lists and clients costs the main thread 5-40 ms a range. Machines
 * with real cores to spare gain from ranges; this threshold keeps them for files where the
 * merges are a small part.
 */
const PARALLEL_FROM = 2 * 1024 ** 3;
const GZIP = [0x1f, 0x8b];

/** The threads prestartScan settled on: the scan keeps to them (its own workers, booting, would
 * count as busy cores if it asked again). */
let decided: number | undefined;

/**
 * For a process about to scan `names`: when one is a plain file big enough to be split over
 * threads, starts the workers at once (`threads` as the scan will use), so that they boot while
 * the rest of the program loads. Anything unreadable is left for the scan to report.
 */
export function prestartScan(names: readonly string[], threads = autoThreads()): void {
  decided = threads;
  if (threads < 2) return;
  const big = names.some((name) => {
    if (name === '-' || name.toLowerCase().endsWith('.gz')) return false;
    try {
      const st = statSync(name);
      return st.isFile() && st.size >= PARALLEL_FROM;
    } catch {
      return false;
    }
  });
  if (big) prestartWorkers(threads - 1);
}

/** The files of a folder that `scan` reads. */
const LOG_FILE = /\.(log|gz)$/i;
/** Bytes looked at to tell a text log from binary data. */
const SNIFF = 4096;

/**
 * The files `names` stand for, in order ('-' stays; a folder gives its *.log and *.gz files in
 * name order), and one line for each that cannot be scanned: missing, unreadable, not a file, a
 * folder without logs, or binary data (a NUL byte or mostly control bytes at its start).
 */
export async function resolveInputs(
  names: readonly string[],
): Promise<{ files: string[]; problems: string[] }> {
  const files: string[] = [];
  const problems: string[] = [];
  const check = async (name: string): Promise<void> => {
    const why = await unreadable(name);
    if (why === null) files.push(name);
    else problems.push(`${name}: ${why}`);
  };
  for (const name of names) {
    if (name === '-') {
      files.push(name);
      continue;
    }
    let isDir: boolean;
    try {
      isDir = (await stat(name)).isDirectory();
    } catch (e) {
      problems.push(`${name}: ${describe(e)}`);
      continue;
    }
    if (!isDir) {
      await check(name);
      continue;
    }
    let logs: string[];
    try {
      logs = (await readdir(name)).filter((n) => LOG_FILE.test(n)).sort();
    } catch (e) {
      problems.push(`${name}: ${describe(e)}`);
      continue;
    }
    if (logs.length === 0) problems.push(`${name}: a folder without .log or .gz files`);
    for (const n of logs) await check(join(name, n));
  }
  return { files, problems };
}

/** Why a file cannot be scanned, or null. */
async function unreadable(name: string): Promise<string | null> {
  let fh: FileHandle | null = null;
  try {
    if (!(await stat(name)).isFile()) return 'not a regular file';
    fh = await open(name, 'r');
    const head = Buffer.alloc(SNIFF);
    const { bytesRead } = await fh.read(head, 0, SNIFF, 0);
    const b = head.subarray(0, bytesRead);
    if (b[0] === GZIP[0] && b[1] === GZIP[1]) return null;
    if (name.toLowerCase().endsWith('.gz')) return 'not gzip data';
    let control = 0;
    for (const c of b) {
      if (c === 0) return 'binary data, not a text log';
      if (c < 9 || (c > 13 && c < 32 && c !== 27)) control++;
    }
    return control > b.length / 10 ? 'binary data, not a text log' : null;
  } catch (e) {
    return describe(e);
  } finally {
    await fh?.close();
  }
}

/** Scans files ('-' = `stdin`) one after another; an unreadable input is recorded, not fatal. */
export async function scanFiles(
  names: readonly string[],
  stdin: Readable,
  opts: ReadOptions = {},
): Promise<ScanState> {
  const total = createState();
  for (const name of names) {
    opts.onInput?.(name);
    mergeState(total, await scanOne(name, stdin, opts));
  }
  return total;
}

async function scanOne(name: string, stdin: Readable, opts: ReadOptions): Promise<ScanState> {
  const tally = newTally();
  const done = (error: string | null): ScanState => {
    const s = tally.flush();
    const input = { name, lines: s.lines, entries: s.entries, skipped: s.skipped };
    s.inputs.push(error === null ? input : { ...input, error });
    return s;
  };
  if (name === '-') return done(await readStream(stdin, tally, opts, 0, 'sniff'));
  let size: number;
  let gz: boolean;
  try {
    const st = await stat(name);
    if (!st.isFile()) return done('not a regular file');
    size = st.size;
    gz = name.toLowerCase().endsWith('.gz') || (await startsWith(name, GZIP));
  } catch (e) {
    return done(describe(e));
  }
  const threads = Math.max(1, opts.threads ?? decided ?? autoThreads());
  if (!gz && threads > 1 && size >= (opts.parallelFrom ?? PARALLEL_FROM)) {
    let state: ScanState;
    try {
      state = await scanParallel(name, size, threads, opts);
    } catch (e) {
      return done(describe(e));
    }
    const { lines, entries, skipped } = state;
    state.inputs.push({ name, lines, entries, skipped, threads });
    return state;
  }
  if (gz)
    return done(
      await readStream(createReadStream(name, { highWaterMark: CHUNK }), tally, opts, size, true),
    );
  return done(await readPlain(name, size, tally, opts));
}

/** A plain file through two reused buffers (no garbage per chunk, so memory stays flat). */
async function readPlain(
  name: string,
  size: number,
  tally: Tally,
  opts: ReadOptions,
): Promise<string | null> {
  const reader = new W3cReader(tally);
  let fh: FileHandle | null = null;
  try {
    fh = await open(name, 'r');
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
    for (let pos = 0; pos < size;) {
      const next = Math.min(size, pos + 16 * CHUNK);
      pos = await feed(fh, reader, pos, next, bufs);
      opts.onProgress?.(pos, size);
      if (pos < next) break;
    }
    return null;
  } catch (e) {
    return describe(e);
  } finally {
    await fh?.close();
    reader.end();
    tally.finish();
  }
}

/**
 * Threads to use: one per core that nothing else is running on now. Linux says how many threads
 * are runnable at this moment (/proc/loadavg, this one included): on a machine where another
 * program keeps a core busy, a second thread only shares it and costs its start-up. The 1-minute
 * load average would still count, for a minute, a command that has finished; it is the fallback.
 */
export function autoThreads(): number {
  const cores = availableParallelism();
  let busy = loadavg()[0]!;
  try {
    const running = Number(/ (\d+)\//.exec(readFileSync('/proc/loadavg', 'latin1'))?.[1]);
    if (running >= 1) busy = running - 1;
  } catch {
    // not Linux: the load average
  }
  return Math.max(1, Math.min(cores, Math.floor(cores - busy + 0.5)));
}

type Chunk = Buffer | string;
const asBuffer = (c: Chunk): Buffer => (typeof c === 'string' ? Buffer.from(c) : c);

async function* prepend(head: Chunk, rest: AsyncIterator<Chunk>): AsyncGenerator<Buffer> {
  yield asBuffer(head);
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield asBuffer(r.value);
}

async function* counted(
  src: AsyncIterable<Chunk>,
  onBytes: (n: number) => void,
): AsyncGenerator<Buffer> {
  for await (const c of src) {
    const b = asBuffer(c);
    onBytes(b.length);
    yield b;
  }
}

/** Feeds a byte stream to a fresh reader, through gunzip when asked (or when 'sniff' sees gzip). */
async function readStream(
  input: Readable,
  tally: Tally,
  opts: ReadOptions,
  total: number,
  gz: boolean | 'sniff',
): Promise<string | null> {
  const reader = new W3cReader(tally);
  let seen = 0;
  const progress = (n: number): void => opts.onProgress?.((seen += n), total);
  try {
    let chunks: AsyncIterable<Chunk> = input;
    if (gz === 'sniff') {
      const it = input[Symbol.asyncIterator]() as AsyncIterator<Chunk>;
      const first = await it.next();
      if (first.done) return null;
      const head = asBuffer(first.value);
      gz = head[0] === GZIP[0] && head[1] === GZIP[1];
      chunks = prepend(head, it);
    }
    if (!gz) {
      for await (const c of counted(chunks, progress)) reader.push(c);
      return null;
    }
    // loaded for a gzip input only (a plain scan's start-up does without them)
    const [{ createGunzip }, { pipeline }] = await Promise.all([
      import('node:zlib'),
      import('node:stream/promises'),
    ]);
    const gunzip = createGunzip();
    const piping = pipeline(counted(chunks, progress), gunzip).then(
      () => null,
      (e: unknown) => e,
    );
    for await (const c of gunzip as AsyncIterable<Buffer>) reader.push(c);
    const failed = await piping;
    return failed === null ? null : describe(failed);
  } catch (e) {
    return describe(e);
  } finally {
    reader.end();
    tally.finish();
  }
}

async function startsWith(name: string, magic: number[]): Promise<boolean> {
  const fh = await open(name, 'r');
  try {
    const b = Buffer.alloc(magic.length);
    const { bytesRead } = await fh.read(b, 0, b.length, 0);
    return bytesRead === magic.length && magic.every((m, i) => b[i] === m);
  } finally {
    await fh.close();
  }
}

const describe = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'Z_DATA_ERROR' || err?.code === 'Z_BUF_ERROR')
    return `not valid gzip (${err.message})`;
  return err instanceof Error ? err.message : String(e);
};

// ---------------------------------------------------------------- byte ranges

/** The last #Fields and #Date lines in the first `limit` bytes (the header a range assumes). */
export async function headerInForce(fh: FileHandle, limit: number): Promise<InForce> {
  const buf = Buffer.allocUnsafe(limit);
  const { bytesRead } = await fh.read(buf, 0, limit, 0);
  const found: InForce = { fields: null, date: null };
  // only whole lines: a directive cut at the limit is not taken
  const text = buf.toString('latin1', 0, buf.lastIndexOf(10, bytesRead - 1) + 1);
  for (const line of text.replace(/^\u00ef\u00bb\u00bf/, '').split('\n')) {
    const head = line.slice(0, 8).toLowerCase();
    const kind = head === '#fields:' ? 'fields' : head.startsWith('#date:') ? 'date' : null;
    if (kind !== null) found[kind] = line.replace(/\r$/, '').slice(0, 8192);
  }
  return found;
}

/**
 * Line-aligned byte ranges: of `blockSize` bytes when given (tests), else shrinking as the file
 * is used up (a share of what is left, 8-64 MiB), so the threads start on long ranges (each
 * range costs a warm-up, a copy to the main thread and a merge) and end on short ones (a thread
 * that started late or runs slower is not left finishing a long range alone).
 */
async function planBlocks(
  fh: FileHandle,
  size: number,
  threads: number,
  blockSize?: number,
): Promise<Block[]> {
  const next = (at: number): number =>
    blockSize ?? Math.min(64 << 20, Math.max(8 << 20, Math.ceil((size - at) / threads)));
  const cuts = [0];
  for (let at = next(0); at < size;) {
    const cut = await lineStartFrom(fh, at);
    if (cut >= size || (blockSize === undefined && size - cut < next(cut) / 2)) break;
    cuts.push(cut);
    at = cut + next(cut);
  }
  cuts.push(size);
  return cuts.slice(0, -1).map((start, index) => ({ index, start, end: cuts[index + 1]! }));
}

/** The start of the first line that begins at or after `at`. */
async function lineStartFrom(fh: FileHandle, at: number): Promise<number> {
  if (at <= 0) return 0;
  const probe = Buffer.allocUnsafe(64 << 10);
  for (let pos = at - 1; ; pos += probe.length) {
    const { bytesRead } = await fh.read(probe, 0, probe.length, pos);
    if (bytesRead === 0) return pos;
    const nl = probe.subarray(0, bytesRead).indexOf(10);
    if (nl !== -1) return pos + nl + 1;
  }
}

/** The directives in force at `offset`, from those of the blocks before it (in file order). */
function inForceAt(known: readonly Directive[], offset: number): InForce {
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
function sameStart(guess: InForce, actual: InForce): boolean {
  if (guess.fields !== actual.fields) return false;
  if (guess.date === actual.date || guess.fields === null) return true;
  return columnsFor(parseFieldsDirective(guess.fields), 'fields').date >= 0;
}

/**
 * Ranges of one plain file over threads. No pass over the file comes first: every range starts
 * from the header at the top of the file, and the in-order merge checks that guess against the
 * directives the ranges before it counted; a range that started from the wrong ones (the layout
 * changed before it) is scanned again with the right ones.
 */
async function scanParallel(
  name: string,
  size: number,
  threads: number,
  opts: ReadOptions,
): Promise<ScanState> {
  const pool = new ScanPool(threads - 1, opts.mainThreadScans ?? true);
  const fh = await open(name, 'r');
  try {
    const [guess, blocks] = await Promise.all([
      headerInForce(fh, Math.min(size, 64 << 10)),
      planBlocks(fh, size, threads, opts.blockSize),
    ]);
    const job: PoolJob = {
      name,
      size,
      blocks,
      guess,
      counter: new SharedArrayBuffer(4),
    };
    const total = createState();
    const known: Directive[] = [];
    let done = 0;
    let rescanned = 0;
    await pool.run(
      job,
      (j, i) => scanBlock(fh, j, i),
      async (result, block) => {
        let r = result;
        const actual = inForceAt(known, r.warmStart);
        if (r.warmStart > 0 && !sameStart(job.guess, actual)) {
          r = await scanBlock(fh, job, block.index, actual);
          rescanned++;
        }
        known.push(...r.directives);
        mergeState(total, r.state);
        opts.onProgress?.((done += block.end - block.start), size);
      },
    );
    if (rescanned > 0) opts.onRescan?.(rescanned);
    return total;
  } finally {
    await fh.close();
    await pool.close();
  }
}

/** The worker side of ScanPool: scan claimed blocks until none are left, for each job posted. */
export function runScanWorker(): void {
  const threads = createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;
  const port = threads.parentPort;
  if (!port) return;
  port.on('message', (job: PoolJob) => {
    void work(job).then((m) => port.postMessage(m));
  });
  async function work(job: PoolJob): Promise<PoolMessage> {
    const counter = new Int32Array(job.counter);
    let fh: FileHandle | null = null;
    try {
      fh = await open(job.name, 'r');
      for (
        let i = Atomics.add(counter, 0, 1);
        i < job.blocks.length;
        i = Atomics.add(counter, 0, 1)
      ) {
        const result = await scanBlock(fh, job, i);
        port!.postMessage({ kind: 'block', index: i, result } satisfies PoolMessage);
      }
      return { kind: 'done' };
    } catch (e) {
      return { kind: 'error', message: describe(e) };
    } finally {
      await fh?.close();
    }
  }
}

const WARM_BYTES = 64 << 10;
const WARM_LIMIT = 16 << 20;
const COOL_LIMIT = 64 << 20;
/** The cool-down reads on in steps this small: a handshake window is a few KiB of log on most servers. */
const COOL_STEP = 64 << 10;

/**
 * One byte range, counted exactly as a single pass would count it: replay the bytes before it
 * (warm) so the handshakes already open are known, count the range, then read on (cool) until
 * the handshakes the range started are settled. The reader starts from `start` (default: the
 * job's guess); the result says where, and lists the directives the range counted.
 */
export async function scanBlock(
  fh: FileHandle,
  job: PoolJob,
  index: number,
  start: InForce = job.guess,
): Promise<BlockResult> {
  const block = job.blocks[index]!;
  const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
  let tally: Tally;
  let reader: W3cReader;
  let warmStart: number;
  // the warm-up must span the handshake window (it grows 4x until it does: 64 KiB is ~25 s
  // of the bench log, under a second on a busy server)
  for (let warm = WARM_BYTES; ; warm *= 4) {
    tally = newTally();
    reader = new W3cReader(tally);
    warmStart = await lineStartFrom(fh, block.start - warm);
    if (warmStart > 0) reader.startAt(start.fields, start.date, warmStart);
    tally.phase = 'warm';
    await feed(fh, reader, warmStart, block.start, bufs);
    const span = tally.lastWarmSec - tally.firstWarmSec;
    if (warmStart === 0 || warm >= WARM_LIMIT || !(span <= HANDSHAKE_WINDOW_SEC + 1)) break;
  }
  const directives: Directive[] = [];
  reader.onDirective = (offset, kind, text) => {
    const last = directives.findLast((d) => d.kind === kind);
    if (last?.text !== text) directives.push({ offset, kind, text });
  };
  tally.phase = 'count';
  await feed(fh, reader, block.start, block.end, bufs);
  reader.onDirective = null;
  if (block.end >= job.size) reader.end();
  tally.phase = 'cool';
  let at = block.end;
  while (at < job.size && at < block.end + COOL_LIMIT && !tally.settled) {
    at = await feed(fh, reader, at, Math.min(job.size, at + COOL_STEP), bufs);
  }
  tally.finish();
  return { state: tally.flush(), warmStart, directives };
}

/**
 * Reads [from, to) into the reader through two buffers, so the next read (on libuv's thread
 * pool) overlaps the scan of the current one; returns where it stopped.
 */
async function feed(
  fh: FileHandle,
  reader: W3cReader,
  from: number,
  to: number,
  bufs: readonly [Buffer, Buffer],
): Promise<number> {
  const read = (at: number, i: number) =>
    at < to ? fh.read(bufs[i]!, 0, Math.min(bufs[i]!.length, to - at), at) : null;
  let pos = from;
  let i = 0;
  let pending = read(pos, i);
  try {
    while (pending !== null) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) break;
      const chunk = bufs[i]!.subarray(0, bytesRead);
      pos += bytesRead;
      i ^= 1;
      pending = read(pos, i);
      reader.push(chunk);
    }
  } finally {
    // never leave a read in flight on a buffer or a handle the caller is about to reuse or close
    if (pending !== null) await pending;
  }
  return pos;
}
