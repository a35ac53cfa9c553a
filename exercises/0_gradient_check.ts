// Exercise 0 — a finite-difference gradient check.
//
// Every backward pass you write later (D, J, M) is checked twice: against the
// library's own code, and against this function — finite differences of the
// loss — once it passes its own check. So write it first, and make it
// trustworthy.
//
//   ∂f/∂x_i ≈ (f(x + h e_i) − f(x − h e_i)) / 2h        (central differences)
//
// The error of the central difference is O(h²) (about 1e-10 at h = 1e-5); the
// one-sided (f(x + h e_i) − f(x)) / h is only O(h). `f` reads `x` itself, so
// perturb x[i] in place, evaluate, and put x[i] back exactly as it was before
// moving on to x[i + 1].

/**
 * The gradient of `f` at `x` by central differences, one entry per x[i].
 *
 * @param f A function of the current contents of `x`.
 * @param x The point; every x[i] must hold its old value again afterwards.
 * @param h The step (default 1e-5).
 * @returns ∂f/∂x, as many entries as `x`.
 */
export function numericGradient(f: () => number, x: Float64Array, h = 1e-5): Float64Array {
  throw new Error("TODO");
}
