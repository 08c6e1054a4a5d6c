export { TeamsTriageBot } from './bot.js';
export { createDownloader, type Downloader } from './files.js';
export { createTurnErrorHandler } from './errors.js';
export { TRIAGE_COMMAND_ID } from './note.js';
export { answerTurn, type AnswerJob, type AnsweredTurn, type ReplyInfo } from './answer.js';
export { inlineEngine, WorkerEngine, type AnswerEngine } from './engine.js';
export { JsonText, jsonBytes } from './json-text.js';
export { privateAddresses } from '../address-guard.js';
