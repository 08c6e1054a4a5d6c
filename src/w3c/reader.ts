import { Buffer, isAscii, isUtf8 } from 'node:buffer';
import { NOT_A_NUMBER, NO_TIME, dayOf, looksLikeIp, readDateKey, readNumber } from './bytes.js';
import {
  LAYOUT_LABEL,
  anchoredColumns,
  columnsFor,
  guessLayout,
  parseFieldsDirective,
  type Columns,
} from './columns.js';
import { KernelTally, S_HEADER_DAY, S_LINE_END, S_STOP, STOP_END, STOP_LINE } from './kernel.js';
import { bumpReason } from './state.js';
import type { TallyLike } from './tally.js';

/** Lines longer than this are skipped (IIS caps custom fields at 64 KB; real lines are far shorter). */
export const MAX_LINE = 65_536;
const MAX_FIELDS = 512;
const SPACE = 32;
const TAB = 9;
const CR = 13;
const LF = 10;
const HASH = 35;
const QUOTE = 34;

/** Status codes HTTP defines (IIS logs no others), so stray numbers are not taken for one. */
const isHttpStatus = (s: number): boolean =>
  (s >= 100 && s <= 103) ||
  (s >= 200 && s <= 208) ||
  s === 226 ||
  (s >= 300 && s <= 308) ||
  (s >= 400 && s <= 431) ||
  s === 451 ||
  (s >= 500 && s <= 511);

/**
 * The #Fields state machine over bytes: feed Buffer chunks with `push`, then `end`. Lines are
 * found with Buffer.indexOf, values by scanning for spaces; nothing is decoded unless the tally
 * needs it. Every line is counted: a directive, an entry, or skipped with a reason.
 */
export class W3cReader {
  private cols: Columns | null = null;
  private fieldsText = '';
  private headerDay = NO_TIME;
  private readonly st = new Int32Array(MAX_FIELDS);
  private readonly en = new Int32Array(MAX_FIELDS);
  private readonly carry = Buffer.allocUnsafe(MAX_LINE + 1);
  private carryLen = 0;
  private overlong = false;
  private scratch = Buffer.allocUnsafe(1024);

  private guessKey = '';
  private started = false;
  private guessNote = '';
  /** Offset in the input of the current chunk's first byte, and of the carried line's. */
  private base = 0;
  private carryAt = 0;
  /** Offset in the input of byte 0 of the buffer whose lines are being read. */
  private lineBase = 0;

  /** The scan kernel, with a KernelTally; `kLayout`: it can read lines of the current layout. */
  private readonly k: KernelTally | null;
  private kLayout = false;
  /** Bytes of a line without its '\n' yet at the start of the kernel's input, and their offset. */
  private kLen = 0;
  private kBase = 0;
  /** Where kernelRun stopped for a layout the kernel cannot read (-1: it did not). */
  private kLeft = -1;

  /** Told of each #Fields and #Date line with its offset in the input (byte ranges need them). */
  onDirective: ((offset: number, kind: 'fields' | 'date', text: string) => void) | null = null;

  /**
   * With a KernelTally (kernel.ts) the scan kernel reads plain lines itself and hands the rest
   * to this reader, whose entries go to the kernel's tally; with a Tally the reader reads all.
   */
  constructor(readonly tally: TallyLike) {
    this.k = tally instanceof KernelTally ? tally : null;
  }

  /** Starts mid-file at `offset` (a byte range), from the #Fields and #Date in force there. */
  startAt(directive: string | null, date: string | null, offset = 0): void {
    this.started = true;
    this.cols = null;
    this.kLayout = false;
    this.fieldsText = '';
    this.base = offset;
    if (directive !== null) this.fields(directive);
    if (date !== null) this.date(date);
  }

  push(chunk: Buffer): void {
    let from = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      // a byte order mark (files saved by an editor) would hide the first directive
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) from = 3;
    }
    if (this.kLayout) this.kernelPush(chunk, from);
    else {
      this.kernelToCarry();
      this.scan(chunk, from, chunk.length, this.base);
    }
    this.base += chunk.length;
  }

  /** Reads the lines of b[from, end) here (`base`: the offset in the input of b[0]). */
  private scan(b: Buffer, from: number, end: number, base: number): void {
    let ls = from;
    this.lineBase = base;
    if (this.carryLen > 0 || this.overlong) {
      const nl = b.indexOf(LF, ls);
      if (nl === -1 || nl >= end) {
        this.append(b, ls, end);
        return;
      }
      this.append(b, ls, nl);
      this.flushCarry();
      ls = nl + 1;
    }
    const ascii = isAscii(b.subarray(ls, end));
    let quote = b.indexOf(QUOTE, ls);
    for (;;) {
      const nl = b.indexOf(LF, ls);
      if (nl === -1 || nl >= end) break;
      if (quote !== -1 && quote < ls) quote = b.indexOf(QUOTE, ls);
      const directive = b[ls] === HASH;
      this.line(b, ls, nl, ascii, quote !== -1 && quote < nl);
      ls = nl + 1;
      // a #Fields the kernel can count: it takes the rest (unless these are its own bytes)
      if (directive && b !== this.k?.bytes && this.kLayout) {
        this.kernelPush(b, ls, end, base);
        return;
      }
    }
    if (ls < end) this.append(b, ls, end);
  }

  /** The last line may lack its newline. */
  end(): void {
    this.kernelToCarry();
    if (this.carryLen > 0 || this.overlong) this.flushCarry();
  }

  // ---------------------------------------------------------------- the kernel

  /**
   * The kernel reads b[from, end) (`base`: the offset in the input of b[0]) a piece at a time,
   * copied after the line it carries; lines it leaves come back to `line` in order.
   */
  private kernelPush(b: Buffer, from: number, end = b.length, base = this.base): void {
    const k = this.k!;
    let off = from;
    while (off < end) {
      if (this.carryLen > 0 || this.overlong) {
        // a line carried from before the kernel took over (or one too long): finished here
        const nl = b.indexOf(LF, off);
        if (nl === -1 || nl >= end) {
          this.lineBase = base;
          this.append(b, off, end);
          return;
        }
        this.lineBase = base;
        this.append(b, off, nl);
        this.flushCarry();
        off = nl + 1;
        continue;
      }
      if (!this.kLayout) {
        this.kernelToCarry();
        this.scan(b, off, end, base);
        return;
      }
      if (this.kLen === 0) this.kBase = base + off;
      const n = Math.min(k.inputCapacity - this.kLen, end - off);
      k.refresh();
      b.copy(k.bytes, k.input + this.kLen, off, off + n);
      off += n;
      const to = k.input + this.kLen + n;
      const pos = this.kernelRun(to);
      if (this.kLeft >= 0) {
        // a #Fields the kernel cannot read: the reader reads the rest of the piece and of the
        // input itself (a copy: the kernel's memory may grow, and move, while it does). It
        // may hand over to the kernel again; nothing is left to do here after it.
        k.refresh();
        const rest = Buffer.concat([k.bytes.subarray(this.kLeft, to), b.subarray(off, end)]);
        const at = this.kBase + (this.kLeft - k.input);
        this.kLeft = -1;
        this.kLen = 0;
        this.scan(rest, 0, rest.length, at);
        return;
      }
      const rest = to - pos;
      if (rest > MAX_LINE) {
        // no '\n' within 64 KiB: skipped up to its end, as the reader does
        this.kLen = 0;
        this.overlong = true;
      } else {
        k.refresh();
        k.bytes.copyWithin(k.input, pos, to);
        this.kLen = rest;
        this.kBase += pos - k.input;
      }
    }
  }

  /** Runs the kernel over its input up to `to`; returns where the line it could not end starts. */
  private kernelRun(to: number): number {
    const k = this.k!;
    let pos = k.input;
    for (;;) {
      k.kstate[S_HEADER_DAY] = this.headerDay;
      pos = k.x.scan(pos, to);
      k.takeRecords();
      const stop = k.kstate[S_STOP];
      if (stop === STOP_END) return pos;
      if (stop !== STOP_LINE) continue;
      // a line the kernel leaves to the reader (its entry goes back to the kernel's tally)
      const nl = k.kstate[S_LINE_END]!;
      const b = k.bytes;
      const q = b.indexOf(QUOTE, pos);
      this.lineBase = this.kBase - k.input;
      this.line(b, pos, nl, isAscii(b.subarray(pos, nl)), q !== -1 && q < nl);
      pos = nl + 1;
      if (!this.kLayout) {
        this.kLeft = pos;
        return pos;
      }
    }
  }

  /** The line the kernel carries goes to the reader's own carry (the reader takes over). */
  private kernelToCarry(): void {
    if (this.kLen === 0) return;
    const k = this.k!;
    k.bytes.copy(this.carry, 0, k.input, k.input + this.kLen);
    this.carryLen = this.kLen;
    this.carryAt = this.kBase;
    this.kLen = 0;
  }

  private append(b: Buffer, s: number, e: number): void {
    if (this.carryLen === 0 && !this.overlong) this.carryAt = this.lineBase + s;
    if (this.overlong) return;
    if (this.carryLen + (e - s) > MAX_LINE) {
      this.overlong = true;
      this.carryLen = 0;
      return;
    }
    b.copy(this.carry, this.carryLen, s, e);
    this.carryLen += e - s;
  }

  private flushCarry(): void {
    const c = this.carry;
    const n = this.carryLen;
    this.carryLen = 0;
    if (this.overlong) {
      this.overlong = false;
      this.count();
      this.skip('longer than 64 KiB');
      return;
    }
    c[n] = LF;
    const q = c.indexOf(QUOTE);
    const lineBase = this.lineBase;
    this.lineBase = this.carryAt;
    this.line(c, 0, n, isAscii(c.subarray(0, n)), q !== -1 && q < n);
    this.lineBase = lineBase;
  }

  private count(): void {
    if (this.tally.counting) this.tally.state.lines++;
  }

  private skip(reason: string): void {
    const s = this.tally.state;
    if (!this.tally.counting) return;
    s.skipped++;
    bumpReason(s.skippedReasons, reason);
  }

  /** b[ls, nl) is one line and b[nl] is its '\n'. */
  private line(b: Buffer, ls: number, nl: number, ascii: boolean, quoted: boolean): void {
    this.count();
    let e = nl;
    if (e > ls && b[e - 1] === CR) e--;
    if (e - ls > MAX_LINE) return this.skip('longer than 64 KiB');
    if (b[ls] === HASH) return this.directive(b, ls, e);
    let utf8 = false;
    if (!ascii && !isAscii(b.subarray(ls, e))) {
      if (!isUtf8(b.subarray(ls, e)))
        return this.skip('not valid UTF-8 (binary data or a legacy code page)');
      utf8 = true;
    }
    if (quoted) return this.quotedLine(b, ls, e, utf8);
    const cols = this.cols;
    if (cols !== null && cols.back > 0 && this.split(b, ls, e, cols))
      return this.tally.entry(b, this.st, this.en, cols, utf8, this.headerDay);
    const st = this.st;
    const en = this.en;
    let nf = 0;
    let i = ls;
    while (i < e) {
      const c = b[i]!;
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      if (c < SPACE) return this.skip('control characters (binary data)');
      if (nf < MAX_FIELDS) st[nf] = i;
      i++;
      // b[e] is CR or LF, so this stops at the line's end at the latest
      while (b[i]! > SPACE) i++;
      if (nf < MAX_FIELDS) en[nf] = i;
      nf++;
    }
    this.values(b, nf, utf8);
  }

  /**
   * The fast split of a line that has exactly the values `cols` expects: scan the front values,
   * scan the status values and the short ones before them backwards from the end, and check
   * with one Buffer.indexOf that the first value between (the long user agent) ends where they
   * begin. Values between are split at spaces only. False (then the full scan decides) when
   * anything does not fit.
   */
  private split(b: Buffer, ls: number, e: number, cols: Columns): boolean {
    const st = this.st;
    const en = this.en;
    const front = cols.front;
    const back = cols.back;
    let i = ls;
    let k0 = 0;
    // IIS writes "YYYY-MM-DD HH:MM:SS " first: take the two fixed-width values as they are
    if (
      cols.date === 0 &&
      cols.time === 1 &&
      b[ls + 10] === SPACE &&
      b[ls + 19] === SPACE &&
      b[ls + 4] === 45 &&
      b[ls + 13] === 58 &&
      b[ls + 16] === 58 &&
      b[ls + 20]! > SPACE
    ) {
      st[0] = ls;
      en[0] = ls + 10;
      st[1] = ls + 11;
      en[1] = ls + 19;
      i = ls + 19;
      k0 = 2;
    }
    for (let k = k0; k <= front; k++) {
      // one space between values is the rule; a run of them or the line's end the exception
      if (b[i] === SPACE && b[i + 1]! > SPACE) i++;
      else {
        while (b[i] === SPACE) i++;
        if (i >= e || b[i]! < SPACE) return false;
      }
      st[k] = i;
      i++;
      // to the next space or control byte, four bytes a turn (b[e] is CR or LF: it stops there)
      for (;;) {
        if (b[i]! <= SPACE) break;
        if (b[i + 1]! <= SPACE) {
          i += 1;
          break;
        }
        if (b[i + 2]! <= SPACE) {
          i += 2;
          break;
        }
        if (b[i + 3]! <= SPACE) {
          i += 3;
          break;
        }
        i += 4;
      }
      en[k] = i;
    }
    let j = e - 1;
    for (let k = cols.count - 1; k >= back; k--) {
      while (j > i && b[j] === SPACE) j--;
      if (j <= i || b[j]! < SPACE) return false;
      en[k] = j + 1;
      j--;
      while (b[j]! > SPACE) j--;
      st[k] = j + 1;
    }
    let stop = st[back]! - 1;
    if (b[stop] !== SPACE) return false;
    let p = i;
    while (b[p] === SPACE) p++;
    if (p >= stop) return false;
    // the values between, but the first, by scanning back to their space (they are short:
    // the referer); the first (the user agent, long) must end at the next space, found natively
    for (let k = back - 1; k > front + 1; k--) {
      while (stop > p && b[stop] === SPACE) stop--;
      en[k] = stop + 1;
      while (stop > p && b[stop] !== SPACE) stop--;
      if (stop <= p) return false;
      st[k] = stop + 1;
    }
    while (b[stop - 1] === SPACE) stop--;
    if (stop <= p || b.indexOf(SPACE, p) !== stop) return false;
    st[front + 1] = p;
    en[front + 1] = stop;
    return true;
  }

  /** Values in double quotes ("" inside is a quote), as Advanced Logging and exports write them. */
  private quotedLine(b: Buffer, ls: number, e: number, utf8: boolean): void {
    if (this.scratch.length < e - ls) this.scratch = Buffer.allocUnsafe(e - ls);
    const out = this.scratch;
    const st = this.st;
    const en = this.en;
    let o = 0;
    let nf = 0;
    let i = ls;
    while (i < e) {
      let c = b[i]!;
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      if (c < SPACE) return this.skip('control characters (binary data)');
      const start = o;
      if (c === QUOTE) {
        i++;
        while (i < e) {
          c = b[i]!;
          if (c === QUOTE) {
            if (b[i + 1] !== QUOTE) break;
            i++;
          }
          out[o++] = c;
          i++;
        }
        i++;
      }
      while (i < e && b[i]! > SPACE) out[o++] = b[i++]!;
      if (nf < MAX_FIELDS) {
        st[nf] = start;
        en[nf] = o;
      }
      nf++;
    }
    this.values(out, nf, utf8);
  }

  private values(b: Buffer, nf: number, utf8: boolean): void {
    if (nf === 0) return this.skip('blank line');
    let cols = this.cols;
    if (cols === null || nf !== cols.count) {
      cols = this.repair(b, nf);
      if (cols === null) return;
    }
    this.tally.entry(b, this.st, this.en, cols, utf8, this.headerDay);
  }

  /** A line whose value count does not match #Fields (or no #Fields yet): by shape, then by anchor. */
  private repair(b: Buffer, nf: number): Columns | null {
    const st = this.st;
    const en = this.en;
    const have = this.cols;
    const guess = nf > 2 ? guessLayout(nf, looksLikeIp(b, st[2]!, en[2]!)) : null;
    if (guess && this.plausible(b, guess.status) && readDateKey(b, st[0]!, en[0]!) >= 0) {
      this.noteGuess(have, nf, `read as ${LAYOUT_LABEL[guess.layout]}`);
      return guess;
    }
    const at = this.anchor(b, nf);
    if (at >= 0) {
      this.noteGuess(have, nf, 'read by locating the status triple');
      return anchoredColumns(nf, at);
    }
    this.skip(
      have
        ? `${nf} values where #Fields names ${have.count}`
        : 'no #Fields and no recognisable status triple',
    );
    return null;
  }

  private noteGuess(have: Columns | null, nf: number, how: string): void {
    const key = `${have?.count ?? -1}/${nf}/${how}`;
    if (key !== this.guessKey) {
      this.guessKey = key;
      this.guessNote = have
        ? `${nf} values where #Fields names ${have.count}: ${how}`
        : `no #Fields: ${how}`;
    }
    this.tally.note(this.guessNote);
  }

  /** Values i, i+1, i+2 look like an HTTP status, a substatus (0-999) and a win32 number. */
  private plausible(b: Buffer, i: number): boolean {
    if (i < 0) return false;
    const st = this.st;
    const en = this.en;
    if (en[i]! - st[i]! !== 3 || !isHttpStatus(readNumber(b, st[i]!, en[i]!))) return false;
    const sub = readNumber(b, st[i + 1]!, en[i + 1]!);
    const w = readNumber(b, st[i + 2]!, en[i + 2]!);
    return sub >= 0 && sub <= 999 && !Number.isNaN(w) && w !== NOT_A_NUMBER;
  }

  /** Where the status triple sits: at the usual distances from the end first, then anywhere. */
  private anchor(b: Buffer, nf: number): number {
    const n = Math.min(nf, MAX_FIELDS);
    for (const back of [3, 4, 6]) if (n - back >= 0 && this.plausible(b, n - back)) return n - back;
    for (let i = n - 5; i >= 0; i--) if (i !== n - 6 && this.plausible(b, i)) return i;
    return -1;
  }

  private directive(b: Buffer, ls: number, e: number): void {
    if (this.tally.counting) this.tally.state.directives++;
    const text = b.toString('latin1', ls, Math.min(e, ls + 8192));
    const head = text.slice(0, 8).toLowerCase();
    const kind = head === '#fields:' ? 'fields' : head.startsWith('#date:') ? 'date' : null;
    if (kind === null) return;
    this.onDirective?.(this.lineBase + ls, kind, text);
    if (kind === 'fields') this.fields(text);
    else this.date(text);
  }

  private fields(text: string): void {
    if (text === this.fieldsText) return;
    this.fieldsText = text;
    this.cols = columnsFor(parseFieldsDirective(text), 'fields');
    if (this.k !== null) this.kLayout = this.k.layout(this.cols);
  }

  private date(text: string): void {
    const value = Buffer.from(
      text
        .slice(text.indexOf(':') + 1)
        .trim()
        .slice(0, 10),
      'latin1',
    );
    const key = readDateKey(value, 0, value.length);
    if (key >= 0) this.headerDay = dayOf(key);
  }
}
