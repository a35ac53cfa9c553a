// Exercise E — the SGD step and one epoch of the lab's training loop.
//
//   θ ← θ − lr · ∇θ L                               (for every parameter, in place)
//
// The lab's loop, one sequence at a time: forward, backward, clip the global
// gradient norm, update; the epoch's training loss is the mean over the
// sequences of each one's summed loss (measured before its update).
import type { RnnParams } from "./b_rnn_init.ts";
import type { RnnForward } from "./c_rnn_forward.ts";

/** θ −= lr g for every parameter θ and its gradient g, in place. */
export function updateParameters(
  params: readonly Float64Array[],
  grads: readonly Float64Array[],
  lr: number,
): void {
  throw new Error("TODO");
}

/** One training sequence: token ids, and the next token at every step. */
export interface Sequence {
  inputs: ArrayLike<number>;
  targets: ArrayLike<number>;
}

/** The pieces an epoch is made of (yours from C and D, or the grader's). */
export interface RnnFunctions {
  forward(params: RnnParams, inputs: ArrayLike<number>, targets: ArrayLike<number>): RnnForward;
  backward(
    params: RnnParams,
    inputs: ArrayLike<number>,
    targets: ArrayLike<number>,
    forward: RnnForward,
  ): RnnParams;
  clip(grads: readonly Float64Array[], maxNorm: number): number;
}

/**
 * One epoch: for each sequence in order, forward, backward, clip to
 * `maxNorm`, update `params` in place.
 *
 * @returns The mean over the sequences of their summed loss.
 */
export function trainEpoch(
  params: RnnParams,
  sequences: readonly Sequence[],
  lr: number,
  maxNorm: number,
  fns: RnnFunctions,
): number {
  throw new Error("TODO");
}
