/** Default bound on the characters of one message the reader looks at. */
export const DEFAULT_MAX_CHARS = 1_000_000;

export interface Normalised {
  text: string;
  truncated: boolean;
}

// Block-level tags become line breaks; every other tag just disappears.
const BLOCK_TAGS = new Set([
  'p',
  'br',
  'div',
  'li',
  'ul',
  'ol',
  'tr',
  'table',
  'pre',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'section',
  'article',
]);

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ndash: '-',
  mdash: '-',
  minus: '-',
  lsquo: "'",
  rsquo: "'",
  ldquo: '"',
  rdquo: '"',
  hellip: '...',
  shy: '',
  zwsp: '',
};

// [^<>] keeps every attempt inside one tag, so the scan stays linear on unclosed '<' runs.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]{0,20})(?:[\s/][^<>]{0,2000})?>/g;
const MENTION = /<at\b[^<>]{0,200}>[^<]{0,500}<\/at>/gi;
// Strong signs only: a block tag, a closing tag or an entity (a lone "a<b" stays text).
const LOOKS_HTML =
  /<(?:p|div|br|span|at|pre|code|li|ul|ol|table|tr|td|blockquote|h[1-6])(?:\s[^<>]{0,200})?\/?>|<\/(?:p|div|span|at|pre|code|li|ul|ol|strong|em|b|i|a|u|table|tr|td|th|h[1-6]|blockquote|font)>|&(?:nbsp|amp|lt|gt|quot|#\d{1,7}|#x[0-9a-f]{1,6});/i;
const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi;

function decodeEntity(whole: string, body: string): string {
  if (body.startsWith('#')) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return whole;
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
}

function stripHtml(text: string): string {
  const noMentions = text.replace(MENTION, '');
  const noTags = noMentions.replace(TAG, (_m, _slash: string, name: string) =>
    BLOCK_TAGS.has(name.toLowerCase()) ? '\n' : '',
  );
  return noTags.replace(ENTITY, decodeEntity);
}

// Characters that chat clients and word processors substitute for plain ASCII.
const CHAR_MAP: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00a0': ' ',
  '\u2007': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ',
  '\u3000': ' ',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
  '\u2026': '...',
  '\r\n': '\n',
  '\r': '\n',
  '\u2028': '\n',
  '\u2029': '\n',
};
const SPECIAL =
  /\r\n|[\r\u2010-\u2015\u2212\u2018\u2019\u201a\u201b\u2032\u201c-\u201f\u2033\u00a0\u2007\u2009\u200a\u202f\u3000\u200b-\u200d\u2060\ufeff\u2026\u2028\u2029]/g;

// [text](url) from chat clients that auto-link addresses and numbers: keep the text.
const MD_LINK = /\[([^[\]\n]{1,200})\]\((?:https?|tel|mailto):[^()\s]{1,500}\)/g;

// A line that only opens or closes a Markdown code fence.
const FENCE_LINE = /^[ \t]*(?:`{3,}|~{3,})[\w+-]{0,30}[ \t]*$/gm;

/**
 * Turns a pasted message into plain text: bounded, HTML stripped (Teams), mentions removed,
 * entities decoded, fences dropped, typographic dashes/quotes/spaces made ASCII, LF line ends.
 */
export function normalise(input: string, maxChars: number = DEFAULT_MAX_CHARS): Normalised {
  const limit = Number.isFinite(maxChars) && maxChars >= 0 ? Math.floor(maxChars) : Infinity;
  const raw = typeof input === 'string' ? input : '';
  const truncated = raw.length > limit;
  let text = truncated ? raw.slice(0, limit) : raw;
  if (LOOKS_HTML.test(text)) text = stripHtml(text);
  text = text.replace(SPECIAL, (c) => CHAR_MAP[c] ?? c);
  text = text.replace(FENCE_LINE, '').replace(MD_LINK, '$1');
  return { text, truncated };
}
