import { Buffer } from 'node:buffer';
import type { Columns } from './columns.js';

/** The kernel's interface version (kernel/scan.ts ABI): a build of other sources is refused. */
const ABI = 1;

/** State block indexes, as in kernel/scan.ts. */
export const S_STOP = 0;
export const S_LINE_END = 1;
export const S_RECORDS = 2;
export const S_LINES = 3;
export const S_ENTRIES = 4;
export const S_HAS_TIME = 5;
export const S_FIRST = 6;
export const S_LAST = 7;
export const S_SWEPT = 8;
export const S_HEADER_DAY = 9;

export const STOP_END = 0;
export const STOP_LINE = 1;

/**
 * Record kinds and layout, as in kernel/scan.ts: 32 int32 a record. Ints 0-15: kind, sec (or
 * minute), status (or count), substatus, win32, sweep point before, line start, the bounds of
 * client, URL, user and user agent, the client key; then float64 8-12 of the record: the hashes of
 * client, URL, user agent and user, and the handshake key.
 */
export const R_MINUTE = 1;
export const R_JUMP = 2;
export const R_FAILURE = 3;
export const REC_INTS = 32;
/** The kernel's "no sweep yet" (the tracker's -Infinity). */
export const SWEPT_NONE = -0x80000000;

interface Exports {
  memory: WebAssembly.Memory;
  abi(): number;
  stateAt(): number;
  inputAt(): number;
  inputCapacity(): number;
  recordsAt(): number;
  recordCapacity(): number;
  codesAt(): number;
  codeSlots(): number;
  reset(windowSec: number): void;
  layout(...cols: number[]): void;
  noteChallenge(clientKey: number, sec: number): void;
  scan(from: number, to: number): number;
}

/**
 * One instance of the scan kernel (a compiled WebAssembly module, see load.ts) with views of its
 * memory: the input area the reader copies lines into, the state block and the records.
 */
export class ScanKernel {
  readonly bytes: Buffer;
  readonly state: Int32Array;
  readonly records: Int32Array;
  /** The same records as unsigned (win32 values reach 2^32 - 1). */
  readonly recordsU: Uint32Array;
  /** The same records as float64 (the hashes: record i's start at i * REC_INTS / 2 + 8). */
  readonly recordsF: Float64Array;
  /** Code triples: status, substatus, win32 (unsigned), count; count 0 = a free slot. */
  readonly codes: Int32Array;
  readonly codesU: Uint32Array;
  readonly input: number;
  readonly inputCapacity: number;
  readonly scan: (from: number, to: number) => number;
  readonly noteChallenge: (clientKey: number, sec: number) => void;
  private readonly x: Exports;

  constructor(module: WebAssembly.Module, windowSec: number) {
    const x = new WebAssembly.Instance(module, {}).exports as unknown as Exports;
    if (x.abi() !== ABI) throw new Error(`scan kernel ABI ${x.abi()}, expected ${ABI}`);
    this.x = x;
    const buf = x.memory.buffer;
    this.bytes = Buffer.from(buf, 0, buf.byteLength);
    this.state = new Int32Array(buf, x.stateAt(), 64);
    const recInts = x.recordCapacity() * REC_INTS;
    this.records = new Int32Array(buf, x.recordsAt(), recInts);
    this.recordsU = new Uint32Array(buf, x.recordsAt(), recInts);
    this.recordsF = new Float64Array(buf, x.recordsAt(), recInts / 2);
    this.codes = new Int32Array(buf, x.codesAt(), x.codeSlots() * 4);
    this.codesU = new Uint32Array(buf, x.codesAt(), x.codeSlots() * 4);
    this.input = x.inputAt();
    this.inputCapacity = x.inputCapacity();
    this.scan = (from, to) => x.scan(from, to);
    this.noteChallenge = (client, sec) => x.noteChallenge(client, sec);
    x.reset(windowSec);
  }

  /** The columns lines have from now on; false when the kernel cannot count them (it then takes none). */
  layout(c: Columns | null): boolean {
    const x = this.x;
    if (c === null || c.status < 0 || c.substatus < 0 || c.win32 < 0 || c.count > 512) {
      x.layout(0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0);
      return false;
    }
    x.layout(
      c.count,
      c.date,
      c.time,
      c.clientIp,
      c.uriStem,
      c.user,
      c.userAgent,
      c.status,
      c.substatus,
      c.win32,
      c.uri >= 0 && c.uri === c.uriStem ? 1 : 0,
    );
    return true;
  }

  /** Clears the counts (lines, entries, times, code triples) after they were taken. */
  clearCounts(): void {
    const s = this.state;
    s[S_LINES] = 0;
    s[S_ENTRIES] = 0;
    s[S_HAS_TIME] = 0;
    this.codes.fill(0);
    s[10] = 0; // S_CODES
  }
}
