import type { Buffer } from 'node:buffer';
import * as K from './kernel-abi.js';
import {
  addDetail,
  bump,
  bumpMinute,
  bumpTimeline,
  clientOf,
  codeKey,
  type DetailState,
  type ScanState,
} from './state.js';
import type { Tally } from './tally.js';
import type { TopList } from './top-list.js';

/** The scan kernel's exports (kernel/scan.ts and the files it re-exports). */
export interface KernelExports {
  memory: { buffer: ArrayBuffer };
  abi(): number;
  reset(): void;
  layout(...cols: number[]): void;
  finish(): void;
  flush(): void;
  entryFromReader(status: number, sub: number, win32: number, utf8: number, columns: number): void;
  scan(from: number, to: number): number;
  codesUsed(): number;
  codeAt(id: number): number;
  clientsUsed(): number;
  clientAt(id: number): number;
  detailCount(): number;
  detailAt(id: number): number;
  listSize(list: number): number;
  listRows(list: number): number;
  listDropped(list: number): number;
  listLabels(list: number): number;
  timelineAt(): number;
  timelineCapacity(): number;
  timelineLost(): number;
}

/**
 * The timeline's keys of the handshake-leg classes (the kernel's T_* numbers): the diagnosis
 * each kind of leg counts towards (diagnose.ts).
 */
const LEG_CLASSES: Readonly<Record<number, string>> = {
  [K.T_NORMAL]: 'ntlm-handshake-normal',
  [K.T_NO_ANSWER_BROWSER]: 'browser-autologon-zone',
  [K.T_NO_ANSWER_TOOL]: 'client-lacks-auth-protocol',
  [K.T_ABANDONED]: 'proxy-breaks-ntlm',
};

export const text = (b: Buffer, s: number, e: number, utf8: number): string =>
  b.toString(utf8 ? 'utf8' : 'latin1', s, e);

const nullable = (n: number): number | null => (Number.isNaN(n) ? null : n);

/**
 * The kernel's tables added into `s` (which may hold earlier inputs'): codes, handshakes, 401/403
 * details, clients (`clients`: their addresses by id).
 */
export function readTables(k: Tally, s: ScanState, clients: readonly string[]): void {
  const codeKeys = readCodes(k, s);
  readTimeline(k, s, codeKeys);
  for (const name of K.HANDSHAKE_COUNTS) s.handshakes[name] += countOf(k, name);
  readDetails(k, s);
  // clients, in first-use order
  const { x, f64: f } = k;
  for (let id = 1; id <= x.clientsUsed(); id++) {
    const at = (x.clientAt(id) + K.CLIENT_COUNTS) >> 3;
    const c = clientOf(s, clients[id]!);
    if (c === undefined) continue;
    c.completed += f[at]!;
    c.failed += f[at + 1]!;
    c.failures += f[at + 2]!;
  }
}

/** Codes, and the four leg maps (each in the order codes first entered it). */
function readCodes(k: Tally, s: ScanState): string[] {
  const { x, f64: f, i32 } = k;
  const legs: [number, string, number][][] = [[], [], [], []];
  const keys: string[] = [];
  for (let id = 1; id <= x.codesUsed(); id++) {
    const at = x.codeAt(id);
    const status = nullable(f[(at + K.CODE_STATUS_F) >> 3]!);
    const substatus = nullable(f[(at + K.CODE_STATUS_F + 8) >> 3]!);
    const win32 = nullable(f[(at + K.CODE_STATUS_F + 16) >> 3]!);
    const key = codeKey(status, substatus, win32);
    keys[id] = key;
    const count = f[(at + K.CODE_COUNT) >> 3]!;
    if (count > 0) {
      const have = s.codes.get(key);
      if (have) have.count += count;
      else s.codes.set(key, { status, substatus, win32, count });
    }
    for (let m = 0; m < 4; m++) {
      const n = f[(at + K.CODE_LEGS + m * 8) >> 3]!;
      if (n > 0) legs[m]!.push([i32[(at + K.CODE_LEG_ORDER + m * 4) >> 2]!, key, n]);
    }
  }
  const hs = s.handshakes;
  const maps: Map<string, number>[] = [];
  maps[K.LEGS_COMPLETED] = hs.legs;
  maps[K.LEGS_NO_ANSWER] = hs.noAnswerLegs;
  maps[K.LEGS_ABANDONED] = hs.abandonedLegs;
  maps[K.LEGS_FAILING_COMPLETED] = hs.failingLegsCompleted;
  legs.forEach((rows, m) => {
    for (const [, key, n] of rows.sort((a, b) => a[0] - b[0])) bump(maps[m]!, key, n);
  });
  return keys;
}

/**
 * The per-minute table's rows (minute, class, count): entries per minute, and the timeline's
 * classes as keys (LEG_CLASSES, or a code's).
 */
function readTimeline(k: Tally, s: ScanState, codeKeys: readonly string[]): void {
  const { x } = k;
  const table = x.timelineAt();
  const rows = x.timelineCapacity();
  k.refresh();
  const { i32, f64 } = k;
  for (let r = 0, at = table; r < rows; r++, at += 16) {
    const cls = i32[(at + 4) >> 2]!;
    const minute = i32[at >> 2]!;
    const count = f64[(at + 8) >> 3]!;
    if (cls === K.T_ENTRIES) bumpMinute(s, minute, count);
    else if (cls === K.T_401) bump(s.minutes401, minute, count);
    else if (cls !== 0) {
      const key = cls >= K.T_CODE ? codeKeys[cls - K.T_CODE] : LEG_CLASSES[cls];
      if (key !== undefined) bumpTimeline(s, minute, key, count);
    }
  }
  s.timelineLost += x.timelineLost();
}

/** The kernel's count `name` (K.COUNTS). */
export const countOf = (k: Tally, name: (typeof K.COUNTS)[number]): number =>
  k.f64[(K.COUNTS_AT >> 3) + K.COUNTS.indexOf(name)]!;

/** The 401/403 details, in first-seen order, with their lists. */
function readDetails(k: Tally, s: ScanState): void {
  const { x, f64: f, i32 } = k;
  for (let id = 0; id < x.detailCount(); id++) {
    const d = x.detailAt(id);
    const status = f[(d + K.D_STATUS) >> 3]!;
    const substatus = nullable(f[(d + K.D_STATUS + 8) >> 3]!);
    const win32 = nullable(f[(d + K.D_STATUS + 16) >> 3]!);
    const hasTime = i32[(d + K.D_HAS_TIME) >> 2] !== 0;
    const list = (n: number): TopList => readList(k, i32[(d + K.D_LISTS + n * 4) >> 2]!);
    const detail: DetailState = {
      status,
      substatus,
      win32,
      count: f[(d + K.D_COUNT) >> 3]!,
      firstSec: hasTime ? i32[(d + K.D_FIRST) >> 2]! : NaN,
      lastSec: hasTime ? i32[(d + K.D_LAST) >> 2]! : NaN,
      anonymous: f[(d + K.D_ANONYMOUS) >> 3]!,
      urls: list(0),
      users: list(1),
      clients: list(2),
      userAgents: list(3),
    };
    addDetail(s, codeKey(status, substatus, win32), detail);
  }
}

/** A kernel list: its rows' labels (bytes in the list's arena) and counts. */
function readList(k: Tally, list: number): TopList {
  const x = k.x;
  const n = x.listSize(list);
  const rows = x.listRows(list);
  k.refresh();
  const counts = Array.from(new Float64Array(k.f64.buffer, rows + n * 8, n));
  const refs = x.listLabels(list) >> 2;
  const u = k.u32;
  const values = Array.from({ length: n }, (_, r) => {
    const len = u[refs + 2 * r + 1]!;
    const at = u[refs + 2 * r]!;
    return text(k.bytes, at, at + (len & 0x7fffffff), len >>> 31);
  });
  return { values, counts, dropped: x.listDropped(list) };
}
