/** Longest message text we clean; the reader bounds further (and says when it cut). */
export const MAX_TEXT_CHARS = 200_000;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  '#39': "'",
};

const decodeEntity = (match: string, name: string): string => {
  const lower = name.toLowerCase();
  if (lower in NAMED) return NAMED[lower]!;
  const code = lower.startsWith('#x')
    ? parseInt(lower.slice(2), 16)
    : lower.startsWith('#')
      ? parseInt(lower.slice(1), 10)
      : NaN;
  return Number.isInteger(code) &&
    code > 0 &&
    code <= 0x10ffff &&
    !(code >= 0xd800 && code <= 0xdfff)
    ? String.fromCodePoint(code)
    : match;
};

/** True when the text carries markup (Teams sends HTML for formatted messages). */
export const looksLikeHtml = (text: string): boolean =>
  /<\/?(?:at|p|div|br|span|pre|code|b|i|em|strong|ul|ol|li|a|img|blockquote|h[1-6])\b[^<>]{0,500}>/i.test(
    text,
  );

/**
 * Teams message text -> plain text: leftover <at>mentions</at> removed, block tags become line
 * breaks, other tags dropped, entities decoded. Every pattern is linear (no nested quantifiers;
 * bounded repeats where a match could restart).
 */
export const cleanTeamsText = (raw: string): string => {
  let s = raw.slice(0, MAX_TEXT_CHARS);
  s = s.replace(/<at\b[^<>]{0,200}>[^<]{0,200}<\/at>/gi, ' ');
  if (looksLikeHtml(s)) {
    s = s.replace(/<br\s{0,5}\/?>/gi, '\n');
    s = s.replace(/<\/(?:p|div|li|pre|tr|h[1-6]|blockquote)>/gi, '\n');
    s = s.replace(/<[^<>]*>/g, '');
  }
  s = s.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8}|#39);/gi, decodeEntity);
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
};
