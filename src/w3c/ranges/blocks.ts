// Byte ranges of one file: the blocks, the directives in force at each, and what a scan of one
// block hands back.
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

/** What a block's scan is told: the file, its blocks, and what its header says (`guess`). */
export interface PoolJob {
  name: string;
  size: number;
  blocks: Block[];
  guess: InForce;
}

/** One scanned block: its counts, where its warm-up began, and the directives it counted. */
export interface BlockResult {
  state: ScanState;
  warmStart: number;
  directives: Directive[];
}
