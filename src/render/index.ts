export * from './text.js';
export * from './card.js';
export * from './card-elements.js';
export type * from './card-types.js';
export { ADAPTIVE_CARD_CONTENT_TYPE } from './card-types.js';
export { renderWelcomeCard, type WelcomeOptions } from './welcome-card.js';
export * from './blocks.js';
export { clip, confidenceWord, count, maskedText, percent } from './words.js';
export { CHART_POINTS, timelineChart, timelineText } from './timeline-chart.js';
