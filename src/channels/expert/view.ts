import { entryById, type Knowledge } from '../../knowledge/index.js';
import { clip } from '../../render/index.js';
import type { TicketEvent, TicketRecord } from '../../state/index.js';
import { MAX_NOTE } from './desk.js';

/** A time as people in several time zones read it: 2024-05-02 08:15 UTC. */
export const when = (at: number): string =>
  `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const statusText = (t: TicketRecord): string =>
  t.status === 'resolved'
    ? `Resolved by ${t.resolution?.by.name ?? t.assignee?.name ?? 'an expert'}`
    : t.status === 'assigned'
      ? `Assigned to ${t.assignee?.name ?? 'an expert'}`
      : 'Open: nobody has taken it yet';

const EVENT_WORDS: Record<TicketEvent['kind'], string> = {
  opened: 'asked for an expert',
  assigned: 'took it',
  asked: 'asked the user',
  answered: 'answered',
  resolved: 'resolved it',
};

/** The ticket's course after its opening as Markdown, a line each ('' while nothing happened). */
export const ticketCourse = (t: TicketRecord): string => {
  const lines = t.events
    .filter((e) => e.kind !== 'opened')
    .map(
      (e) =>
        `- ${clip(`${when(e.at).slice(11)}: ${e.by} ${EVENT_WORDS[e.kind]}${e.text ? `: "${e.text}"` : ''}`, 600)}`,
    );
  return lines.length ? `### So far\n${lines.join('\n')}` : '';
};

/** The confirmed cause as a title with its id, or the expert's own words. */
export const confirmedCause = (t: TicketRecord, knowledge: Knowledge | undefined): string => {
  const r = t.resolution;
  if (!r) return '';
  if (r.cause === null) return `Other: ${r.other ?? ''}`;
  const entry = knowledge ? entryById(knowledge, r.cause) : undefined;
  return entry ? `${entry.title} (${r.cause})` : r.cause;
};

/** Where the asker asked, in words. */
export const placeText = (t: TicketRecord): string =>
  t.conversation.channelId === 'slack'
    ? 'Slack'
    : t.conversation.channelId === 'msteams'
      ? 'Teams'
      : t.conversation.channelId;

/**
 * What both channels show above a ticket's triage note, as Markdown: its status, who asked where
 * and when, once resolved the confirmed cause with the expert's note (the outcome first: a
 * resolved ticket is read for its answer), and the asker's words.
 */
export const ticketMarkdown = (t: TicketRecord, knowledge: Knowledge | undefined): string => {
  const r = t.resolution;
  const words = t.text.trim() || '(only log lines or codes: see the note below)';
  return [
    `**${statusText(t)}**: asked by ${t.asker.name} in ${placeText(t)}, ${when(t.createdAt)}.`,
    ...(r
      ? [
          `**Confirmed cause:** ${confirmedCause(t, knowledge)}${r.note ? `\n${clip(r.note, MAX_NOTE)}` : ''}\n_${r.by.name}, ${when(r.at)}_`,
        ]
      : []),
    `### Their words\n${clip(words, 1500)}`,
  ].join('\n\n');
};
