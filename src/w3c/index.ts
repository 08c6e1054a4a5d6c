export { LAYOUTS, STATUS, SUBSTATUS, WIN32, layoutFields, type LayoutName } from './fields.js';
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
export { createState, mergeState, type ScanState } from './state.js';
export { W3cReader, MAX_LINE } from './reader.js';
export { Tally } from './tally.js';
export { HANDSHAKE_WINDOW_SEC } from './rules.js';
export { summarise, summariseText } from './summarise.js';
export type { ScanTimeline } from './timeline.js';
export { diagnose } from './diagnose.js';
export { fleetQueries, KQL, ECS } from './queries.js';
export { renderScanReport, PLAIN, type Paint } from './report.js';
export { scanFiles, type ReadOptions } from './read.js';
