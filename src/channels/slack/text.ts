/** Slack message text -> the plain text the engine reads. */

/** Slack itself caps a message at 40,000 characters; anything longer is not from Slack. */
export const MAX_TEXT_CHARS = 40_000;

// Linear: the first class excludes '|', so the optional label group cannot overlap it.
const TOKEN = /<([^<>|]*)(?:\|([^<>]*))?>/g;

const token = (_m: string, target: string, label: string | undefined): string => {
  if (target.startsWith('@')) return ''; // user mentions: the bot's own and anyone else's
  if (target.startsWith('#')) return `#${label ?? 'channel'}`;
  if (target.startsWith('!')) return label ?? ''; // @here, @channel, dates
  return label ?? target; // a link: what the person typed
};

/**
 * Strips mentions, turns `<url|label>` into what was typed and undoes Slack's three escapes.
 * `truncated` is true when the text was longer than Slack allows and only its start was kept.
 */
export const normaliseSlackText = (raw: string): { text: string; truncated: boolean } => {
  const truncated = raw.length > MAX_TEXT_CHARS;
  const text = (truncated ? raw.slice(0, MAX_TEXT_CHARS) : raw)
    .replace(TOKEN, token)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
  return { text, truncated };
};

/** True when the text mentions this user id (the bot), e.g. `<@U012AB3CD>` or `<@U012AB3CD|bot>`. */
export const mentions = (raw: string, userId: string): boolean =>
  raw.includes(`<@${userId}>`) || raw.includes(`<@${userId}|`);
