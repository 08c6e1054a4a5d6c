export type * from './types.js';
export {
  buildTriageNote,
  buildTriageNoteFrom,
  buildConversationNote,
  MAX_QUESTIONS,
} from './note.js';
export {
  renderNoteMarkdown,
  redactionText,
  factLines,
  type NoteMarkdownOptions,
} from './render.js';
export { renderNoteCard, NOTE_CARD_BUDGET, type NoteCard, type NoteCardOptions } from './card.js';
export { renderNoteBlocks, type NoteBlocksOptions } from './blocks.js';
