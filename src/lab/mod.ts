/**
 * The DTU lab re-created, exercise by exercise: its data (aⁿbⁿ and the
 * counting study's languages), its from-scratch RNN and LSTM (the lab's
 * parameter layout, their own backpropagation through time), one lab run, the
 * RNN-against-LSTM comparison, and the counting study. Importable alone:
 * `import { runLab } from "<url>/src/lab/mod.ts"`.
 *
 * @example The lab's data set, exactly as its NumPy code draws it
 * ```ts
 * import { labData, RNN_LAB_DEFAULTS } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const { vocabulary, split } = labData(RNN_LAB_DEFAULTS);
 * assert.deepEqual(vocabulary.words, ["a", "b", "EOS", "UNK"]);
 * assert.equal(split.train.length, 204);
 * ```
 *
 * @module
 */
export {
  anbnBayesFloorPerSequence,
  anbnDeterministicPositions,
  type AnBnOptions,
  anbnSequence,
  EOS,
  generateAnBn,
} from "./data/anbn.ts";
export {
  anbmcnm,
  anbn,
  anbncn,
  dyck1,
  dyck2,
  type FormalLanguage,
  languageByName,
  LANGUAGES,
} from "./data/languages/mod.ts";
export { RNN, type RnnOptions } from "./models/rnn.ts";
export { LSTM, type LstmOptions } from "./models/lstm.ts";
export { LAB_LSTM, LAB_MODELS, LAB_RNN } from "./models/registry.ts";
export {
  LAB_PROMPTS,
  type LabCallbacks,
  type LabConfig,
  labData,
  type LabResult,
  type LabSampling,
  LSTM_LAB_DEFAULTS,
  NN_LAB_DEFAULTS,
  RNN_LAB_DEFAULTS,
  runLab,
  type SplitReport,
} from "./experiment.ts";
export { compareRnnLstm, type Comparison, comparisonSvg } from "./compare.ts";
export { splitFloorPerToken, type StringDistribution, stringDistribution } from "./bayes_floor.ts";
export { LabSession, type LabSessionConfig } from "./lab_session.ts";
export { LAB_SESSION_KINDS, labSessionDefaults } from "./lab_session_defaults.ts";
export {
  type ContinuationTrace,
  traceContinuation,
  type TraceOptions,
  type TraceStep,
} from "./state_trace.ts";
export { type ContinuationPrompt, continuationPrompt } from "./continuation_prompt.ts";
export {
  DEFAULT_EXTRAPOLATION,
  extrapolate,
  type ExtrapolationCase,
  type ExtrapolationReport,
} from "./extrapolate.ts";
export {
  createPatternModel,
  PATTERN_DEFAULTS,
  PATTERN_LEARNING_RATES,
  type PatternConfig,
  patternData,
  type PatternModelName,
  type PatternProtocol,
  type PatternResult,
  runPattern,
  type SeedSummary,
  type SizeResult,
  summarize,
} from "./patterns.ts";
export { encodePattern, stringsRight } from "./pattern_verdict.ts";
export {
  type PairSummary,
  runPatternStudy,
  type StudyHeader,
  type StudyOptions,
  studyPlots,
  type StudyProgress,
  studyReportLines,
  studyRuns,
  summarizePairs,
} from "./pattern_study.ts";
