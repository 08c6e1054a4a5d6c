/**
 * Every match of a global regex, by exec (String#matchAll clones the regex on each call, which
 * costs more than the scan on short texts). Not re-entrant for one regex object.
 */
export function* matches(re: RegExp, text: string): Generator<RegExpExecArray> {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) re.lastIndex++;
    yield m;
  }
  re.lastIndex = 0;
}
