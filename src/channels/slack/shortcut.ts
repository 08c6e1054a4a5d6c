import type { App, BlockAction, ButtonAction, MessageShortcut } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { SlackBlock, SlackMessage } from '../../render/index.js';
import type { StateStore } from '../../state/index.js';
import { renderNoteBlocks } from '../../triage/index.js';
import { noteUnavailable, type KnowledgeStatus } from '../bot-seam.js';
import { normaliseSlackText } from './text.js';

/** manifest/slack-app.yaml features.shortcuts[].callback_id */
export const SHORTCUT_CALLBACK_ID = 'iis_triage_note';
/** The "Post in thread" button under the private note (outside the engine's `iis-triage:` ids). */
export const POST_NOTE_ACTION_ID = 'iis-triage-note:post';
/** A prepared note waits this long for its "Post in thread" click. */
export const NOTE_TTL_MS = 24 * 60 * 60 * 1000;

export interface ShortcutDeps {
  knowledge: () => KnowledgeStatus;
  store: StateStore;
  logger: Logger;
  now: () => number;
}

/** What waits in the store between the shortcut and the click: the rendered note, no raw text. */
const PendingNote = z.object({
  channel: z.string(),
  threadTs: z.string(),
  message: z.object({ text: z.string(), blocks: z.array(z.unknown()) }),
  createdAt: z.number(),
});

const SAFE = /^[A-Za-z0-9._-]{1,40}$/;
/** One prepared note per person, message and channel. */
const noteKey = (team: string, channel: string, ts: string, user: string): string | null =>
  [team, channel, ts, user].every((p) => SAFE.test(p))
    ? `notes/slack/${team}/${channel}/${ts}/${user}`
    : null;

/** Channels the bot cannot post in until someone invites it. */
const NOT_A_MEMBER = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const slackError = (e: unknown): string | null => {
  const data = (e as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : null;
};

const postButton = (key: string): SlackBlock => ({
  type: 'actions',
  block_id: 'iis-triage-note',
  elements: [
    {
      type: 'button',
      action_id: POST_NOTE_ACTION_ID,
      text: { type: 'plain_text', text: 'Post in thread', emoji: true },
      style: 'primary',
      value: key,
    },
  ],
});

/**
 * The "Triage with iis-triage" message shortcut: the note for the message, shown only to the
 * person who ran it (ephemeral, through the shortcut's response_url), with a button that posts it
 * in the message's thread.
 */
export const registerTriageShortcut = (app: App, deps: ShortcutDeps): void => {
  const { logger, store } = deps;

  app.shortcut<MessageShortcut>(
    { callback_id: SHORTCUT_CALLBACK_ID, type: 'message_action' },
    async ({ shortcut, ack, respond }) => {
      await ack(); // within Slack's 3 s, before any work
      const started = deps.now();
      const status = deps.knowledge();
      if (status.state !== 'ready') {
        await respond({ response_type: 'ephemeral', text: noteUnavailable(status) });
        return;
      }
      const { text, truncated } = normaliseSlackText(
        typeof shortcut.message.text === 'string' ? shortcut.message.text : '',
      );
      if (!text) {
        await respond({
          response_type: 'ephemeral',
          text: 'That message has no text I can read. Paste the error or the log lines as text and try again.',
        });
        return;
      }
      const note = await status.engine.run('note', text);
      if (truncated) note.truncated = true;
      const team = shortcut.team?.id ?? shortcut.user.team_id ?? 'unknown';
      const threadTs =
        typeof shortcut.message.thread_ts === 'string'
          ? shortcut.message.thread_ts
          : shortcut.message.ts;
      const key = noteKey(team, shortcut.channel.id, shortcut.message.ts, shortcut.user.id);
      const extra = key ? [postButton(key)] : [];
      const shown = renderNoteBlocks(note, {
        caption: 'Triage note: only you can see this until you post it.',
        extra,
      });
      // What is posted is what was previewed, trimmed at the same level: the preview without its
      // caption and button (rendered alone, the note could keep detail the preview had to drop).
      const posted: SlackMessage = {
        text: shown.text,
        blocks: shown.blocks.slice(1, shown.blocks.length - extra.length),
      };
      if (key) {
        await store.write(key, {
          channel: shortcut.channel.id,
          threadTs,
          message: posted,
          createdAt: deps.now(),
        });
      }
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: shown.text,
        blocks: shown.blocks,
      });
      logger.info(
        {
          via: 'shortcut',
          input: { chars: text.length },
          causes: note.causes.map((c) => c.id),
          ms: deps.now() - started,
        },
        'triage note shown',
      );
    },
  );

  app.action<BlockAction<ButtonAction>>(
    { type: 'block_actions', action_id: POST_NOTE_ACTION_ID },
    async ({ ack, action, respond, client, body }) => {
      await ack();
      const key = action.value ?? '';
      const item = key.startsWith('notes/slack/') ? await store.read(key) : undefined;
      const pending = PendingNote.safeParse(item?.value);
      if (!pending.success || deps.now() - pending.data.createdAt > NOTE_TTL_MS) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'This note is no longer available. Run "Triage with iis-triage" on the message again.',
        });
        return;
      }
      const { channel, threadTs, message } = pending.data;
      try {
        await client.chat.postMessage({
          channel,
          thread_ts: threadTs,
          text: message.text,
          blocks: message.blocks as SlackBlock[],
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (e) {
        const code = slackError(e);
        if (!code || !NOT_A_MEMBER.has(code)) throw e;
        logger.warn({ error: code, channel }, 'triage note not posted');
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'I cannot post in this channel yet: invite me first (`/invite @iis-triage`), then press the button again.',
        });
        return;
      }
      await store.delete(key);
      await respond({
        response_type: 'ephemeral',
        replace_original: true,
        text: `Posted the triage note in the thread, <@${body.user.id}>.`,
      });
      logger.info({ via: 'shortcut-post', channel }, 'triage note posted');
    },
  );
};
