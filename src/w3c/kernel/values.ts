// The numbers of an entry: the status triple of the kernel's own lines as plain numbers, and the
// time of every entry from its date (or the #Date in force) and time of day, each remembered by
// its bytes (entries come in runs of the same second and day).

import { end, getS, start } from './memory';
import { C_DATE, C_TIME, HAS_DATE, HAS_TIME, NO_TIME, S_HEADER_DAY } from './shared';

// the last time and date values read, by their first 8 bytes (and the date's last 2)
let timeKey: u64 = 0;
let timeValue: i32 = -1;
let dateKey: u64 = 0;
let dateTail: u32 = 0;
let dateValue: i32 = NO_TIME;

export function valuesReset(): void {
  timeKey = 0;
  timeValue = -1;
  dateKey = 0;
  dateTail = 0;
  dateValue = NO_TIME;
}

/** Digits only, at most 10 of them: the number, else -1 (the reader reads anything else). */
export function plainNumber(slot: u32): i64 {
  const s = start(slot);
  const e = end(slot);
  if (e <= s || e - s > 10) return -1;
  let v: i64 = 0;
  for (let i = s; i < e; i++) {
    const d = <i32>load<u8>(i) - 48;
    if (<u32>d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function digits2(at: u32): i32 {
  const a = <i32>load<u8>(at) - 48;
  const b = <i32>load<u8>(at + 1) - 48;
  return <u32>a > 9 || <u32>b > 9 ? -1 : a * 10 + b;
}

/**
 * Seconds since 2000 of the entry whose values are in BOUNDS (`columns`: which it has, HAS_*
 * bits): its time of day on its date (on the #Date in force without a date column), NO_TIME
 * when it has none that reads.
 */
export function entrySec(columns: i32): i32 {
  if ((columns & HAS_TIME) == 0) return NO_TIME;
  const tod = timeOfDay();
  const day = columns & HAS_DATE ? dayAt(start(C_DATE), end(C_DATE)) : getS(S_HEADER_DAY);
  return tod >= 0 && day != NO_TIME ? day * 86400 + tod : NO_TIME;
}

/** Seconds of the day of an 'HH:MM:SS[...]' value, else -1. */
function timeOfDay(): i32 {
  const s = start(C_TIME);
  const e = end(C_TIME);
  if (e - s < 8) return -1;
  const key = load<u64>(s);
  if (key == timeKey) return timeValue;
  timeKey = key;
  let t: i32 = -1;
  if (load<u8>(s + 2) == 0x3a && load<u8>(s + 5) == 0x3a) {
    const h = digits2(s);
    const m = digits2(s + 3);
    const sec = digits2(s + 6);
    if (h >= 0 && h <= 23 && m >= 0 && m <= 59 && sec >= 0 && sec <= 60)
      t = h * 3600 + m * 60 + sec;
  }
  timeValue = t;
  return t;
}

/** Days since 2000-01-01 of the 'YYYY-MM-DD' at [s, e) (1966 to 2033), else NO_TIME. */
export function dayAt(s: u32, e: u32): i32 {
  if (e - s != 10) return NO_TIME;
  const key = load<u64>(s);
  const tail = <u32>load<u16>(s + 8);
  if (key == dateKey && tail == dateTail) return dateValue;
  dateKey = key;
  dateTail = tail;
  let day = NO_TIME;
  if (load<u8>(s + 4) == 0x2d && load<u8>(s + 7) == 0x2d) {
    const y1 = digits2(s);
    const y2 = digits2(s + 2);
    const m = digits2(s + 5);
    const d = digits2(s + 8);
    if (y1 >= 0 && y2 >= 0) {
      const y = y1 * 100 + y2;
      if (y >= 1966 && y <= 2033 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
        day = daysFromCivil(y, m) + d - 1;
    }
  }
  dateValue = day;
  return day;
}

/** Days from 2000-01-01 to the first of month `m` of year `y` (proleptic Gregorian). */
function daysFromCivil(y: i32, m: i32): i32 {
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy >= 0 ? yy : yy - 399) / 400;
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = (153 * mp + 2) / 5;
  const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 - 10957;
}
