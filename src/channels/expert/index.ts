export {
  createExpertDesk,
  MAX_NOTE,
  MAX_OTHER,
  MAX_RELAYED,
  PROBLEM_TEXT,
  type DeskResult,
  type ExpertDesk,
} from './desk.js';
export { causeChoices, OTHER_CAUSE, resolutionReply, type CauseChoice } from './resolution.js';
export { offersExpert, unsureReason } from './unsure.js';
export { parseExpertCommand } from './commands.js';
export {
  createRelay,
  EXPERTS_ONLY,
  latestText,
  NOTHING_YET,
  notSetUp,
  type AskerNews,
} from './relay.js';
export {
  ASK_EXPERT,
  EXPERT_KEY,
  ExpertAction,
  isAskExpert,
  readExpertAction,
  TicketId,
} from './actions.js';
