import { entryById } from '../knowledge/index.js';
import type { Entry } from '../knowledge/schema.js';
import {
  causeViews,
  emptyReply,
  explainCode,
  isChallengeLeg,
  onlyChallengeLegs,
  questionView,
  statusText,
  stepsFor,
} from './build.js';
import { CUTOFFS } from './cutoffs.js';
import { diagnosisOf, finish, wasTold, type Context } from './finish.js';
import { versionOf as version } from './input.js';
import { isAboutAuthentication, neighbourReply, unranked } from './neighbours.js';
import { findOwnNames, stepsWithOwnNames } from './own-names.js';
import { findingNotes, HANDSHAKE_NOTE, NO_CODE_NOTE } from './notes.js';
import { chooseQuestion } from './questions.js';
import type { Choice, CodeExplanation, DialogState, Reply, TurnResult } from './types.js';
import { formatCode } from '../match/index.js';
import { percent } from '../render/index.js';

/** The conversation's codes explained; those explained in an earlier reply marked as repeats. */
const codeViews = (knowledge: Context['knowledge'], state: DialogState): CodeExplanation[] =>
  state.codes.slice(0, 8).map((c) => {
    const x = explainCode(knowledge.reference, c);
    return wasTold(state, `code:${formatCode(c)}`) ? { ...x, repeat: true } : x;
  });

/** Ranks what is known and answers: verdict, causes, steps, and the next question. */
export const diagnose = (
  ctx: Context,
  state: DialogState,
  /** Said first (about the button that led here). */
  first: readonly string[] = [],
): TurnResult => {
  const { knowledge, matcher, findings } = ctx;
  const d = diagnosisOf(ctx, state);
  const [top, second] = d.ranked;
  const names = findOwnNames(state.names, state.context, findings);
  const v = version(state);
  const codes = codeViews(knowledge, state);
  const errors = codes.filter((c) => c.code.status !== null && c.code.status >= 400);
  const failures = errors.filter((c) => !c.benign);
  // the code to lead with: a real failure before any leg of the normal challenge
  const failing = failures.find((c) => !isChallengeLeg(c.code)) ?? failures[0];
  const notes = [...first, ...findingNotes(findings)];
  // failing codes the causes do not speak to (500.19 with 13, 404.0), and no 401 beside them:
  // say so, rank nothing
  if (failures.length && !codes.some((c) => isAboutAuthentication(knowledge, c.code))) {
    const reply = neighbourReply(knowledge, failures, codes);
    return finish(state, { ...reply, notes: [...notes, ...reply.notes] }, unranked(d), findings);
  }
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
    headline = `The pasted lines show a normal, successful challenge, but users do see a failure, so look elsewhere. First suspect: ${top.title} (${percent(top.score)}).`;
    notes.splice(first.length, 0, HANDSHAKE_NOTE);
  } else if (d.handshake === 'normal-only') {
    headline = 'This is the normal Windows authentication challenge, not a fault.';
    notes.splice(first.length, 0, HANDSHAKE_NOTE);
  } else if (d.handshake === 'normal-and-failures') {
    headline = `Part of this is the normal authentication challenge; the real failure is ${failing?.label ?? 'elsewhere'}.`;
    notes.splice(first.length, 0, HANDSHAKE_NOTE);
  } else if (!usersSeeIt && onlyChallengeLegs(errors.map((c) => c.code))) {
    // only the first (and middle) legs of a challenge: normal on their own
    headline = `${errors.map((c) => statusText(c.code)).join(', then ')} ${errors.length > 1 ? 'are' : 'is'} IIS asking the client to authenticate: normal on its own. What matters is the next request from the same client: a 200 means all is well, another 401 is the real problem.`;
  } else if (top) {
    // the win32 value and its meaning follow right under the headline
    const label = failing
      ? `${statusText(failing.code)} (${failing.meaning.split(':')[0] ?? ''}). `
      : '';
    const lead =
      top.score >= CUTOFFS.likelyAt ? 'Most likely' : 'Several causes fit; first suspect';
    headline = `${label}${lead}: ${top.title} (${percent(top.score)}).`;
  } else {
    headline = 'I could not match this to anything I know.';
  }

  const noCode = !state.codes.some((c) => c.status !== null);
  const weak = !top || top.score < CUTOFFS.askCodeBelow;
  let kind: Reply['kind'] = resolved ? 'resolved' : 'diagnosis';
  if (noCode && weak && Object.keys(state.known).length === 0) kind = 'ask-code';
  // where to find the code: once a conversation, and only while it could still change the answer
  if (noCode && (kind === 'ask-code' || !resolved) && !wasTold(state, 'no-code')) {
    notes.push(NO_CODE_NOTE);
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
        ? 'Which 401 is it? The status code and substatus decide where to look; without them, the question below narrows it down too.'
        : headline,
    codes,
    causes: causeViews(d.ranked),
    steps: stepsWithOwnNames(
      kind === 'ask-code'
        ? // the note says where the logs are; the steps, how to read the code there
          ['howto-get-substatus']
            .map((id) => entryById(knowledge, id))
            .flatMap((e) => (e ? stepsFor(e, v, false) : []))
        : topEntry
          ? stepsFor(topEntry, v, resolved)
          : [],
      names,
    ),
    notes,
    // asking for the code does not hold back the question: a user without a log can answer it
    ...(q && !resolved ? { question: questionView(q.fact) } : {}),
    // while the code is asked for, the question is the one way on: no "did you mean" beside it
    ...(didYouMean && didYouMean.length > 1 && kind !== 'ask-code' ? { didYouMean } : {}),
    actions: resolved
      ? [{ label: 'Start over', action: { type: 'reset' } }]
      : [{ label: 'None of these', action: { type: 'none-of-these' } }],
  };
  const asked = reply.question ? [...state.asked, reply.question.fact] : state.asked;
  return finish({ ...state, asked, names }, reply, d, findings);
};

export const collectReply = (ctx: Context, state: DialogState): TurnResult => {
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

export const pickReply = (ctx: Context, state: DialogState, id: string): TurnResult => {
  const entry = entryById(ctx.knowledge, id);
  if (!entry) return diagnose(ctx, state);
  const d = diagnosisOf(ctx, state);
  const reply: Reply = {
    ...emptyReply('resolved', `${entry.title}: here is how to confirm and fix it.`),
    codes: codeViews(ctx.knowledge, state),
    causes: [
      {
        id: entry.id,
        title: entry.title,
        score: d.ranked.find((r) => r.id === id)?.score ?? 0,
        why: ['you picked it'],
      },
    ],
    steps: stepsWithOwnNames(
      stepsFor(entry, version(state), true),
      findOwnNames(state.names, state.context),
    ),
    notes: [entry.summary],
    actions: [{ label: 'Start over', action: { type: 'reset' } }],
  };
  return finish(state, reply, d);
};
