import {
  CUTOFFS,
  findOwnNames,
  firstRankInput,
  isChallengeLeg,
  MAX_TURN_CHARS,
  onlyChallengeLegs,
  rankInputOf,
  rankQuestions,
} from '../dialog/index.js';
import type { DialogState } from '../dialog/types.js';
import { readMessage } from '../extract/index.js';
import type { CodeTriple, Findings, FoundCode, Signal } from '../extract/types.js';
import { entryById, type Knowledge } from '../knowledge/index.js';
import {
  formatCode,
  getMatcher,
  rankCauses,
  type Diagnosis,
  type RankInput,
} from '../match/index.js';
import { confidenceWord, percent } from '../render/index.js';
import { collectItems } from './collect.js';
import { contextFacts, noteCodes, noteLogs } from './findings.js';
import type { NoteCause, NoteCode, NoteQuestion, TriageNote } from './types.js';

/** Causes listed in a note. */
const MAX_CAUSES = 5;
/** Causes below this share are not listed (the top one always is). */
const MIN_CAUSE_SCORE = 0.03;
/** Questions listed in a note at most. */
export const MAX_QUESTIONS = 8;

const isError = (c: CodeTriple): boolean => c.status !== null && c.status >= 400;
const isSuccess = (c: CodeTriple): boolean =>
  c.status !== null && c.status >= 200 && c.status < 400;

/** A leg of the normal challenge (dialog's rule), or a 401.2 or 401.1 whose win32 value is unsaid. */
const isLeg = (c: CodeTriple): boolean =>
  isChallengeLeg(c) || (c.status === 401 && c.win32 === null && [1, 2].includes(c.substatus ?? 0));

const URL_PARTS = /\bhttps?:\/\/([a-z0-9][a-z0-9.-]{0,99})(?::\d{1,5})?(\/[^\s?#"'<>]{0,300})?/i;

/** The folder of the first failing request (log, else a URL in the text) as a config path ("/reportserver"). */
const pathOf = (f: Findings): string | null => {
  const uri =
    f.entries.find((e) => e.status === 401 && e.uriStem)?.uriStem ?? URL_PARTS.exec(f.text)?.[2];
  if (!uri?.startsWith('/')) return null;
  const parts = uri.split('/').filter(Boolean);
  if (parts.length && parts.at(-1)?.includes('.')) parts.pop();
  return parts.length ? `/${parts.join('/')}` : null;
};

const noteCauses = (knowledge: Knowledge, d: Diagnosis): NoteCause[] =>
  d.ranked
    .filter((r, i) => i === 0 || r.score >= MIN_CAUSE_SCORE)
    .slice(0, MAX_CAUSES)
    .map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      score: r.score,
      confidence: confidenceWord(r.score),
      // the ranking speaks to a chat user; a note speaks about the ticket
      why: r.why.map((w) => w.replace(/^your description matches /, 'the ticket reads like ')),
      summary: entryById(knowledge, r.id)?.summary ?? '',
    }));

const noteQuestions = (knowledge: Knowledge, d: Diagnosis, normal: boolean): NoteQuestion[] => {
  // a ticket that shows the whole challenge already answers whether a success follows the 401
  const skip = new Set([...Object.keys(d.known), ...(normal ? ['handshake-completes'] : [])]);
  return rankQuestions(getMatcher(knowledge), d.ranked, skip)
    .slice(0, MAX_QUESTIONS)
    .map((q) => ({
      fact: q.fact.id,
      text: q.fact.customer,
      how: q.fact.how ?? null,
      answers: q.fact.answers.map((a) => a.label),
      gain: Math.round(q.gain * 1000) / 1000,
    }));
};

const chainText = (codes: readonly NoteCode[]): string =>
  codes
    .filter((c) => c.status !== null)
    .map((c) => formatCode(c))
    .join(' → ');

const verdictOf = (normal: boolean, d: Diagnosis, codes: NoteCode[], completed: number): string => {
  const [top, second] = d.ranked;
  const errors = codes.filter(isError);
  const failing = errors.find((c) => !isLeg(c)) ?? errors[0];
  const meaning = failing?.meaning.includes(':') ? failing.meaning.split(':')[0] : undefined;
  const head = failing
    ? `${failing.label}${meaning ? ` - ${meaning}` : ''}.`
    : 'No IIS status code in the ticket.';
  if (normal) {
    const seen =
      completed > 0
        ? `The log shows ${completed === 1 ? 'a completed logon' : `${completed} completed logons`}`
        : `The ticket describes ${chainText(codes)}`;
    return `${seen}: the normal Windows authentication challenge, not a fault.`;
  }
  if (!top) return `${head} Nothing matches a known cause; collect the data below.`;
  if (top.kind === 'howto' && top.score >= 0.3) return `The ticket asks: ${top.title}.`;
  const lead = `${top.title} (${percent(top.score)})`;
  const also = second && second.score >= 0.15 ? `${second.title} (${percent(second.score)})` : '';
  if (d.handshake === 'normal-and-failures') {
    return `Part of this is the normal logon challenge; the real failure is ${failing?.label ?? 'elsewhere'}. Most likely: ${lead}.`;
  }
  if (onlyChallengeLegs(errors, isLeg) && d.known['users-see-error'] !== 'yes') {
    return `${errors.map((c) => c.label).join(', then ')} on ${errors.length > 1 ? 'their' : 'its'} own is IIS asking the client to log on; what matters is the client's next request. Leading cause: ${lead}.`;
  }
  if (top.score >= CUTOFFS.resolveAt) return `${head} ${lead}.`;
  if (top.score >= CUTOFFS.likelyAt)
    return `${head} Most likely: ${lead}${also ? `; also possible: ${also}` : ''}.`;
  return `${head} Several causes fit - leading: ${lead}${also ? `, then ${also}` : ''}; the questions below tell them apart.`;
};

/** True when the codes and sequences show only the normal challenge. */
const isNormal = (f: Findings, d: Diagnosis): boolean => {
  if (d.handshake === 'normal-only') return true;
  if (d.handshake === 'normal-and-failures') return false;
  if (f.sequences.some((s) => s.kind === 'handshake-failed' || s.kind === 'repeated-failure'))
    return false;
  // a handshake told in words: 401.2, (401.1,) then a success, with no other failure
  return (
    onlyChallengeLegs(f.codes.filter(isError), isLeg) &&
    (f.codes.some(isSuccess) || d.known['handshake-completes'] === 'yes')
  );
};

/** The note from what the reader found and the ranking's input (answers from a chat included). */
const composeNote = (knowledge: Knowledge, f: Findings, input: RankInput): TriageNote => {
  const matcher = getMatcher(knowledge);
  const d = rankCauses(matcher, input);
  const codes = noteCodes(f.codes, knowledge.reference);
  const logs = noteLogs(f.entries, f.skipped.length, f.sequences);
  const normal = isNormal(f, d);
  const causes = noteCauses(knowledge, d);
  const version = d.known['iis-version'];
  const collect = collectItems(knowledge, {
    causes,
    version,
    failing401: f.codes.some((c) => c.status === 401),
    substatusUnknown:
      !f.codes.some((c) => c.status !== null) ||
      f.codes.some((c) => c.status === 401 && c.substatus === null),
    hasHeaderedLogs: logs?.withHeader ?? false,
    host: findOwnNames(undefined, f.text, f).host ?? null,
    path: pathOf(f),
    normal,
  });
  return {
    verdict: verdictOf(normal, d, codes, logs?.completedHandshakes ?? 0),
    normal,
    facts: {
      codes,
      ...contextFacts(f.signals, input.answered, matcher.facts),
      logs,
    },
    causes,
    questions: noteQuestions(knowledge, d, normal),
    collect,
    redactions: f.redactions,
    truncated: f.truncated,
  };
};

/**
 * A triage note for one ticket (an email thread, a ticket body with pasted logs): pure and
 * deterministic; the reader and the ranking are the same the bot uses, so the note agrees with
 * `analyse()` on the same text.
 */
export const buildTriageNote = (text: string, knowledge: Knowledge): TriageNote => {
  const input = typeof text === 'string' ? text : '';
  const f = readMessage(input.slice(0, MAX_TURN_CHARS), knowledge.reference);
  if (input.length > MAX_TURN_CHARS) f.truncated = true;
  return composeNote(knowledge, f, firstRankInput(f));
};

/** The note from findings the caller already has (the reader's output for the same text). */
export const buildTriageNoteFrom = (f: Findings, knowledge: Knowledge): TriageNote =>
  composeNote(knowledge, f, firstRankInput(f));

const EARLIER = 'earlier in this conversation';

/**
 * The note for a conversation so far: the codes, log sequences and facts the dialogue kept, plus
 * the answers given in chat (which are then not asked again). Log lines themselves are not kept
 * in conversation state, so the note has their codes and handshake kinds but not each line.
 */
export const buildConversationNote = (state: DialogState, knowledge: Knowledge): TriageNote => {
  const codes: FoundCode[] = state.codes.map((c) => ({ ...c, source: 'prose', evidence: EARLIER }));
  const signals: Signal[] = Object.entries(state.observed).map(([fact, value]) => ({
    fact,
    value,
    evidence: EARLIER,
  }));
  const f: Findings = {
    text: state.context,
    codes,
    entries: [],
    skipped: [],
    sequences: state.sequences.map((kind) => ({
      kind,
      client: null,
      uri: null,
      userAgent: null,
      entries: [],
      user: null,
    })),
    signals,
    redactions: [],
    truncated: false,
  };
  return composeNote(knowledge, f, rankInputOf(state));
};
