// Numeric comparison that fails with evidence: the label, the worst
// difference, the tolerance, and the first mismatching pairs (llm.c's
// check_tensor).
import { AssertionError } from "node:assert/strict";

/** A tolerance |actual − expected| ≤ atol + rtol |expected|, with a reason. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/**
 * Asserts that two arrays agree element by element within a tolerance. NaN or
 * an infinity where the other side is finite always fails.
 */
export function assertClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  label: string,
): void {
  if (actual.length !== expected.length) {
    throw new AssertionError({
      message: `${label}: length ${actual.length} but expected ${expected.length}`,
    });
  }
  let worst = 0;
  let worstIndex = -1;
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    const difference = Math.abs(a - e);
    const allowed = tolerance.atol + tolerance.rtol * Math.abs(e);
    const ok = a === e || difference <= allowed;
    if (!ok) {
      if (bad.length < 5) {
        bad.push(`  [${i}] actual ${a} expected ${e} (|Δ| ${difference.toExponential(2)})`);
      }
      if (!(difference <= worst)) {
        worst = difference;
        worstIndex = i;
      }
    }
  }
  if (bad.length > 0) {
    throw new AssertionError({
      message: `${label}: max |Δ| ${
        worst.toExponential(3)
      } at [${worstIndex}] exceeds atol ${tolerance.atol} + rtol ${tolerance.rtol}·|expected|\n${
        bad.join("\n")
      }`,
    });
  }
}

/** The largest |actual − expected| / (atol + rtol |expected|): below 1 passes. */
export function toleranceUsed(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
): number {
  let ratio = 0;
  for (let i = 0; i < expected.length; i++) {
    const allowed = tolerance.atol + tolerance.rtol * Math.abs(expected[i]);
    ratio = Math.max(ratio, Math.abs(actual[i] - expected[i]) / allowed);
  }
  return ratio;
}
