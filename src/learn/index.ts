export { knowledgeCases, parseCaseFile, type CaseFileResult, type LabelledCase } from './cases.js';
export {
  DEFAULT_SETTINGS,
  prepareCases,
  trainModel,
  type PreparedCase,
  type TrainSettings,
} from './train.js';
export {
  crossValidate,
  fitTemperature,
  foldsOf,
  metricsOf,
  orderOf,
  scoreAll,
  shareOf,
  type HeldOut,
  type Metrics,
} from './validate.js';
export { simulateConversation, simulatedAnswer } from './simulate.js';
export type { Folds } from './validate.js';
export { loadLocalCases, withLocalCases, type LocalCasesLoaded } from './local-cases.js';
