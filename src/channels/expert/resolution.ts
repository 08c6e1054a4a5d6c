import { stepsFor, type Reply } from '../../dialog/index.js';
import { entryById, type Knowledge } from '../../knowledge/index.js';
import type { TicketRecord } from '../../state/index.js';

/** An expert's resolution as the form sends it. */
export interface Resolution {
  /** A knowledge id, `other`, or empty when nothing was chosen. */
  cause: string;
  other: string;
  note: string;
}

/** A cause an expert can confirm: the ticket's ranked causes first, then every other cause. */
export interface CauseChoice {
  id: string;
  title: string;
}

export const OTHER_CAUSE = 'other';

/** The ticket's ranked causes first, then every other cause of the knowledge by title. */
export const causeChoices = (knowledge: Knowledge, ranked: readonly string[]): CauseChoice[] => {
  const causes = knowledge.entries.filter((e) => e.kind === 'cause');
  const first = ranked
    .map((id) => causes.find((e) => e.id === id))
    .filter((e): e is (typeof causes)[number] => !!e);
  const rest = causes
    .filter((e) => !ranked.includes(e.id))
    .sort((a, b) => a.title.localeCompare(b.title));
  return [...first, ...rest].map((e) => ({ id: e.id, title: e.title }));
};

/** What the asker reads when an expert resolves their ticket: the cause, the note, the steps. */
export const resolutionReply = (ticket: TicketRecord, knowledge: Knowledge): Reply => {
  const r = ticket.resolution;
  const entry = r?.cause ? entryById(knowledge, r.cause) : undefined;
  const cause = entry?.title ?? r?.other ?? 'see the note';
  return {
    id: `expert-${ticket.id}`,
    kind: 'notice',
    headline: `An expert answered your question (ticket ${ticket.id}): ${cause}.`,
    codes: [],
    causes: [],
    steps: entry ? stepsFor(entry, ticket.facts['iis-version'], true) : [],
    notes: [...(r?.note ? [`${r.by.name}: ${r.note}`] : []), ...(entry ? [entry.summary] : [])],
    actions: [],
    redactions: [],
  };
};
