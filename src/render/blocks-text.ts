/** Text helpers for Slack mrkdwn: escaping, the Markdown subset we convert, and safe cutting. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Slack treats &, < and > as control characters in message text. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/[&<>]/g, (c) => ESCAPES[c] ?? c);

// Linear: each pattern is a fixed delimiter, a negated class with a bound, a fixed delimiter.
const BOLD = /\*\*([^*\n]{1,500})\*\*/g;
const LINK = /\[([^[\]\n]{1,300})\]\((https?:\/\/[^\s()<>]{1,1000})\)/g;

/** Reply strings are Markdown-ish: escape them and convert **bold** and [label](url) to mrkdwn. */
export const toMrkdwn = (markdown: string): string =>
  escapeMrkdwn(markdown)
    .replace(BOLD, '*$1*')
    .replace(LINK, (_m, label: string, url: string) => `<${url}|${label.replace(/\|/g, '/')}>`);

/** Plain text for header and button labels: Markdown emphasis markers removed, never escaped. */
export const toPlain = (markdown: string): string =>
  markdown.replace(BOLD, '$1').replace(/\s+/g, ' ').trim();

/** Cut to at most `max` characters with an ellipsis, never inside an entity, a link or a surrogate pair. */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const lt = cut.lastIndexOf('<');
  if (lt > cut.lastIndexOf('>')) cut = cut.slice(0, lt);
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && amp > cut.lastIndexOf(';') && cut.length - amp < 6) cut = cut.slice(0, amp);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
};

/** Split at line ends into chunks of at most `max` characters; a single longer line is cut. */
export const splitLines = (text: string, max: number): string[] => {
  const chunks: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = truncate(raw, max);
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) chunks.push(current);
  return chunks;
};
