// Grading one exercise: load the student's module, pick the finite
// differences (the student's own once exercise 0 passes), run the checks, and
// turn anything unexpected into a failing verdict with its reason.
import { type Exercise, EXERCISES } from "./catalog.ts";
import type { ExerciseModule } from "./context.ts";
import { centralDifferences, type NumericGradient, type Witness } from "./finite_differences.ts";
import { checkGradientCheck } from "./gradient_check.ts";
import { type Failure, grade, type Verdict } from "./verdict.ts";

/** Imports a student's file by its name inside exercises/ (e.g. "d_rnn_backward.ts"). */
export type ModuleLoader = (file: string) => Promise<ExerciseModule>;

/** How a check names the student's files in its messages (default: "exercises/NAME"). */
export type FileLabel = (file: string) => string;

const defaultLabel: FileLabel = (file) => `exercises/${file}`;

function failed(exercise: Exercise, file: string, failure: Failure): Verdict {
  return {
    id: exercise.id,
    name: exercise.name,
    title: exercise.title,
    file,
    passed: false,
    checks: [],
    notes: [],
    failure,
  };
}

/**
 * The finite differences a check uses: the student's numericGradient when
 * exercise 0 passes, the grader's own otherwise.
 */
export async function finiteDifferencesFor(load: ModuleLoader): Promise<Witness> {
  const grader = {
    gradient: centralDifferences,
    whose: "the grader's numericGradient (exercise 0 does not pass yet)",
  };
  try {
    const module = await load(EXERCISES[0].file);
    const verdict = await grade(
      { id: "0", name: "0", title: "", file: "" },
      (g) => checkGradientCheck({ module, file: "", witness: grader }, g),
    );
    if (!verdict.passed) return grader;
    return {
      gradient: module.numericGradient as NumericGradient,
      whose: "your numericGradient (exercise 0)",
    };
  } catch {
    return grader;
  }
}

/**
 * Grades one exercise: loads the student's module with `load`, runs the
 * exercise's checks and returns the verdict. A module that does not load, or
 * returns something the checks cannot read, fails with the reason.
 */
export async function checkExercise(
  exercise: Exercise,
  load: ModuleLoader,
  label: FileLabel = defaultLabel,
): Promise<Verdict> {
  const file = label(exercise.file);
  let module: ExerciseModule;
  try {
    module = await load(exercise.file);
  } catch (error) {
    return failed(exercise, file, {
      check: "loading",
      message: `${file} does not load: ${error instanceof Error ? error.message : error}`,
    });
  }
  const witness = exercise.usesFiniteDifferences
    ? await finiteDifferencesFor(load)
    : { gradient: centralDifferences, whose: "the grader's numericGradient" };
  try {
    return await grade(
      { id: exercise.id, name: exercise.name, title: exercise.title, file },
      (g) => exercise.check({ module, file, witness }, g),
    );
  } catch (error) {
    return failed(exercise, file, {
      check: "reading the results",
      message: `the grader could not read what your code returned: ${
        error instanceof Error ? `${error.name}: ${error.message}` : error
      }`,
    });
  }
}
