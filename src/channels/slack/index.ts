export { createSlackApp, wantsFeedback, type SlackDeps } from './app.js';
export { describeSlack, SLACK_EVENTS_PATH, type SlackConfig, type SlackSetting } from './config.js';
export { launchSlack } from './launch.js';
export { startSlack, type SlackHandle } from './start.js';
export { POST_NOTE_ACTION_ID, SHORTCUT_CALLBACK_ID } from './shortcut.js';
