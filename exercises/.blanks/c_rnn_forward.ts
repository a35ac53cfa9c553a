// Exercise C — the RNN's forward pass, softmax and the loss.
//
// T = time steps, H = hidden size, K = vocabulary size. Matrices row-major.
// x_t = one_hot(inputs[t]), so U x_t is column inputs[t] of U.
//
//   h_t = tanh(U x_t + V h_{t−1} + b_hidden)        h_{−1} = 0
//   o_t = W h_t + b_out
//   p_t = softmax(o_t),   softmax(o)_k = e^{o_k} / Σ_j e^{o_j}
//   L   = Σ_t −ln p_t[y_t]                           (summed over the steps)
//
// softmax(o) = softmax(o − c) for any constant c; with c = max_k o_k no
// exponent is positive, so nothing overflows. A target of −1 means "no loss at
// this step" (padding, exercise G; the grader also uses it to probe one step).
import type { RnnParams } from "./b_rnn_init.ts";

/** softmax(x): K probabilities summing to 1; must stay finite for any finite x. */
export function softmax(x: Float64Array): Float64Array {
  throw new Error("TODO");
}

/** L = Σ_t −ln p_t[targets[t]], skipping steps whose target is −1. */
export function crossEntropy(
  probabilities: readonly Float64Array[],
  targets: ArrayLike<number>,
): number {
  throw new Error("TODO");
}

/** What `rnnForward` returns: what the backward pass needs, and the loss. */
export interface RnnForward {
  /** T entries: h_0 … h_{T−1}, each (H) — the state after each step. */
  hiddenStates: Float64Array[];
  /** T entries: p_0 … p_{T−1}, each (K). */
  probabilities: Float64Array[];
  /** L, summed over the steps. */
  loss: number;
}

/** Runs the RNN over `inputs` from h_{−1} = 0. */
export function rnnForward(
  params: RnnParams,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
): RnnForward {
  throw new Error("TODO");
}
