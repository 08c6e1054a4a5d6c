import type { Buffer } from 'node:buffer';
import { LineReader } from './line-reader.js';
import { INPUT_AT, INPUT_CAP, MAX_LINE, S_LINE_END, S_STOP, STOP_END } from './kernel-abi.js';
import type { Tally } from './tally.js';

const LF = 10;

/**
 * A W3C log as a byte stream: feed Buffer chunks with `push`, then `end`. The bytes go to the scan
 * kernel a piece at a time; it counts the plain lines itself and hands every other line back,
 * to the LineReader, whose entries go to the kernel's tally. Every line is counted: a directive,
 * an entry, or skipped with a reason.
 */
export class W3cReader {
  readonly lines: LineReader;
  /** The input's first bytes are still to be checked for a byte order mark. */
  private atStart = true;
  /** Bytes of a line without its '\n' yet at the start of the kernel's input. */
  private kLen = 0;
  /** Inside a line longer than MAX_LINE: skipped up to its '\n'. */
  private overlong = false;

  constructor(readonly tally: Tally) {
    this.lines = new LineReader(tally);
  }

  /**
   * The end of the input: the last line may lack its newline (the kernel gets one after it), and
   * the sequences still open are judged (rules.ts: END).
   */
  end(): void {
    if (this.overlong) {
      this.overlong = false;
      this.lines.overlong();
    } else if (this.kLen > 0) {
      const k = this.tally;
      k.refresh();
      k.bytes[INPUT_AT + this.kLen] = LF;
      this.run(INPUT_AT + this.kLen + 1);
      this.kLen = 0;
    }
    this.tally.x.finish();
  }

  /** The next chunk: into the kernel's input, after the line it carries, a piece at a time. */
  push(b: Buffer): void {
    const k = this.tally;
    const end = b.length;
    let off = 0;
    while (off < end) {
      if (this.overlong) {
        const nl = b.indexOf(LF, off);
        if (nl === -1) return;
        this.overlong = false;
        this.lines.overlong();
        off = nl + 1;
        continue;
      }
      const n = Math.min(INPUT_CAP - this.kLen, end - off);
      k.refresh();
      b.copy(k.bytes, INPUT_AT + this.kLen, off, off + n);
      off += n;
      let to = INPUT_AT + this.kLen + n;
      if (this.atStart) {
        // a byte order mark (files saved by an editor) would hide the first directive; its
        // three bytes may come in separate chunks
        if (to - INPUT_AT < 3) {
          this.kLen = to - INPUT_AT;
          continue;
        }
        this.atStart = false;
        const b0 = INPUT_AT;
        if (k.bytes[b0] === 0xef && k.bytes[b0 + 1] === 0xbb && k.bytes[b0 + 2] === 0xbf) {
          k.bytes.copyWithin(b0, b0 + 3, to);
          to -= 3;
        }
      }
      const pos = this.run(to);
      const rest = to - pos;
      if (rest > MAX_LINE) {
        // no '\n' within 64 KiB: skipped up to its end
        this.kLen = 0;
        this.overlong = true;
      } else {
        k.refresh();
        k.bytes.copyWithin(INPUT_AT, pos, to);
        this.kLen = rest;
      }
    }
  }

  /** Runs the kernel over its input up to `to`; returns where the line it could not end starts. */
  private run(to: number): number {
    const k = this.tally;
    let pos = INPUT_AT;
    for (;;) {
      pos = k.x.scan(pos, to);
      k.refresh();
      if (k.kstate[S_STOP] === STOP_END) return pos;
      // a line the kernel leaves to the line reader (its entry goes back to the kernel's tally)
      const nl = k.kstate[S_LINE_END]!;
      this.lines.read(k.bytes, pos, nl);
      pos = nl + 1;
    }
  }
}
