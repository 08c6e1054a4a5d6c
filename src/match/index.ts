export type * from './types.js';
export { getMatcher, type Matcher } from './matcher.js';
export { rankCauses, type RankInput } from './rank.js';
export { TUNING } from './tuning.js';
export { likelihood, likelihoodRow, factLogRatio } from './facts.js';
export { formatCode } from './evidence.js';
export { tokenize } from './text.js';
