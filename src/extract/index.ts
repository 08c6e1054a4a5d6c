export { readMessage, type ReadOptions } from './read-message.js';
export { decodeWin32, parseWin32Token, toHex, type DecodedWin32 } from './win32.js';
export { redact, REDACTED } from './redact.js';
export { normalise, DEFAULT_MAX_CHARS, type Normalised } from './normalise.js';
export { isHttpStatus } from './http-status.js';
export type * from './types.js';
export { proseOf } from './prose-of.js';
export {
  readLogPaste,
  LOG_PASTE_MIN_ENTRIES,
  LOG_PASTE_PROBE_CHARS,
  type LogPaste,
} from './log-paste.js';
