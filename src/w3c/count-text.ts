/**
 * A count with thousands separators, as `toLocaleString('en-US')` writes it, without loading
 * ICU's number formatting (~20 ms on first use, a tenth of a scan's start-up).
 */
export function countText(x: number): string {
  if (!Number.isSafeInteger(x)) return x.toLocaleString('en-US');
  const digits = String(Math.abs(x));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return x < 0 ? `-${out}` : out;
}

/** A status and substatus as IIS writes them, '-' for either not logged: `401.2`. */
export const codeText = (c: { status: number | null; substatus: number | null }): string =>
  `${c.status ?? '-'}.${c.substatus ?? '-'}`;

/** `part` as a share of `whole` with one decimal ("12.5%"); "0%" of nothing. */
export const shareText = (part: number, whole: number): string =>
  whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '0%';
