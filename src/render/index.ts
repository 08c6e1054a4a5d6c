export { renderMarkdown, followUps, MAX_MARKDOWN, type MarkdownOptions } from './markdown.js';
export { renderTerminal, terminalChoices, type TerminalOptions } from './terminal.js';
export * from './card.js';
export * from './blocks.js';
