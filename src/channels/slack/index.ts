export {
  APOLOGY,
  createSlackApp,
  wantsFeedback,
  type SlackAppOptions,
  type SlackDeps,
} from './app.js';
export { describeSlack, SLACK_EVENTS_PATH, type SlackConfig, type SlackSetting } from './config.js';
export {
  DEFAULT_RETRY,
  launchSlack,
  type LaunchDeps,
  type RetryDelays,
  type SlackHealth,
  type SlackLaunch,
} from './launch.js';
export { startSlack, type SlackHandle } from './start.js';
export { normaliseSlackText } from './text.js';
export { DM_IDLE_MS, refOf } from './threads.js';
export {
  NOTE_TTL_MS,
  POST_NOTE_ACTION_ID,
  registerTriageShortcut,
  SHORTCUT_CALLBACK_ID,
} from './shortcut.js';
