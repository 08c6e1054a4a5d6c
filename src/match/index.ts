export type * from './types.js';
export { getMatcher, type Matcher } from './matcher.js';
export { rankCauses, TEMPERATURE, type RankInput } from './rank.js';
export { likelihood, factLogRatio } from './facts.js';
export { formatCode } from './evidence.js';
export { tokenize } from './text.js';
