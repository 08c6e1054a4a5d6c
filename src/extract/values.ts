/** Most values one log line may have; longer lines are not log lines. */
export const MAX_VALUES = 1000;

/**
 * Splits a W3C log line into values: runs of spaces or tabs separate values; a value that starts
 * with `"` runs to the closing quote (`""` inside is a literal quote). Returns null when the line
 * has more than MAX_VALUES values.
 */
export function splitValues(line: string): string[] | null {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    while (c === 32 || c === 9) c = line.charCodeAt(++i);
    if (i >= n) break;
    if (out.length >= MAX_VALUES) return null;
    if (c === 34) {
      let value = '';
      let start = i + 1;
      let j = start;
      for (; j < n; j++) {
        if (line.charCodeAt(j) !== 34) continue;
        if (line.charCodeAt(j + 1) === 34) {
          value += line.slice(start, j + 1);
          start = j + 2;
          j++;
          continue;
        }
        break;
      }
      value += line.slice(start, j);
      i = j + 1;
      // text glued to the closing quote stays with the value
      let k = i;
      while (k < n && line.charCodeAt(k) !== 32 && line.charCodeAt(k) !== 9) k++;
      if (k > i) value += line.slice(i, k);
      i = k;
      out.push(value);
    } else {
      let j = i;
      while (j < n && line.charCodeAt(j) !== 32 && line.charCodeAt(j) !== 9) j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** '-' and empty values mean "not logged". */
export const orNull = (v: string | undefined): string | null =>
  v === undefined || v === '-' || v === '' ? null : v;
