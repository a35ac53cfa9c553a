// What every exercise's check is given: the student's module, its file name
// (for messages) and the finite differences to witness gradients with.
import type { Witness } from "./finite_differences.ts";
import type { Grading } from "./verdict.ts";

/** A student's module, as a dynamic import returns it. */
export type ExerciseModule = Record<string, unknown>;

/** The input of a check. */
export interface CheckContext {
  module: ExerciseModule;
  /** As the student knows it, e.g. "exercises/d_rnn_backward.ts". */
  file: string;
  witness: Witness;
}

/** An exercise's checks: record what holds with `g.pass`, stop at the first failure with `g.fail`. */
export type Check = (ctx: CheckContext, g: Grading) => void | Promise<void>;
