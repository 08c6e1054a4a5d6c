export { TeamsTriageBot, DEFAULT_BOT_NAME, EXAMPLE_LINE, refOf, type TeamsBotDeps } from './bot.js';
export {
  answerActivity,
  isCardChannel,
  MAX_ACTIVITY_BYTES,
  welcomeActivity,
} from './activities.js';
export {
  createDownloader,
  decodeFile,
  FILE_INFO_CONTENT_TYPE,
  teamsFiles,
  type Downloader,
  type DownloaderOptions,
  type DownloadResult,
  type TeamsFile,
} from './files.js';
export { cleanTeamsText } from './text.js';
export { createTurnErrorHandler } from './errors.js';
export {
  answerTriageAction,
  copyTicketNote,
  isTicketNoteRequest,
  ticketNoteButton,
  POST_NOTE,
  TICKET_NOTE_ACTION,
  TRIAGE_COMMAND_ID,
} from './note.js';
export { answerTurn, type AnswerJob, type AnsweredTurn, type ReplyInfo } from './answer.js';
export { privateAddresses } from '../address-guard.js';
export { TeamsExperts, type TeamsExpertDeps } from './expert.js';
export { askExpertButton, renderRelayCard, renderTicketCard } from './expert-card.js';
