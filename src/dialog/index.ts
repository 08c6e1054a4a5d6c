export type * from './types.js';
export { initialState, turn, parseInput, extendContext, MAX_TURN_CHARS } from './turn.js';
export { chooseQuestion, rankQuestions, MIN_GAIN, type QuestionChoice } from './questions.js';
export { explainCode, isChallengeLeg, stepsFor } from './build.js';
