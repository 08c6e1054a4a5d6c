export { casesJsonl, exportCase, replayMessage, type ExportedCase } from './cases.js';
export { buildReview, renderReview, type Review, type ResolvedItem } from './review.js';
