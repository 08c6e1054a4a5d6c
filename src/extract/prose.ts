import { matches } from './scan.js';
import type { ReferenceData, StatusCode } from '../knowledge/schema.js';
import { isErrorStatus, isHttpStatus as isRegistered, parseWin32Column } from './http-status.js';
import type { FoundCode } from './types.js';
import {
  WIN_AFTER_CODE,
  DOTTED,
  DOTTED_TRIPLE,
  UNIT_AFTER,
  TRIPLE,
  STATUS_KEY,
  SUB_KEY,
  WIN_KEY,
  BARE_BEFORE,
  BARE_AFTER,
  AUTH_WORD,
  HEX,
  NAME,
  BIG_DEC,
  NEG_DEC,
  ERROR_NUM,
  ERROR_WORD,
  SENTENCE_END,
} from './prose-patterns.js';
import { parseWin32Token, win32Index } from './win32.js';
import { derived } from '../derived.js';

/** A code found in prose, with its offset in the message for ordering. */
export interface PlacedCode extends FoundCode {
  at: number;
}

interface Draft {
  status: number | null;
  substatus: number | null;
  win32: number | null;
  source: 'prose' | 'win32';
  start: number;
  end: number;
}

type Mention =
  | {
      kind: 'code';
      start: number;
      end: number;
      status: number;
      substatus: number | null;
      win32: number | null;
    }
  | { kind: 'sub'; start: number; end: number; substatus: number }
  | { kind: 'win32'; start: number; end: number; win32: number };

/** A large value that is plausibly a win32 status: in the table, or an HRESULT/NTSTATUS range IIS logs. */
function plausibleBig(value: number, reference: ReferenceData): boolean {
  if (win32Index(reference).byValue.has(value)) return true;
  const top = value >>> 16;
  // SSPI (0x8009), Win32 as HRESULT (0x8007), certificate trust (0x800B), NTSTATUS (0xC000)
  return top === 0x8009 || top === 0x8007 || top === 0x800b || top === 0xc000;
}

const statusSet = derived((list: readonly StatusCode[]) => new Set(list.map((c) => c.status)));

/** Statuses the reference explains (status-codes.yaml), on top of the registered HTTP ones. */
const referenceStatuses = (reference: ReferenceData): Set<number> =>
  statusSet(Array.isArray(reference.statusCodes) ? reference.statusCodes : []);

function collect(sentence: string, base: number, reference: ReferenceData): Mention[] {
  const out: Mention[] = [];
  const extra = referenceStatuses(reference);
  const isHttpStatus = (n: number) => isRegistered(n) || extra.has(n);
  const isErrorStatus = (n: number) => n >= 400 && n <= 599 && isHttpStatus(n);
  const index = win32Index(reference);
  const push = (m: Mention) => out.push(m);
  // the log's three columns, "401 2 5", or written with dots, "401.2.5" (an error status only:
  // dotted numbers are often versions)
  const triples = [
    [TRIPLE, isHttpStatus],
    [DOTTED_TRIPLE, isErrorStatus],
  ] as const;
  for (const [pattern, fits] of triples) {
    for (const m of matches(pattern, sentence)) {
      const status = Number(m[1]);
      const win32 = parseWin32Column(m[3] ?? '');
      if (!fits(status) || win32 === null) continue;
      push({
        kind: 'code',
        start: m.index,
        end: m.index + m[0].length,
        status,
        substatus: Number(m[2]),
        win32,
      });
    }
  }
  for (const m of matches(STATUS_KEY, sentence)) {
    const status = Number(m[1]);
    if (!isHttpStatus(status)) continue;
    const substatus = m[2] === undefined ? null : Number(m[2]);
    push({
      kind: 'code',
      start: m.index,
      end: m.index + m[0].length,
      status,
      substatus,
      win32: null,
    });
  }
  for (const m of matches(DOTTED, sentence)) {
    const status = Number(m[1]);
    const end = m.index + m[0].length;
    UNIT_AFTER.lastIndex = end;
    if (!isErrorStatus(status) || UNIT_AFTER.test(sentence)) continue;
    push({ kind: 'code', start: m.index, end, status, substatus: Number(m[2]), win32: null });
    // "401.1 with 1326", "401.1 (1326)": a known win32 number right after the code is its win32
    const after = WIN_AFTER_CODE.exec(sentence.slice(end, end + 40));
    const v = Number(after?.[1]);
    if (after && v >= 50 && !isHttpStatus(v) && index.byValue.has(v)) {
      const at = end + after[0].length - (after[1] ?? '').length;
      push({ kind: 'win32', start: at, end: end + after[0].length, win32: v });
    }
  }
  for (const m of matches(BARE_BEFORE, sentence)) {
    const status = Number(m[1]);
    if (!isHttpStatus(status)) continue;
    const start = m.index + m[0].length - (m[1] ?? '').length;
    push({ kind: 'code', start, end: m.index + m[0].length, status, substatus: null, win32: null });
  }
  for (const m of matches(BARE_AFTER, sentence)) {
    const status = Number(m[1]);
    const word = (m[2] ?? '').toLowerCase();
    const fits =
      word === 'ok'
        ? status === 200
        : word === 'not modified'
          ? status === 304
          : isErrorStatus(status);
    if (!fits) continue;
    push({
      kind: 'code',
      start: m.index,
      end: m.index + (m[1] ?? '').length,
      status,
      substatus: null,
      win32: null,
    });
  }
  for (const m of matches(AUTH_WORD, sentence)) {
    const digits = m[1] ?? m[2] ?? '';
    const start = m.index + m[0].indexOf(digits);
    push({
      kind: 'code',
      start,
      end: start + 3,
      status: Number(digits),
      substatus: null,
      win32: null,
    });
  }
  for (const m of matches(SUB_KEY, sentence)) {
    push({ kind: 'sub', start: m.index, end: m.index + m[0].length, substatus: Number(m[1]) });
  }
  for (const m of matches(WIN_KEY, sentence)) {
    const win32 = parseWin32Token(m[1] ?? '', reference);
    if (win32 === null) continue;
    push({ kind: 'win32', start: m.index, end: m.index + m[0].length, win32 });
  }
  for (const m of matches(HEX, sentence)) {
    const v = Number.parseInt(m[1] ?? '', 16);
    if (!index.byValue.has(v) && v < 0x80000000) continue;
    push({ kind: 'win32', start: m.index, end: m.index + m[0].length, win32: v });
  }
  for (const m of matches(NAME, sentence)) {
    const info = index.byName.get(m[0]);
    if (info)
      push({ kind: 'win32', start: m.index, end: m.index + m[0].length, win32: info.value });
  }
  for (const m of matches(BIG_DEC, sentence)) {
    const v = Number(m[1]);
    if (v <= 0xffffffff && v >= 0x80000000 && plausibleBig(v, reference)) {
      push({ kind: 'win32', start: m.index, end: m.index + m[0].length, win32: v });
    }
  }
  for (const m of matches(NEG_DEC, sentence)) {
    const n = Number(m[1]);
    if (n > 0x80000000) continue;
    const v = 0x100000000 - n;
    if (plausibleBig(v, reference))
      push({ kind: 'win32', start: m.index, end: m.index + m[0].length, win32: v });
  }
  for (const m of matches(ERROR_NUM, sentence)) {
    const digits = m[1] ?? m[2] ?? '';
    const v = Number(digits);
    if (v < 50 || isRegistered(v) || !index.byValue.has(v)) continue;
    const start = m.index + m[0].lastIndexOf(digits);
    push({ kind: 'win32', start, end: m.index + m[0].length, win32: v });
  }
  // Earliest first; at one start the longest wins; overlapping mentions are dropped.
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Mention[] = [];
  let reach = -1;
  for (const m of out) {
    if (m.start < reach) continue;
    reach = m.end;
    m.start += base;
    m.end += base;
    kept.push(m);
  }
  return kept;
}

/** A draft code at a mention's place: what it does not say stays null. */
const draftOf = (at: Mention, says: Partial<Draft>): Draft => ({
  status: says.status ?? null,
  substatus: says.substatus ?? null,
  win32: says.win32 ?? null,
  source: says.source ?? 'prose',
  start: at.start,
  end: at.end,
});

const excerpt = (text: string, start: number, end: number): string => {
  const from = Math.max(0, start - 40);
  const to = Math.min(text.length, Math.max(end, start) + 60);
  return text.slice(from, to).replace(/\s+/g, ' ').trim().slice(0, 120);
};

/**
 * Codes written in prose: 401.2, 401 2 5, HTTP Error 401.1, status 401 substatus 1 win32 1326,
 * "a 401.2 with win32 status as 2148074254" (the win32 joins the code before it in the sentence),
 * and win32 values on their own (0x8009030E, SEC_E_NO_CREDENTIALS, -1073741715).
 * `base` is the offset of `text` in the whole message.
 */
export function proseCodes(text: string, base: number, reference: ReferenceData): PlacedCode[] {
  const codes: PlacedCode[] = [];
  const seen = new Set<string>();
  let from = 0;
  const sentences: [number, number][] = [];
  for (const m of matches(SENTENCE_END, text)) {
    sentences.push([from, m.index]);
    from = m.index + m[0].length;
  }
  sentences.push([from, text.length]);
  for (const [s, e] of sentences) {
    if (e <= s) continue;
    const sentence = text.slice(s, e);
    if (!/\d|_[A-Z]/.test(sentence)) continue;
    let current: Draft | null = null;
    const drafts: Draft[] = [];
    for (const m of collect(sentence, s, reference)) {
      if (m.kind === 'code') {
        current = draftOf(m, m);
        drafts.push(current);
      } else if (m.kind === 'sub') {
        if (current && current.substatus === null) {
          current.substatus = m.substatus;
          current.end = m.end;
        } else {
          current = draftOf(m, { substatus: m.substatus });
          drafts.push(current);
        }
      } else if (
        current &&
        current.win32 === null &&
        (current.status ?? current.substatus) !== null
      ) {
        current.win32 = m.win32;
        current.end = m.end;
      } else {
        drafts.push(draftOf(m, { win32: m.win32, source: 'win32' }));
      }
    }
    // "sc-substatus 2 for the 401": a substatus whose status is named elsewhere in the sentence.
    const orphan = drafts.find((c) => c.status === null && c.substatus !== null);
    const bare = drafts.filter((c) => c.status !== null && c.substatus === null);
    if (orphan && bare.length === 1 && drafts.every((c) => c.status === null || c === bare[0])) {
      bare[0]!.substatus = orphan.substatus;
      bare[0]!.win32 ??= orphan.win32;
      drafts.splice(drafts.indexOf(orphan), 1);
    } else if (orphan && !drafts.some((c) => c.status !== null)) {
      const status = Number(ERROR_WORD.exec(sentence)?.[1]);
      if (isErrorStatus(status)) orphan.status = status;
    }
    // Each triple once per line; the excerpt is cut only for the first.
    for (const d of drafts) {
      const key = `${d.status}.${d.substatus}.${d.win32}`;
      if (seen.has(key)) continue;
      seen.add(key);
      codes.push({
        status: d.status,
        substatus: d.substatus,
        win32: d.win32,
        source: d.source,
        evidence: excerpt(text, d.start, d.end),
        at: base + d.start,
      });
    }
  }
  return codes;
}
