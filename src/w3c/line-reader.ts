import { isAscii, isUtf8, type Buffer } from 'node:buffer';
import { NOT_A_NUMBER, readNumber } from './bytes.js';
import {
  DEFAULT_COLUMNS,
  LAYOUT_LABEL,
  anchoredColumns,
  columnsFor,
  directiveKind,
  parseFieldsDirective,
  type Columns,
} from './columns.js';
import { dayOf, guessLayout } from './fields.js';
import { MAX_FIELDS, MAX_LINE, SCRATCH_AT } from './kernel-abi.js';
import { isHttpStatus, win32Of } from './rules.js';
import { bumpReason } from './state.js';
import type { EntryCodes, Tally } from './tally.js';

const SPACE = 32;
const TAB = 9;
const CR = 13;
const HASH = 35;
const QUOTE = 34;

/** The note an entry with a status value that is not a number gets. */
const ODD_NUMBER_NOTE = 'a status value is not a number (read as not logged)';

/**
 * The lines the scan kernel hands back (directives, lines to repair, anything odd), read one at a
 * time under the #Fields state they set: each is counted as a directive, an entry (its values go
 * to the kernel's tally) or a skipped line with its reason.
 */
export class LineReader {
  private cols: Columns | null = null;
  private fieldsText = '';
  private readonly st = new Int32Array(MAX_FIELDS);
  private readonly en = new Int32Array(MAX_FIELDS);
  private guessKey = '';
  private guessNote = '';
  private readonly codes: EntryCodes = { status: NaN, sub: NaN, win32: NaN };

  constructor(readonly tally: Tally) {}

  /** A line too long to hold, skipped (counted when its end arrives). */
  overlong(): void {
    this.tally.state.lines++;
    this.skip('longer than 64 KiB');
  }

  private skip(reason: string): void {
    const s = this.tally.state;
    s.skipped++;
    bumpReason(s.skippedReasons, reason);
  }

  /** b[ls, nl) is one line and b[nl] is its '\n' (b: the kernel's memory). */
  read(b: Buffer, ls: number, nl: number): void {
    this.tally.state.lines++;
    let e = nl;
    if (e > ls && b[e - 1] === CR) e--;
    if (e - ls > MAX_LINE) return this.skip('longer than 64 KiB');
    if (b[ls] === HASH) return this.directive(b, ls, e);
    let utf8 = false;
    if (!isAscii(b.subarray(ls, e))) {
      if (!isUtf8(b.subarray(ls, e)))
        return this.skip('not valid UTF-8 (binary data or a legacy code page)');
      utf8 = true;
    }
    const st = this.st;
    const en = this.en;
    let o = SCRATCH_AT;
    let nf = 0;
    let i = ls;
    while (i < e) {
      let c = b[i]!;
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      if (c < SPACE) return this.skip('control characters (binary data)');
      const quoted = c === QUOTE;
      let from = i;
      if (quoted) {
        // in double quotes ("" inside is a quote), as Advanced Logging and exports write
        // values: unquoted into the kernel's scratch (b's own memory), with what follows
        from = o;
        for (i++; i < e; i++) {
          c = b[i]!;
          if (c === QUOTE && b[++i] !== QUOTE) break;
          b[o++] = c;
        }
        while (i < e && b[i]! > SPACE) b[o++] = b[i++]!;
      } else {
        // b[e] is CR or LF, so this stops at the line's end at the latest
        while (b[i]! > SPACE) i++;
      }
      if (nf < MAX_FIELDS) {
        st[nf] = from;
        en[nf] = quoted ? o : i;
      }
      nf++;
    }
    this.values(b, nf, utf8);
  }

  private values(b: Buffer, nf: number, utf8: boolean): void {
    if (nf === 0) return this.skip('blank line');
    let cols = this.cols;
    if (cols === null || nf !== cols.count) {
      cols = this.repair(b, nf);
      if (cols === null) return;
    }
    this.tally.entry(this.st, this.en, cols, utf8, this.readCodes(b, cols));
  }

  /** The status triple of an entry (NaN: not logged or not a number, with a note). */
  private readCodes(b: Buffer, cols: Columns): EntryCodes {
    const st = this.st;
    const en = this.en;
    const num = (i: number): number => (i >= 0 ? readNumber(b, st[i]!, en[i]!) : NaN);
    const v = this.codes;
    v.status = num(cols.status);
    v.sub = num(cols.substatus);
    v.win32 = num(cols.win32);
    if (!Number.isNaN(v.win32) && v.win32 !== NOT_A_NUMBER)
      v.win32 = win32Of(v.win32) ?? NOT_A_NUMBER;
    if (v.status === NOT_A_NUMBER || v.sub === NOT_A_NUMBER || v.win32 === NOT_A_NUMBER) {
      this.tally.note(ODD_NUMBER_NOTE);
      if (v.status === NOT_A_NUMBER) v.status = NaN;
      if (v.sub === NOT_A_NUMBER) v.sub = NaN;
      if (v.win32 === NOT_A_NUMBER) v.win32 = NaN;
    }
    return v;
  }

  /** A line whose value count does not match #Fields (or no #Fields yet): by shape, then by anchor. */
  private repair(b: Buffer, nf: number): Columns | null {
    const st = this.st;
    const en = this.en;
    const have = this.cols;
    const value = (i: number): string => b.toString('latin1', st[i], en[i]);
    const name = nf > 2 ? guessLayout(nf, value(0), value(2)) : null;
    const guess = name === null ? null : DEFAULT_COLUMNS[name];
    if (guess && this.plausible(b, guess.status)) {
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
    this.tally.state.directives++;
    const text = b.toString('latin1', ls, Math.min(e, ls + 8192));
    const kind = directiveKind(text);
    if (kind === null) return;
    if (kind === 'fields') this.fields(text);
    else this.date(text);
  }

  private fields(text: string): void {
    if (text === this.fieldsText) return;
    this.fieldsText = text;
    this.cols = columnsFor(parseFieldsDirective(text), 'fields');
    this.tally.layout(this.cols);
  }

  private date(text: string): void {
    const day = dayOf(
      text
        .slice(text.indexOf(':') + 1)
        .trim()
        .slice(0, 10),
    );
    if (day !== null) this.tally.headerDay = day;
  }
}
