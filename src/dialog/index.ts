export type * from './types.js';
export { turn, MAX_TURN_CHARS } from './turn.js';
export { parseInput, readAction, MAX_ACTION_CHARS } from './action.js';
export { extendContext, firstRankInput, initialState, rankInputOf } from './state.js';
export { chooseQuestion, rankQuestions, MIN_GAIN } from './questions.js';
export {
  emptyReply,
  explainCode,
  firstSentence,
  isChallengeLeg,
  onlyChallengeLegs,
  stepsFor,
} from './build.js';
export { findOwnNames } from './own-names.js';
export { CUTOFFS } from './cutoffs.js';
export { logPasteReply, LOG_PASTE_HINT } from './log-paste.js';
