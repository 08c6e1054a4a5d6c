export type * from './types.js';
export { initialState, turn, parseInput } from './turn.js';
