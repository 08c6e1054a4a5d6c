// Byte ranges of one big plain file over worker threads (piscina), each counted exactly as one
// pass would count it, merged in file order; and the threads a scan uses.
import { Buffer } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Piscina } from 'piscina';
import { workerExecArgv } from '../../module-worker.js';
import { directiveKind } from '../columns.js';
import { kernelTally } from '../load.js';
import type { ReadOptions } from '../read.js';
import { W3cReader } from '../reader.js';
import { HANDSHAKE_WINDOW_SEC } from '../rules.js';
import { createState, mergeState, type ScanState } from '../state.js';
import type { Tally } from '../tally.js';
import {
  inForceAt,
  sameStart,
  type Block,
  type BlockResult,
  type Directive,
  type InForce,
  type PoolJob,
} from './blocks.js';

/** Bytes read at a time. */
export const CHUNK = 1 << 20;
/**
 * Plain files from this size are split over threads: on the 2-vCPU VM a second thread lost even
 * at 570 MB (two scans at once run 25-40% slower each there); merging a range costs 5-40 ms.
 */
export const PARALLEL_FROM = 2 * 1024 ** 3;

/** The threads prestartScan settled on (asked again, its booting workers would count as busy). */
let decided: number | undefined;
/** The pool prestartScan started, taken by the next scanParallel. */
let spare: Promise<Piscina> | null = null;

/**
 * A pool of `threads` scan threads (piscina), each running scanTask of this module; they start
 * now, and boot while the caller goes on. piscina is loaded here: a one-thread scan does without.
 */
async function startPool(threads: number): Promise<Piscina> {
  const { Piscina } = await import('piscina');
  const self = import.meta.url;
  return new Piscina({
    filename: fileURLToPath(self),
    name: 'scanTask',
    minThreads: threads,
    maxThreads: threads,
    execArgv: workerExecArgv(self),
  });
}

/**
 * For a process about to scan `names`: when one is a plain file big enough to be split over
 * threads, starts the threads at once (`threads` as the scan will use), so that they boot while
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
  if (big) spare = startPool(threads);
}

/**
 * Threads to use: one per core that nothing else is running on now. Linux says how many threads
 * are runnable at this moment (/proc/loadavg, this one included): on a machine where another
 * program keeps a core busy, a second thread only shares it and costs its start-up. The 1-minute
 * load average would still count, for a minute, a command that has finished; it is the fallback.
 */
function autoThreads(): number {
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

/** The threads a scan uses: those asked for, else prestartScan's, else autoThreads. */
export const scanThreads = (asked?: number): number =>
  Math.max(1, asked ?? decided ?? autoThreads());

/** The last #Fields and #Date lines in the first `limit` bytes (the header a range assumes). */
async function headerInForce(fh: FileHandle, limit: number): Promise<InForce> {
  const buf = Buffer.allocUnsafe(limit);
  const { bytesRead } = await fh.read(buf, 0, limit, 0);
  const found: InForce = { fields: null, date: null };
  // only whole lines: a directive cut at the limit is not taken
  const text = buf.toString('latin1', 0, buf.lastIndexOf(10, bytesRead - 1) + 1);
  for (const line of text.replace(/^\u00ef\u00bb\u00bf/, '').split('\n')) {
    const kind = directiveKind(line);
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

/**
 * Ranges of one plain file over `threads` threads (the calling one only merges). No pass over the
 * file comes first: every range starts from the header at the top of the file, and the merge, in
 * file order, checks that guess against the directives the ranges before it counted; a range
 * that started from the wrong ones (the layout changed before it) is scanned again with the right
 * ones, as is one whose thread failed.
 */
export async function scanParallel(
  name: string,
  size: number,
  threads: number,
  opts: ReadOptions,
): Promise<ScanState> {
  const starting = spare ?? startPool(threads);
  spare = null;
  const fh = await open(name, 'r');
  let results: Promise<BlockResult>[] = [];
  try {
    const [guess, blocks, pool] = await Promise.all([
      headerInForce(fh, Math.min(size, 64 << 10)),
      planBlocks(fh, size, threads, opts.blockSize),
      starting,
    ]);
    const job: PoolJob = { name, size, blocks, guess };
    results = blocks.map((_, index) =>
      (pool.run({ job, index }) as Promise<BlockResult>).catch(() => scanBlock(fh, job, index)),
    );
    const total = createState();
    const known: Directive[] = [];
    let done = 0;
    let rescanned = 0;
    for (const block of blocks) {
      let r = await results[block.index]!;
      if (r.warmStart > 0 && !sameStart(guess, inForceAt(known, r.warmStart))) {
        r = await scanBlock(fh, job, block.index, inForceAt(known, r.warmStart));
        rescanned++;
      }
      known.push(...r.directives);
      mergeState(total, r.state);
      opts.onProgress?.((done += block.end - block.start), size);
    }
    if (rescanned > 0) opts.onRescan?.(rescanned);
    return total;
  } finally {
    // no block is left reading from the handle when it closes
    await Promise.allSettled(results);
    await fh.close();
    await (await starting).destroy();
  }
}

/** A pool thread's task (startPool): one block of a file. */
export async function scanTask({
  job,
  index,
}: {
  job: PoolJob;
  index: number;
}): Promise<BlockResult> {
  const fh = await open(job.name, 'r');
  try {
    return await scanBlock(fh, job, index);
  } finally {
    await fh.close();
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
async function scanBlock(
  fh: FileHandle,
  job: PoolJob,
  index: number,
  start: InForce = job.guess,
): Promise<BlockResult> {
  const block = job.blocks[index]!;
  const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
  let [tally, reader, warmStart]: [Tally | null, W3cReader | null, number] = [null, null, 0];
  // the warm-up must span the handshake window (it grows 4x until it does: 64 KiB is ~25 s
  // of the bench log, under a second on a busy server)
  for (let warm = WARM_BYTES; ; warm *= 4) {
    tally = kernelTally();
    reader = new W3cReader(tally);
    warmStart = await lineStartFrom(fh, block.start - warm);
    if (warmStart > 0) reader.startAt(start.fields, start.date, warmStart);
    tally.phase = 'warm';
    await feed(fh, reader, warmStart, block.start, bufs);
    if (warmStart === 0 || warm >= WARM_LIMIT || !(tally.warmSpan <= HANDSHAKE_WINDOW_SEC + 1))
      break;
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
  while (at < job.size && at < block.end + COOL_LIMIT && !tally.settled)
    at = await feed(fh, reader, at, Math.min(job.size, at + COOL_STEP), bufs);
  tally.finish();
  return { state: tally.flush(), warmStart, directives };
}

/**
 * Reads [from, to) into the reader through two buffers, so the next read (on libuv's thread
 * pool) overlaps the scan of the current one; returns where it stopped.
 */
export async function feed(
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
