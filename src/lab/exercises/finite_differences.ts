// Finite differences as a witness for a student's gradients: the student's
// own numericGradient (exercise 0) once it passes, the grader's until then.

/** Exercise 0's function: ∂f/∂x by finite differences, x restored afterwards. */
export type NumericGradient = (f: () => number, x: Float64Array, h?: number) => Float64Array;

/** The grader's own central differences (h = 1e-5). */
export const centralDifferences: NumericGradient = (f, x, h = 1e-5) => {
  const gradient = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const saved = x[i];
    x[i] = saved + h;
    const plus = f();
    x[i] = saved - h;
    const minus = f();
    x[i] = saved;
    gradient[i] = (plus - minus) / (2 * h);
  }
  return gradient;
};

/** Which finite differences a check uses, and whose they are (for the report). */
export interface Witness {
  gradient: NumericGradient;
  /** "your numericGradient (exercise 0)" or "the grader's numericGradient". */
  whose: string;
}

/** The worst disagreement between analytic and numeric gradients. */
export interface WitnessResult {
  /** max |a − n| / max(|a| + |n|, 1e-4): relative, and absolute below 1e-4. */
  worst: number;
  name: string;
  index: number;
  analytic: number;
  numeric: number;
  /** The numeric gradient of every parameter. */
  numericGradients: Record<string, Float64Array>;
}

/**
 * Compares `analytic` with finite differences of `loss` with respect to each
 * array of `params` (which `loss` reads; each is perturbed in place and put back).
 *
 * @example The gradient of Σ x² is 2x
 * ```ts
 * import { centralDifferences, witnessGradients } from "./finite_differences.ts";
 * import assert from "node:assert/strict";
 *
 * const x = Float64Array.of(1, -2);
 * const result = witnessGradients(centralDifferences, () => x[0] ** 2 + x[1] ** 2, { x }, { x: [2, -4] });
 * assert.ok(result.worst < 1e-8);
 * ```
 */
export function witnessGradients(
  numeric: NumericGradient,
  loss: () => number,
  params: Record<string, Float64Array>,
  analytic: Record<string, ArrayLike<number>>,
): WitnessResult {
  const result: WitnessResult = {
    worst: 0,
    name: "",
    index: -1,
    analytic: NaN,
    numeric: NaN,
    numericGradients: {},
  };
  for (const [name, values] of Object.entries(params)) {
    const gradient = numeric(loss, values);
    result.numericGradients[name] = gradient;
    const a = analytic[name];
    for (let i = 0; i < values.length; i++) {
      const error = Math.abs(a[i] - gradient[i]) /
        Math.max(Math.abs(a[i]) + Math.abs(gradient[i]), 1e-4);
      if (!(error <= result.worst)) {
        Object.assign(result, {
          worst: error,
          name,
          index: i,
          analytic: a[i],
          numeric: gradient[i],
        });
      }
    }
  }
  return result;
}

/** Finite differences agree when the worst relative error is at most this (Float64, h = 1e-5). */
export const WITNESS_LIMIT = 1e-6;
