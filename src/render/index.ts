export { renderMarkdown, followUps, MAX_MARKDOWN, type MarkdownOptions } from './markdown.js';
export { renderTerminal, terminalChoices, type TerminalOptions } from './terminal.js';
export * from './card.js';
export * from './blocks.js';
export type * from './blocks-types.js';
export { ACTION_ID_PREFIX, SLACK_LIMITS } from './blocks-types.js';
export { escapeMrkdwn, splitLines, toMrkdwn, truncate } from './blocks-text.js';
export { clip } from './card-text.js';
