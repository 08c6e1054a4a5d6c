import { analyse } from '../analysis.js';
import type { Knowledge } from '../knowledge/index.js';
import type { KeptRecord } from '../state/index.js';
import { exportCase, type ExportedCase } from './cases.js';

/** A resolved ticket, with where the engine ranked its confirmed cause then and where it does now. */
export interface ResolvedItem {
  record: KeptRecord;
  /** The case it exports as (null: resolved as "other", nothing to learn from). */
  case: ExportedCase | null;
  /** 1-based place of the confirmed cause among the ranked causes (null: not among them). */
  rankThen: number | null;
  rankNow: number | null;
  topNow: string | null;
}

export interface Review {
  resolved: ResolvedItem[];
  disliked: KeptRecord[];
  liked: number;
  unsure: KeptRecord[];
  /** Resolved with a knowledge id and still not ranked first. */
  wrong: number;
}

const placeOf = (ranked: readonly { id: string }[], id: string | null | undefined) => {
  const i = id ? ranked.findIndex((c) => c.id === id) : -1;
  return i < 0 ? null : i + 1;
};

/** What was kept, sorted for a person to go through, and each confirmed case ranked again. */
export const buildReview = (records: readonly KeptRecord[], knowledge: Knowledge): Review => {
  const resolved = records
    .filter((r) => r.kind === 'resolved')
    .map((record): ResolvedItem => {
      const exported = exportCase(record, knowledge);
      const cause = record.resolution?.cause;
      const now = exported ? analyse(exported.message, knowledge).causes : [];
      return {
        record,
        case: exported,
        rankThen: placeOf(record.ranking, cause),
        rankNow: exported ? placeOf(now, cause) : null,
        topNow: now[0]?.id ?? null,
      };
    });
  const feedback = records.filter((r) => r.kind === 'feedback');
  return {
    resolved,
    disliked: feedback.filter((r) => r.feedback?.reaction === 'dislike'),
    liked: feedback.filter((r) => r.feedback?.reaction === 'like').length,
    unsure: records.filter((r) => r.kind === 'unsure'),
    wrong: resolved.filter((r) => r.case && r.rankNow !== 1).length,
  };
};

const day = (at: number): string => new Date(at).toISOString().slice(0, 16).replace('T', ' ');

const oneLine = (text: string, max = 80): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
};

const place = (n: number | null): string => (n === null ? 'not ranked' : `#${n}`);

const top = (r: KeptRecord): string =>
  r.ranking[0] ? `${r.ranking[0].id} ${r.ranking[0].score.toFixed(2)}` : 'no cause';

/** The review as a person reads it in a terminal. */
export const renderReview = (review: Review, options: { retentionDays: number }): string => {
  const out: string[] = [];
  const { resolved, disliked, unsure } = review;
  out.push(
    `Kept (retention ${options.retentionDays} days): ${resolved.length} resolved ticket${resolved.length === 1 ? '' : 's'}, ${disliked.length} answer${disliked.length === 1 ? '' : 's'} marked unhelpful (${review.liked} helpful), ${unsure.length} question${unsure.length === 1 ? '' : 's'} the bot was unsure of`,
  );
  if (resolved.length) {
    out.push('', 'Resolved tickets: the confirmed cause, where the bot ranked it then and now');
    for (const r of resolved) {
      const res = r.record.resolution!;
      const cause = res.cause ?? `other: ${oneLine(res.other ?? '', 60)}`;
      const ranks = r.case
        ? `then ${place(r.rankThen)}, now ${place(r.rankNow)}${r.rankNow === 1 ? '' : ` (top now: ${r.topNow ?? 'none'})  STILL WRONG`}`
        : 'not exported (no knowledge id)';
      out.push(`  ${res.ticket}  ${day(r.record.at)}  ${cause}  ${ranks}`);
      out.push(
        `      ${oneLine(r.record.text)}${res.note ? `  note: ${oneLine(res.note, 60)}` : ''}`,
      );
    }
    const scored = resolved.filter((r) => r.case).length;
    out.push(`  Still ranked wrong: ${review.wrong} of ${scored}`);
  }
  if (disliked.length) {
    out.push('', 'Answers marked unhelpful');
    for (const r of disliked) {
      const comment = r.feedback?.comment ? `  comment: ${oneLine(r.feedback.comment, 60)}` : '';
      out.push(`  ${day(r.at)}  ${r.channelId}  top: ${top(r)}  ${oneLine(r.text)}${comment}`);
    }
  }
  if (unsure.length) {
    out.push('', 'Questions the bot was unsure of');
    for (const r of unsure) {
      out.push(
        `  ${day(r.at)}  ${r.channelId}  ${r.unsure?.reason ?? ''}  top: ${top(r)}  ${oneLine(r.text)}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
};
