// Exercise D — backpropagation through time, and clipping the gradient.
//
// T = time steps, H = hidden size, K = vocabulary size. Matrices row-major.
// From the last step back to the first (h_{−1} = 0):
//
//   do_t  = p_t − one_hot(y_t)                    (0 when y_t = −1: no loss there)
//   dh_t  = Wᵀ do_t + Vᵀ da_{t+1}                 (the second term carries the gradient
//                                                  back in time; da_T = 0)
//   da_t  = dh_t ⊙ (1 − h_t²)                     (tanh'(a_t) from the stored h_t = tanh(a_t))
//   dW += do_t h_tᵀ,      db_out    += do_t
//   dU += da_t x_tᵀ,      db_hidden += da_t
//   dV += da_t h_{t−1}ᵀ
//
// Clipping, as the lab's clip_gradient_norm: n = sqrt(Σ over all gradients of
// every entry squared); coef = max_norm / (n + 1e-6); if coef < 1, multiply
// every gradient by coef, in place.
import type { RnnParams } from "./b_rnn_init.ts";
import type { RnnForward } from "./c_rnn_forward.ts";

/**
 * ∂L/∂θ for every parameter, from what `rnnForward` kept.
 *
 * @returns Gradients under the parameters' names and with their shapes.
 */
export function rnnBackward(
  params: RnnParams,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  forward: RnnForward,
): RnnParams {
  throw new Error("TODO");
}

/**
 * Scales all gradients together so that their global norm is at most
 * `maxNorm` (the lab's clip_gradient_norm), in place.
 *
 * @returns The global norm before clipping.
 */
export function clipGradientNorm(grads: readonly Float64Array[], maxNorm: number): number {
  throw new Error("TODO");
}
