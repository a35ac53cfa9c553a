// Central finite differences in Float64, the first witness for every
// backward pass. With h = 1e-5 the truncation error is O(h²) ≈ 1e-10 and
// rounding O(ε/h) ≈ 1e-11, so relative errors of well under 1e-6 are expected.
import { AssertionError } from "node:assert/strict";

/** ∂f/∂x_i for every i, by (f(x + h e_i) − f(x − h e_i)) / 2h. */
export function numericGradient(
  f: () => number,
  x: Float64Array | Float32Array,
  h = 1e-5,
): Float64Array {
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
}

/**
 * Asserts max_i |a_i − n_i| / max(|a_i| + |n_i|, floor) ≤ limit, printing the
 * worst entries when it fails. Central differences of a loss of order 10 carry
 * about 1e-10 of absolute rounding noise at h = 1e-5 (ε·|L| / h), so entries
 * smaller than the floor (1e-4) are held to an absolute 1e-4 × limit = 1e-10
 * instead of a relative error that noise alone would exceed.
 */
export function assertGradientsMatch(
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  label: string,
  limit = 1e-6,
  floor = 1e-4,
): number {
  let worst = 0;
  const lines: string[] = [];
  for (let i = 0; i < numeric.length; i++) {
    const error = Math.abs(analytic[i] - numeric[i]) /
      Math.max(Math.abs(analytic[i]) + Math.abs(numeric[i]), floor);
    if (error > limit && lines.length < 5) {
      lines.push(
        `  [${i}] analytic ${analytic[i]} numeric ${numeric[i]} (relative ${
          error.toExponential(2)
        })`,
      );
    }
    worst = Math.max(worst, error);
  }
  if (!(worst <= limit)) {
    throw new AssertionError({
      message: `${label}: relative error ${worst.toExponential(3)} exceeds ${limit}\n${
        lines.join("\n")
      }`,
    });
  }
  return worst;
}
