export type * from './types.js';
export { buildTriageNote, buildTriageNoteFrom, buildConversationNote } from './note.js';
export { renderNoteMarkdown } from './render.js';
export { renderNoteCard, NOTE_CARD_BUDGET } from './card.js';
export { renderNoteBlocks } from './blocks.js';
