// Exercise 0's checks: numericGradient against exact gradients, and the
// mistakes a finite-difference check is usually written with, recognised by
// what they do to a cubic, whose central difference is exactly 3x² + h².
import type { CheckContext } from "./context.ts";
import {
  call,
  close,
  exported,
  firstMismatch,
  identify,
  isNumbers,
  sameValues,
} from "./diagnosis.ts";
import type { NumericGradient } from "./finite_differences.ts";
import type { Grading } from "./verdict.ts";

// f(x) = Σ_i sin(x_i) x_{i+1} + x_0³ + e^{x_3 / 2}, and its gradient.
const x0 = [0.3, -1.2, 2.0, 0.7];
function f(x: Float64Array): number {
  let sum = x[0] ** 3 + Math.exp(x[3] / 2);
  for (let i = 0; i + 1 < x.length; i++) sum += Math.sin(x[i]) * x[i + 1];
  return sum;
}
function exactGradient(x: Float64Array): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i + 1 < x.length; i++) {
    g[i] += Math.cos(x[i]) * x[i + 1];
    g[i + 1] += Math.sin(x[i]);
  }
  g[0] += 3 * x[0] ** 2;
  g[3] += Math.exp(x[3] / 2) / 2;
  return g;
}

const CHECK = "numericGradient";

/** The checks of exercise 0. */
export function checkGradientCheck(ctx: CheckContext, g: Grading): void {
  const numericGradient = exported<NumericGradient>(g, ctx.module, ctx.file, "numericGradient");
  const x = Float64Array.from(x0);
  const got: unknown = call(g, CHECK, "numericGradient", () => numericGradient(() => f(x), x));
  if (!isNumbers(got, x.length)) {
    g.fail({
      check: CHECK,
      message: `it returned ${
        isNumbers(got) ? `${got.length} numbers` : typeof got
      }; expected one entry per x[i] (${x.length})`,
    });
  }
  const moved = x.findIndex((v, i) => v !== x0[i]);
  if (moved >= 0) {
    g.fail({
      check: `${CHECK} of f(x) = Σ sin(x_i) x_{i+1} + x_0³ + e^{x_3/2}`,
      message: `x[${moved}] was ${x0[moved]} before the call and ${x[moved]} after it`,
      diagnosis: {
        key: "x-not-restored",
        title: "x is not put back after it is perturbed",
        explanation:
          "f reads x, so every later entry — and every later use of x by the caller — is measured at a moved point. Save x[i], evaluate f at x[i] + h and x[i] − h, then set x[i] back to the saved value.",
      },
    });
  }
  g.pass("returns one entry per x[i] and leaves x as it was");
  // The cubic with a large step: each formula leaves its own trace.
  const c0 = [1, 2, -1.5], h = 0.01;
  const cube = Float64Array.from(c0);
  const cubic: unknown = call(
    g,
    CHECK,
    "numericGradient",
    () => numericGradient(() => cube.reduce((s, v) => s + v ** 3, 0), cube, h),
  );
  const predict = (formula: (x: number) => number) => Float64Array.from(c0, formula);
  const central = predict((v) => 3 * v * v + h * h);
  const exact = exactGradient(Float64Array.from(x0));
  const wrong = firstMismatch("∂f/∂x", exact, got, [x.length], { atol: 1e-8, rtol: 1e-7 });
  const cubicWrong = !isNumbers(cubic, 3) ||
    !sameValues(cubic, central, { atol: 1e-9, rtol: 1e-9 });
  if (!wrong && !cubicWrong) {
    g.pass("matches the exact gradient of a function of 4 variables to 1e-8");
    g.pass(
      "uses the step h it is given: on Σ x³ with h = 0.01 it gives 3x² + h², the central difference",
    );
    return;
  }
  const like = (values: Float64Array) => () => isNumbers(cubic, 3) && sameValues(cubic, values);
  const diagnosis = identify([
    {
      test: () => isNumbers(got, 4) && Array.from(got).every((v) => v === 0),
      diagnosis: {
        key: "f-not-reevaluated",
        title: "every entry is 0: f gives the same value before and after the change",
        explanation:
          "f takes no argument: it reads x itself. Change x[i] in place, then call f() — computing f once beforehand and reusing the number measures nothing.",
      },
    },
    {
      test: like(predict((v) => 3 * v * v + 3 * v * h + h * h)),
      diagnosis: {
        key: "forward-difference",
        title: "a one-sided (forward) difference, (f(x + h) − f(x)) / h",
        explanation:
          "Its error is O(h) — on Σ x³ with h = 0.01 it is off by 3xh. The central difference (f(x + h) − f(x − h)) / 2h cancels that term and is off by O(h²) only.",
      },
    },
    {
      test: like(predict((v) => 3 * v * v - 3 * v * h + h * h)),
      diagnosis: {
        key: "backward-difference",
        title: "a one-sided (backward) difference, (f(x) − f(x − h)) / h",
        explanation:
          "Its error is O(h). The central difference (f(x + h) − f(x − h)) / 2h is off by O(h²) only.",
      },
    },
    {
      test: like(predict((v) => 2 * (3 * v * v + h * h))),
      diagnosis: {
        key: "divided-by-h",
        title: "divided by h where the central difference divides by 2h",
        explanation:
          "f(x + h) and f(x − h) are 2h apart, so their difference is divided by 2h; yours is twice the gradient.",
      },
    },
    {
      test: like(predict((v) => (3 * v * v + 3 * v * h + h * h) / 2)),
      diagnosis: {
        key: "second-point-unmoved",
        title: "the second evaluation is at x, not at x − h",
        explanation:
          "After x[i] += h, subtracting h once brings x[i] back to where it started; to reach x − h subtract 2h (or set x[i] = saved − h).",
      },
    },
    {
      test: () =>
        isNumbers(cubic, 3) &&
        sameValues(cubic, predict((v) => 3 * v * v), { atol: 1e-6, rtol: 0 }),
      diagnosis: {
        key: "ignores-h",
        title: "the step h it is given is not used",
        explanation:
          "Called with h = 0.01 on Σ x³, the central difference is exactly 3x² + h² = 3x² + 1e-4; yours is 3x² to within a much smaller step. Use the parameter h.",
      },
    },
    {
      test: () =>
        isNumbers(got, 4) && Array.from(got).every((v) => close(v, got[0])) &&
        !close(exact[0], exact[1]),
      diagnosis: {
        key: "all-perturbed",
        title: "every entry is the same: all of x is moved at once",
        explanation:
          "Perturb one x[i] at a time; moving every entry gives the derivative along the diagonal direction, the same number for every i.",
      },
    },
  ]);
  const check = wrong
    ? `${CHECK} of f(x) = Σ sin(x_i) x_{i+1} + x_0³ + e^{x_3/2}`
    : `${CHECK} of Σ x³ with h = 0.01`;
  g.fail({
    check,
    message: wrong
      ? "it differs from the exact gradient"
      : `expected the central difference 3x² + h², got [${
        isNumbers(cubic) ? Array.from(cubic).join(", ") : cubic
      }]`,
    mismatch: wrong ??
      (isNumbers(cubic, 3) ? firstMismatch("∂(Σ x³)/∂x", central, cubic) ?? undefined : undefined),
    diagnosis,
  });
}
