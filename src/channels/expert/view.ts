import { entryById, type Knowledge } from '../../knowledge/index.js';
import type { TicketEvent, TicketRecord } from '../../state/index.js';

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

/** The ticket's course after its opening, one line each. */
export const eventLines = (t: TicketRecord): string[] =>
  t.events
    .filter((e) => e.kind !== 'opened')
    .map(
      (e) =>
        `${when(e.at).slice(11)}: ${e.by} ${EVENT_WORDS[e.kind]}${e.text ? `: "${e.text}"` : ''}`,
    );

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
