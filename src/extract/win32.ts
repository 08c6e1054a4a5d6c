import type { ReferenceData, Win32Info } from '../knowledge/schema.js';
import { derived } from '../derived.js';

export interface Win32Index {
  byValue: Map<number, Win32Info>;
  byName: Map<string, Win32Info>;
}

const indexOf = derived((list: readonly Win32Info[]): Win32Index => ({
  byValue: new Map(list.map((w) => [w.value, w])),
  byName: new Map(list.map((w) => [w.name.toUpperCase(), w])),
}));

/** Lookup tables over reference.win32, built once per reference array. */
export const win32Index = (reference: ReferenceData): Win32Index =>
  indexOf(Array.isArray(reference?.win32) ? reference.win32 : []);

const MAX = 0xffffffff;
const HEX = /^0x([0-9a-f]{1,8})$/i;
const BARE_HEX = /^(?=[0-9a-f]{0,7}[a-f])[0-9a-f]{8}$/i;
const DEC = /^\d{1,10}$/;
const NEG = /^-\d{1,10}$/;
const NAME = /^[A-Z][A-Z0-9_]{2,80}$/;

/**
 * Reads one win32 value as people write it: decimal (1326), hex (0x8009030E or 8009030E),
 * negative decimal NTSTATUS (-1073741715 -> 3221225581) or a symbolic name known to the
 * reference (SEC_E_NO_CREDENTIALS). Returns the unsigned value IIS would log, or null.
 */
export function parseWin32Token(token: string, reference: ReferenceData): number | null {
  if (typeof token !== 'string') return null;
  const t = token.trim().replace(/[.,;:)]+$/, '');
  if (t.length === 0 || t.length > 82) return null;
  let m = HEX.exec(t);
  if (m?.[1]) return Number.parseInt(m[1], 16);
  if (BARE_HEX.test(t)) return Number.parseInt(t, 16);
  if (DEC.test(t)) {
    const n = Number(t);
    return n <= MAX ? n : null;
  }
  if (NEG.test(t)) {
    const n = Number(t.slice(1));
    return n > 0 && n <= 0x80000000 ? 0x100000000 - n : null;
  }
  m = NAME.exec(t.toUpperCase());
  if (m) return win32Index(reference).byName.get(t.toUpperCase())?.value ?? null;
  return null;
}

export interface DecodedWin32 {
  value: number;
  /** 0x-prefixed, upper case, 8 digits for values above 0xFFFF, else as short as possible. */
  hex: string;
  /** The reference row, when the value is in knowledge/reference/win32.yaml. */
  info: Win32Info | null;
  name: string | null;
  kind: Win32Info['kind'] | null;
  meaning: string | null;
  /** For HRESULT-wrapped Win32 errors (0x8007xxxx) not in the table: the inner Win32 row. */
  wrapped: Win32Info | null;
}

export const toHex = (value: number): string =>
  '0x' + (value > 0xffff ? value.toString(16).padStart(8, '0') : value.toString(16)).toUpperCase();

/** What an sc-win32-status value means, from the reference table (negative input is made unsigned). */
export function decodeWin32(value: number, reference: ReferenceData): DecodedWin32 | null {
  if (!Number.isInteger(value) || value < -0x80000000 || value > MAX) return null;
  const v = value < 0 ? value + 0x100000000 : value;
  const index = win32Index(reference);
  const info = index.byValue.get(v) ?? null;
  let wrapped: Win32Info | null = null;
  if (!info && v >>> 16 === 0x8007) wrapped = index.byValue.get(v & 0xffff) ?? null;
  const kind: DecodedWin32['kind'] =
    info?.kind ??
    (wrapped ? 'hresult' : v >= 0xc0000000 ? 'ntstatus' : v >= 0x80000000 ? 'hresult' : 'win32');
  return {
    value: v,
    hex: toHex(v),
    info,
    name: info?.name ?? (wrapped ? `HRESULT_FROM_WIN32(${wrapped.name})` : null),
    kind,
    meaning: info?.meaning ?? wrapped?.meaning ?? null,
    wrapped,
  };
}
