export { TeamsTriageBot } from './bot.js';
export { createDownloader, type Downloader } from '../download.js';
export { createTurnErrorHandler } from './errors.js';
export { TRIAGE_COMMAND_ID } from './note.js';
export { privateAddresses } from '../address-guard.js';
export { TeamsExperts } from './expert.js';
