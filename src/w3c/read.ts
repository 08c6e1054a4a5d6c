import { Buffer, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe } from './io-errors.js';
import { kernelTally } from './load.js';
import { W3cReader } from './reader.js';
import { createState, type ScanState } from './state.js';
import type { Tally } from './tally.js';

export interface ReadOptions {
  /** Bytes read so far and the total when known (plain files), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** Called as each input starts. */
  onInput?: (name: string) => void;
}

/** Bytes read at a time. */
const CHUNK = 1 << 20;

const GZIP = [0x1f, 0x8b];

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

/**
 * Why a file cannot be scanned, or null. A log starts with a text line (a directive or an entry);
 * a file whose first line (its first 4 KiB at most) has a NUL or another control byte, or is not
 * UTF-8, is binary data (a picture, an archive, a UTF-16 file). Junk further on is the scan's to
 * count as skipped lines.
 */
async function unreadable(name: string): Promise<string | null> {
  let fh: FileHandle | null = null;
  try {
    if (!(await stat(name)).isFile()) return 'not a regular file';
    fh = await open(name, 'r');
    const head = Buffer.alloc(SNIFF);
    const { bytesRead } = await fh.read(head, 0, SNIFF, 0);
    if (head[0] === GZIP[0] && head[1] === GZIP[1]) return null;
    if (name.toLowerCase().endsWith('.gz')) return 'not gzip data';
    const nl = head.subarray(0, bytesRead).indexOf(10);
    // a line cut at the limit may end inside a character: UTF-8 is judged on whole lines only
    const first = head.subarray(0, nl === -1 ? bytesRead : nl);
    const control = first.some((c) => c < 32 && c !== 9 && c !== 13 && c !== 27);
    return control || (nl !== -1 && !isUtf8(first)) ? 'binary data, not a text log' : null;
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
  const state = createState();
  for (const name of names) {
    opts.onInput?.(name);
    await scanOne(name, stdin, opts, state);
  }
  return state;
}

/** One input into `state`, with its own counts in `state.inputs`. */
async function scanOne(
  name: string,
  stdin: Readable,
  opts: ReadOptions,
  state: ScanState,
): Promise<void> {
  const { lines, entries, skipped } = state;
  const tally = kernelTally(state);
  const done = (error: string | null): void => {
    tally.flush();
    const input = {
      name,
      lines: state.lines - lines,
      entries: state.entries - entries,
      skipped: state.skipped - skipped,
    };
    state.inputs.push(error === null ? input : { ...input, error });
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
  if (gz)
    return done(
      await readStream(createReadStream(name, { highWaterMark: CHUNK }), tally, opts, size, true),
    );
  return done(await readPlain(name, size, tally, opts));
}

/**
 * A plain file (its first `size` bytes) through two reused buffers (no garbage per chunk, so
 * memory stays flat): the next read, on libuv's thread pool, overlaps the scan of the current one.
 */
async function readPlain(
  name: string,
  size: number,
  tally: Tally,
  opts: ReadOptions,
): Promise<string | null> {
  const reader = new W3cReader(tally);
  const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)] as const;
  let fh: FileHandle | null = null;
  let pending: Promise<{ bytesRead: number }> | null = null;
  try {
    fh = await open(name, 'r');
    const file = fh;
    const read = (at: number, i: number) =>
      at < size ? file.read(bufs[i]!, 0, Math.min(CHUNK, size - at), at) : null;
    let pos = 0;
    let i = 0;
    pending = read(pos, i);
    while (pending !== null) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) break;
      const chunk = bufs[i]!.subarray(0, bytesRead);
      pos += bytesRead;
      i ^= 1;
      pending = read(pos, i);
      reader.push(chunk);
      opts.onProgress?.(pos, size);
    }
    return null;
  } catch (e) {
    return describe(e);
  } finally {
    // no read is left in flight on a handle about to close
    await pending?.catch(() => null);
    await fh?.close();
    reader.end();
  }
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
