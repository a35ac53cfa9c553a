/**
 * The lab as a course: the exercises' catalog, the grader that checks a
 * student's module against the library's own implementation and finite
 * differences and says what is wrong, and the student's RNN and LSTM as
 * models the library's training loop can run. The files the student edits
 * live in exercises/; this module reads none of them itself: it is given a
 * loader.
 *
 * @example Grading the library's own finite differences as exercise 0
 * ```ts
 * import { checkExercise, findExercise } from "./mod.ts";
 * import { centralDifferences } from "./finite_differences.ts";
 * import assert from "node:assert/strict";
 *
 * const verdict = await checkExercise(findExercise("0")!, async () => ({ numericGradient: centralDifferences }));
 * assert.equal(verdict.passed, true);
 * ```
 *
 * @module
 */
export { type Exercise, EXERCISES, findExercise, type SourceRef } from "./catalog.ts";
export type { Check, CheckContext, ExerciseModule } from "./context.ts";
export {
  checkExercise,
  type FileLabel,
  finiteDifferencesFor,
  type ModuleLoader,
} from "./grader.ts";
export {
  type Diagnosis,
  type Failure,
  formatVerdict,
  type Mismatch,
  type Verdict,
} from "./verdict.ts";
export { sourceExcerpt } from "./source_excerpt.ts";
export {
  studentLstm,
  type StudentLstmFunctions,
  studentRnn,
  type StudentRnnFunctions,
  StudentSequenceModel,
} from "./student_models.ts";
export { LAB_DEFECTS } from "./lstm_backward_check.ts";
