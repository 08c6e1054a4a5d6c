// The scan's front door: the summary's types, and a scan of files or of a text. The CLI and the
// Teams file answer import the modules they need directly (start-up: a chat turn loads no disk
// reader, a scan no report it does not print).
export type {
  CodeCount,
  CodeDetail,
  FleetQuery,
  HandshakeSummary,
  Ranked,
  ScanDiagnosis,
  ScanInput,
  ScanSummary,
} from './types.js';
export type { ScanTimeline } from './timeline.js';
export { scanText, summarise } from './summarise.js';
export { scanFiles } from './read.js';
