import { readMessage, parseWin32Token } from '../extract/index.js';
import type { CodeTriple, Findings } from '../extract/types.js';
import { entryById, findStatusCode, findWin32 } from '../knowledge/index.js';
import type { Entry, Knowledge } from '../knowledge/schema.js';
import { getMatcher, rankCauses, type Diagnosis, type Matcher } from '../match/index.js';
import { parseAnswer } from './answers.js';
import {
  causeViews,
  emptyReply,
  explainCode,
  hashId,
  isChallengeLeg,
  questionView,
  stepsFor,
} from './build.js';
import { parseCommand } from './commands.js';
import { CUTOFFS } from './cutoffs.js';
import { chooseQuestion } from './questions.js';
import { absorb, initialState, rankInputOf } from './state.js';
import type { Action, Choice, DialogState, Reply, TurnResult } from './types.js';

/** Longest user message a turn reads (the reader bounds further). */
export const MAX_TURN_CHARS = 200_000;

const ACTION_TYPES = new Set(['answer', 'pick', 'none-of-these', 'reset', 'feedback']);

/** A button value or typed text -> the input of a turn. Unknown shapes become text. */
export const parseInput = (value: unknown): string | Action => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const a = (typeof v.action === 'object' && v.action !== null ? v.action : v) as Record<
      string,
      unknown
    >;
    const type = a.type;
    if (typeof type === 'string' && ACTION_TYPES.has(type)) {
      if (type === 'answer' && typeof a.fact === 'string' && typeof a.value === 'string') {
        return { type, fact: a.fact.slice(0, 80), value: a.value.slice(0, 80) };
      }
      if (type === 'pick' && typeof a.cause === 'string')
        return { type, cause: a.cause.slice(0, 80) };
      if (type === 'none-of-these' || type === 'reset') return { type };
      if (type === 'feedback' && typeof a.answerId === 'string' && typeof a.helpful === 'boolean') {
        return { type, answerId: a.answerId.slice(0, 80), helpful: a.helpful };
      }
    }
    if (typeof v.text === 'string') return v.text;
  }
  return '';
};

const version = (s: DialogState): string | undefined =>
  s.known['iis-version'] ?? s.observed['iis-version'];

const pct = (p: number): string => `${Math.round(p * 100)}%`;

const isFailing = (c: CodeTriple, benign: boolean): boolean =>
  c.status !== null && c.status >= 400 && !benign;

const findingNotes = (f: Findings | undefined): string[] => {
  if (!f) return [];
  const notes: string[] = [];
  if (f.truncated) notes.push('Your message was very long; I read its beginning only.');
  const defaults = f.entries.filter((e) => e.note?.startsWith('no #Fields line: read with')).length;
  const repaired = f.entries.filter(
    (e) => e.note && !e.note.startsWith('no #Fields line: read with'),
  ).length;
  if (defaults) {
    notes.push(
      `${defaults} log line${defaults > 1 ? 's' : ''} had no #Fields header; I read ${defaults > 1 ? 'them' : 'it'} as the IIS default layout of that width. Paste the #Fields line too if the columns were customised.`,
    );
  }
  if (repaired) {
    notes.push(
      `${repaired} log line${repaired > 1 ? 's' : ''} did not match ${repaired > 1 ? 'their' : 'its'} #Fields header (pasting often drops or changes values); I read the status, substatus and win32 columns by their position.`,
    );
  }
  if (f.skipped.length) {
    const first = f.skipped[0];
    notes.push(
      `${f.skipped.length} line${f.skipped.length > 1 ? 's' : ''} looked like log lines but could not be read${first ? ` (line ${first.line}: ${first.reason})` : ''}.`,
    );
  }
  if (f.redactions.length) {
    const n = f.redactions.reduce((s, r) => s + r.count, 0);
    notes.push(
      `I removed ${n} secret${n > 1 ? 's' : ''} (${f.redactions.map((r) => r.kind).join(', ')}) from what I keep and show.`,
    );
  }
  return notes;
};

const HANDSHAKE_NOTE =
  'Windows authentication always starts with a 401: the browser first asks anonymously (401.2), then answers the challenge (NTLM needs a second 401.1 leg), then gets 200 or 304 with the user name in the log. Those 401s are expected.';

interface Context {
  knowledge: Knowledge;
  matcher: Matcher;
  findings?: Findings;
}

const diagnosisOf = (ctx: Context, state: DialogState): Diagnosis =>
  rankCauses(ctx.matcher, rankInputOf(state));

const finish = (state: DialogState, reply: Reply, d?: Diagnosis, f?: Findings): TurnResult => {
  const id = hashId(
    `${state.turns}|${reply.kind}|${reply.headline}|${state.context.length}|${JSON.stringify(state.known)}`,
  );
  const withId = { ...reply, id, redactions: f?.redactions ?? reply.redactions };
  return {
    reply: withId,
    state: { ...state, lastReplyId: id, pending: reply.question?.fact ?? null },
    ...(d ? { diagnosis: d } : {}),
    ...(f ? { findings: f } : {}),
  };
};

/** Ranks what is known and answers: verdict, causes, steps, and the next question. */
const diagnose = (ctx: Context, state: DialogState): TurnResult => {
  const { knowledge, matcher, findings } = ctx;
  const d = diagnosisOf(ctx, state);
  const [top, second] = d.ranked;
  const v = version(state);
  const codes = state.codes.slice(0, 8).map((c) => explainCode(knowledge.reference, c));
  const errors = codes.filter((c) => c.code.status !== null && c.code.status >= 400);
  // the code to lead with: a real failure before any leg of the normal challenge
  const failing =
    codes.find((c) => isFailing(c.code, c.benign ?? false) && !isChallengeLeg(c.code)) ??
    codes.find((c) => isFailing(c.code, c.benign ?? false));
  const notes = findingNotes(findings);
  const skip = new Set([
    ...state.asked,
    ...Object.keys(state.known),
    ...Object.keys(state.observed),
  ]);
  const q = top && top.score < CUTOFFS.resolveAt ? chooseQuestion(matcher, d.ranked, skip) : null;
  const topEntry = top ? entryById(knowledge, top.id) : undefined;
  const resolved =
    !!top &&
    (top.score >= CUTOFFS.resolveAt ||
      (!q && state.turns > 0 && top.score >= CUTOFFS.resolveWithoutQuestionsAt));

  let headline: string;
  const usersSeeIt =
    (state.known['users-see-error'] ?? state.observed['users-see-error']) === 'yes';
  if (d.handshake === 'normal-only' && usersSeeIt && top) {
    headline = `The pasted lines show a normal, successful challenge, but users do see a failure, so look elsewhere. First suspect: ${top.title} (${pct(top.score)}).`;
    notes.unshift(HANDSHAKE_NOTE);
  } else if (d.handshake === 'normal-only') {
    headline = 'This is the normal Windows authentication challenge, not a fault.';
    notes.unshift(HANDSHAKE_NOTE);
  } else if (d.handshake === 'normal-and-failures') {
    headline = `Part of this is the normal authentication challenge; the real failure is ${failing?.label ?? 'elsewhere'}.`;
    notes.unshift(HANDSHAKE_NOTE);
  } else if (
    !usersSeeIt &&
    errors.length > 0 &&
    errors.every((c) => isChallengeLeg(c.code)) &&
    errors.some((c) => c.code.substatus === 2)
  ) {
    // only the first (and middle) legs of a challenge: normal on their own
    headline = `${errors.map((c) => c.label).join(', then ')} ${errors.length > 1 ? 'are' : 'is'} IIS asking the client to authenticate: normal on its own. What matters is the next request from the same client: a 200 means all is well, another 401 is the real problem.`;
  } else if (top) {
    const label = failing ? `${failing.label} (${failing.meaning.split(':')[0] ?? ''}). ` : '';
    const lead =
      top.score >= CUTOFFS.likelyAt ? 'Most likely' : 'Several causes fit; first suspect';
    headline = `${label}${lead}: ${top.title} (${pct(top.score)}).`;
  } else {
    headline = 'I could not match this to anything I know.';
  }

  const noCode = !state.codes.some((c) => c.status !== null);
  const weak = !top || top.score < CUTOFFS.askCodeBelow;
  let kind: Reply['kind'] = resolved ? 'resolved' : 'diagnosis';
  if (noCode && weak && Object.keys(state.known).length === 0) kind = 'ask-code';
  if (noCode) {
    notes.push(
      'Your message has no IIS status code. The substatus tells the causes apart: in the site log (IIS 7-10: %SystemDrive%\\inetpub\\logs\\LogFiles\\W3SVC<site id>; IIS 6: %SystemRoot%\\System32\\LogFiles\\W3SVC<site id>) the last columns of the failing line are sc-status, sc-substatus and sc-win32-status, e.g. `401 1 1326`. Paste that line with its #Fields header.',
    );
  }

  const didYouMean =
    top &&
    second &&
    !resolved &&
    top.score - second.score < CUTOFFS.didYouMeanGap &&
    second.score >= CUTOFFS.didYouMeanMin
      ? d.ranked
          .filter((r) => top.score - r.score < CUTOFFS.didYouMeanWithin)
          .slice(0, 3)
          .map((r): Choice => ({ label: r.title, action: { type: 'pick', cause: r.id } }))
      : undefined;

  const reply: Reply = {
    ...emptyReply(kind, headline),
    headline:
      kind === 'ask-code'
        ? 'Which 401 is it? The status code and substatus decide where to look.'
        : headline,
    codes,
    causes: causeViews(d.ranked),
    steps:
      kind === 'ask-code'
        ? ['howto-get-substatus', 'howto-find-logs']
            .map((id) => entryById(knowledge, id))
            .flatMap((e) => (e ? stepsFor(e, v, false) : []))
        : topEntry
          ? stepsFor(topEntry, v, resolved)
          : [],
    notes,
    ...(q && !resolved && kind !== 'ask-code' ? { question: questionView(q.fact) } : {}),
    ...(didYouMean && didYouMean.length > 1 ? { didYouMean } : {}),
    actions: resolved
      ? [{ label: 'Start over', action: { type: 'reset' } }]
      : [{ label: 'None of these', action: { type: 'none-of-these' } }],
  };
  const asked = reply.question ? [...state.asked, reply.question.fact] : state.asked;
  return finish({ ...state, asked }, reply, d, findings);
};

const collectReply = (ctx: Context, state: DialogState): TurnResult => {
  const { knowledge } = ctx;
  const d = diagnosisOf(ctx, state);
  const howtos = ['howto-find-logs', 'howto-failed-request-tracing', 'howto-network-trace']
    .map((id) => entryById(knowledge, id))
    .filter((e): e is Entry => !!e);
  const v = version(state);
  const reply: Reply = {
    ...emptyReply(
      'collect',
      'Then the next step is evidence that tells the remaining causes apart.',
    ),
    causes: causeViews(d.ranked.filter((r) => r.kind === 'cause')),
    steps: howtos.flatMap((e) => stepsFor(e, v, false)),
    notes: [
      'Collect: (1) the failing log lines with their #Fields header, (2) a Failed Request Tracing log for the 401, which names the module that set it, (3) a network trace of the authentication headers. Paste any of them here.',
    ],
    actions: [{ label: 'Start over', action: { type: 'reset' } }],
  };
  return finish(state, reply, d);
};

const pickReply = (ctx: Context, state: DialogState, id: string): TurnResult => {
  const entry = entryById(ctx.knowledge, id);
  if (!entry) return diagnose(ctx, state);
  const d = diagnosisOf(ctx, state);
  const reply: Reply = {
    ...emptyReply('resolved', `${entry.title}: here is how to confirm and fix it.`),
    codes: state.codes.slice(0, 8).map((c) => explainCode(ctx.knowledge.reference, c)),
    causes: [
      {
        id: entry.id,
        title: entry.title,
        score: d.ranked.find((r) => r.id === id)?.score ?? 0,
        why: ['you picked it'],
      },
    ],
    steps: stepsFor(entry, version(state), true),
    notes: [entry.summary],
    actions: [{ label: 'Start over', action: { type: 'reset' } }],
  };
  return finish(state, reply, d);
};

const helpReply = (): Reply => ({
  ...emptyReply('help', 'I diagnose IIS 401 Unauthorized errors (and their neighbours).'),
  notes: [
    'Paste a log line (with its #Fields header if you have it), an error page, or describe what happens: I read the status, substatus and win32 codes, rank the likely causes and ask what tells them apart.',
    'Commands: `explain 401.3` (what a code means), `win32 2148074254` (decode sc-win32-status), `codes` (the 401 family), `reset` (start over), `help`.',
    'Example: `2024-03-01 10:00:01 10.0.0.4 GET /app - 443 - 10.0.0.5 Mozilla/5.0 - 401 1 1326 0`',
  ],
});

const codeReply = (knowledge: Knowledge, text: string): Reply => {
  const [s, sub] = text.split('.');
  const status = Number(s);
  const substatus = sub === undefined ? null : Number(sub);
  const found = findStatusCode(knowledge.reference, status, substatus);
  if (!found)
    return {
      ...emptyReply('code', `I have no notes on HTTP ${text}.`),
      notes: ['Try `codes` for the 401 family.'],
    };
  const c = found.code;
  const entries = c.entries.map((id) => entryById(knowledge, id)).filter((e): e is Entry => !!e);
  return {
    ...emptyReply('code', `${text}: ${c.label}.`),
    codes: [explainCode(knowledge.reference, { status, substatus, win32: null })],
    causes: entries.map((e) => ({ id: e.id, title: e.title, score: 0, why: [e.summary] })),
    steps: [{ title: 'First steps', all: c.first_steps, iis6: [], iis7: [] }],
    notes: found.note ? [found.note] : [],
  };
};

const win32Reply = (knowledge: Knowledge, token: string): Reply => {
  const value = parseWin32Token(token, knowledge.reference);
  const w = value === null ? undefined : findWin32(knowledge.reference, value);
  if (value === null || !w) {
    return {
      ...emptyReply('win32', `I do not know the win32 value ${token}.`),
      notes: [
        'Decode it on Windows: `net helpmsg <decimal>` for Win32 errors, `certutil -error 0x<hex>` for HRESULTs and SSPI codes.',
      ],
    };
  }
  const hex = `0x${w.value.toString(16).toUpperCase().padStart(8, '0')}`;
  const entries = w.entries.map((id) => entryById(knowledge, id)).filter((e): e is Entry => !!e);
  return {
    ...emptyReply('win32', `${w.value} (${hex}) is ${w.name}: ${w.meaning}`),
    codes: [explainCode(knowledge.reference, { status: null, substatus: null, win32: w.value })],
    causes: entries.map((e) => ({ id: e.id, title: e.title, score: 0, why: [e.summary] })),
    notes: [w.in_iis],
  };
};

const codesReply = (knowledge: Knowledge): Reply => {
  const family = knowledge.reference.statusCodes.filter(
    (c) => c.status === 401 && c.substatus !== undefined,
  );
  return {
    ...emptyReply(
      'codes',
      'The 401 family: the substatus says which part of IIS refused the request.',
    ),
    codes: family.map((c) =>
      explainCode(knowledge.reference, {
        status: 401,
        substatus: c.substatus ?? null,
        win32: null,
      }),
    ),
    notes: ['Ask `explain 403.14` or any other code for its meaning.'],
  };
};

const resetResult = (): TurnResult =>
  finish(initialState(), {
    ...emptyReply('reset', 'Starting over.'),
    notes: ['Paste a log line or an error page, or describe what happens.'],
  });

const handleAction = (ctx: Context, state: DialogState, action: Action): TurnResult => {
  switch (action.type) {
    case 'reset':
      return resetResult();
    case 'answer': {
      const fact = ctx.matcher.facts.get(action.fact);
      const ok =
        fact && (action.value === 'unknown' || fact.answers.some((a) => a.value === action.value));
      if (!ok) return diagnose(ctx, state);
      const known =
        action.value === 'unknown' ? state.known : { ...state.known, [action.fact]: action.value };
      const asked = state.asked.includes(action.fact) ? state.asked : [...state.asked, action.fact];
      return diagnose(ctx, { ...state, known, asked, pending: null });
    }
    case 'pick':
      return pickReply(ctx, state, action.cause);
    case 'none-of-these': {
      const d = diagnosisOf(ctx, state);
      const excluded = [...new Set([...state.excluded, ...d.ranked.slice(0, 3).map((r) => r.id)])];
      return collectReply(ctx, { ...state, excluded });
    }
    case 'feedback':
      return finish(state, {
        ...emptyReply(
          'notice',
          action.helpful ? 'Thanks, glad it helped.' : 'Thanks for telling me; I will do better.',
        ),
      });
  }
};

/** One conversation turn: pure, deterministic, bounded. */
export const turn = (
  state: DialogState,
  input: string | Action,
  knowledge: Knowledge,
  _now = 0,
): TurnResult => {
  const ctx: Context = { knowledge, matcher: getMatcher(knowledge) };
  const next: DialogState = { ...state, turns: state.turns + 1 };
  if (typeof input !== 'string') return handleAction(ctx, next, input);

  const text = input.length > MAX_TURN_CHARS ? input.slice(0, MAX_TURN_CHARS) : input;
  const cmd = parseCommand(text);
  if (cmd) {
    switch (cmd.type) {
      case 'help':
        return finish(next, helpReply());
      case 'reset':
        return resetResult();
      case 'codes':
        return finish(next, codesReply(knowledge));
      case 'explain':
        return finish(next, codeReply(knowledge, cmd.code));
      case 'win32':
        return finish(next, win32Reply(knowledge, cmd.value));
      case 'action':
        return handleAction(ctx, next, cmd.action);
    }
  }

  const findings = readMessage(text, knowledge.reference);
  if (input.length > MAX_TURN_CHARS) findings.truncated = true;
  let s = next;
  if (state.pending) {
    const fact = ctx.matcher.facts.get(state.pending);
    const read = findings.signals.find((x) => x.fact === state.pending)?.value;
    const value = fact ? parseAnswer(fact, findings.text, read) : null;
    if (fact && value) {
      s = {
        ...s,
        known: value === 'unknown' ? s.known : { ...s.known, [fact.id]: value },
        pending: null,
      };
    }
  }
  if (!findings.text.trim() && !findings.codes.length) {
    return finish(s, {
      ...helpReply(),
      kind: 'ask-code',
      headline: 'Paste a log line or describe the problem, and I will take it from there.',
    });
  }
  return diagnose({ ...ctx, findings }, absorb(s, findings));
};
