export * from './schema.js';
export type { Detector, DetectorTable } from './detectors.js';
export {
  formatProblem,
  idFromFile,
  MAX_FILE_CHARS,
  parseDetectors,
  parseEntry,
  parseErrorPages,
  parseFacts,
  parseStatusCodes,
  parseWin32,
  type EntryResult,
  type ParseFailure,
} from './parse.js';
export { codeKey, crossCheck, type CrossCheckOptions, type KnowledgeFiles } from './crosscheck.js';
export {
  DEFAULT_KNOWLEDGE_DIR,
  inspectKnowledge,
  knowledgeError,
  loadKnowledge,
  MAX_PROBLEM_LINES,
  type KnowledgeInspection,
} from './load.js';

export { entryById, findStatusCode, findWin32, type StatusCodeMatch } from './lookup.js';
export { groupOf, sampleGroup } from './sources.js';
