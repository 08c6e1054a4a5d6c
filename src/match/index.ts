export type * from './types.js';
export { buildMatcher, getMatcher, withModel, type Matcher } from './matcher.js';
export { rankCauses, type RankInput } from './rank.js';
export { TUNING } from './tuning.js';
export { likelihood, likelihoodRow, factLogRatio } from './facts.js';
export { formatCode } from './evidence.js';
export { tokenize } from './text.js';
export { messageEvidence, PAIR_COUNT, PAIR_FEATURES, type MessageEvidence } from './features.js';
export { modelFromData, modelToData, scoreEntries, termValue, type Model } from './model.js';
