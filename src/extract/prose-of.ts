import type { Findings } from './types.js';

/** The prose of a message: its text without the log lines and #directives (user agents are not symptoms). */
export const proseOf = (f: Findings): string => {
  if (!f.entries.length) return f.text;
  const logLines = new Set(f.entries.map((e) => e.line));
  return f.text
    .split('\n')
    .filter((line, i) => !logLines.has(i + 1) && !/^#\w/.test(line))
    .join('\n');
};
