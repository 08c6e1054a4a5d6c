export { createSlackApp, wantsFeedback, type SlackDeps } from './app.js';
export { launchSlack } from './launch.js';
export { startSlack, type SlackHandle } from './start.js';
export { POST_NOTE_ACTION_ID, SHORTCUT_CALLBACK_ID } from './shortcut.js';
