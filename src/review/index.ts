export { casesJsonl, exportCase, replayMessage } from './cases.js';
export { buildReview, renderReview } from './review.js';
