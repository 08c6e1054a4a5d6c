export { createSlackApp, type SlackDeps } from './app.js';
export { wantsFeedback } from './turns.js';
export { launchSlack } from './launch.js';
export { startSlack, type SlackHandle } from './start.js';
export { POST_NOTE_ACTION_ID, SHORTCUT_CALLBACK_ID } from './shortcut.js';
