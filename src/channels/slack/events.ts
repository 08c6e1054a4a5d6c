/** Slack event payloads -> the few fields the adapter uses, read defensively (no trust in shapes). */

export interface SlackFile {
  id: string;
  name: string;
  size: number | null;
  mimetype: string | null;
  filetype: string | null;
  mode: string | null;
  url: string | null;
}

export interface Incoming {
  /** 'app_mention' or 'message'. */
  type: string;
  subtype: string | null;
  team: string;
  channel: string;
  channelType: string | null;
  user: string | null;
  botId: string | null;
  /** Raw Slack text (mentions and escapes still in). */
  text: string;
  ts: string;
  threadTs: string | null;
  files: SlackFile[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string): string | null => (typeof o[k] === 'string' ? o[k] : null);

/** At most this many files per message are read (Slack allows 10 per upload). */
export const MAX_FILES = 3;

const toFile = (f: unknown): SlackFile[] => {
  if (!isObj(f) || !str(f, 'id')) return [];
  return [
    {
      id: str(f, 'id') ?? '',
      name: (str(f, 'name') ?? str(f, 'title') ?? 'file').slice(0, 200),
      size: typeof f.size === 'number' && Number.isFinite(f.size) ? f.size : null,
      mimetype: str(f, 'mimetype'),
      filetype: str(f, 'filetype'),
      mode: str(f, 'mode'),
      url: str(f, 'url_private_download') ?? str(f, 'url_private'),
    },
  ];
};

/** Reads an Events API `event` (with the envelope's team as a fallback); null when unusable. */
export const readIncoming = (event: unknown, envelopeTeam: unknown): Incoming | null => {
  if (!isObj(event)) return null;
  const channel = str(event, 'channel');
  const ts = str(event, 'ts');
  const team = str(event, 'team') ?? (typeof envelopeTeam === 'string' ? envelopeTeam : null);
  if (!channel || !ts || !team) return null;
  return {
    type: str(event, 'type') ?? '',
    subtype: str(event, 'subtype'),
    team,
    channel,
    channelType: str(event, 'channel_type'),
    user: str(event, 'user'),
    botId: str(event, 'bot_id'),
    text: str(event, 'text') ?? '',
    ts,
    threadTs: str(event, 'thread_ts'),
    files: (Array.isArray(event.files) ? event.files : []).flatMap(toFile).slice(0, MAX_FILES),
  };
};

/** Direct-message channel ids start with D; a DM's channel_type is 'im'. */
export const isDirect = (channel: string, channelType: string | null): boolean =>
  channelType === 'im' || channel.startsWith('D');

/** Where a conversation lives and where its replies go. */
export interface Place {
  team: string;
  channel: string;
  /** Thread to answer in; null = the top level of a direct message. */
  threadTs: string | null;
  isDirect: boolean;
}

/** Channels: always a thread (the mention's own ts starts one). DMs: the top level unless already in a thread. */
export const placeOf = (m: Incoming): Place => {
  const direct = isDirect(m.channel, m.channelType);
  return {
    team: m.team,
    channel: m.channel,
    threadTs: m.threadTs ?? (direct ? null : m.ts),
    isDirect: direct,
  };
};

/** Where a clicked message's conversation lives: its thread, or in a channel the thread it starts. */
export const placeOfClick = (
  team: string,
  channel: string,
  message: { ts?: string; thread_ts?: unknown } | undefined,
): Place => {
  const direct = isDirect(channel, null);
  const threadTs =
    typeof message?.thread_ts === 'string'
      ? message.thread_ts
      : direct
        ? null
        : (message?.ts ?? null);
  return { team, channel, threadTs, isDirect: direct };
};
