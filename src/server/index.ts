export {
  createServer,
  MAX_ACTIVITY_BODY,
  MAX_TRIAGE_BODY,
  type ServerDeps,
  type TriageServer,
  type ComponentHealth,
} from './app.js';
export { startServer, type RunningServer } from './start.js';
export { errorBody, type ErrorBody } from './http.js';
