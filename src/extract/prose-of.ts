import type { Findings } from './types.js';

/**
 * The prose of a message: its text without the log lines and #directives (user agents are not
 * symptoms), and without the negated words a fact was read from ("no proxy" said the fact; the
 * word "proxy" must not then speak for the proxy causes).
 */
export const proseOf = (f: Findings): string => {
  const logLines = new Set(f.entries.map((e) => e.line));
  let prose = f.entries.length
    ? f.text
        .split('\n')
        .filter((line, i) => !logLines.has(i + 1) && !/^#\w/.test(line))
        .join('\n')
    : f.text;
  for (const words of f.signals.flatMap((s) => s.negated ?? [])) {
    prose = prose.replaceAll(words, ' '.repeat(words.length));
  }
  return prose;
};
