import type { Entry, Knowledge, ReferenceData, StatusCode, Win32Info } from './schema.js';

/** A status-code row found for a code, and whether it is the exact substatus asked for. */
export interface StatusCodeMatch {
  code: StatusCode;
  exact: boolean;
  /** Set when the lookup fell back to the bare status: says which substatus was unknown. */
  note?: string;
}

/**
 * The meaning of `status.substatus`. An unknown substatus falls back to the bare status and says
 * so; no substatus (or 0 without a `.0` row) is the bare status.
 */
export function findStatusCode(
  ref: ReferenceData,
  status: number,
  substatus?: number | null,
): StatusCodeMatch | undefined {
  const rows = ref.statusCodes.filter((c) => c.status === status);
  const exact = rows.find((c) => c.substatus === (substatus ?? undefined));
  if (exact) return { code: exact, exact: true };
  // The bare row, or `.0` where IIS only documents the status with substatus 0 (405.0, 413.0).
  const general =
    rows.find((c) => c.substatus === undefined) ?? rows.find((c) => c.substatus === 0);
  if (!general) return undefined;
  if (substatus === undefined || substatus === null || substatus === 0) {
    return { code: general, exact: true };
  }
  return {
    code: general,
    exact: false,
    note: `${status}.${substatus} is not a known substatus; this is what ${status} means in general`,
  };
}

/** sc-win32-status as IIS logs it; a negative decimal (NTSTATUS seen as signed) is taken as unsigned. */
export function findWin32(ref: ReferenceData, value: number): Win32Info | undefined {
  const unsigned = value < 0 ? value + 2 ** 32 : value;
  return ref.win32.find((w) => w.value === unsigned);
}

export function entryById(knowledge: Knowledge, id: string): Entry | undefined {
  return knowledge.entries.find((e) => e.id === id);
}
