// A run can end with finite losses and still be garbage: a huge learning rate
// saturates every gate and the loss settles thousands of nats above what a
// uniform guess costs. Training compares its final loss with that guess.
import type { SequenceModel } from "../models/model.ts";

/** A final loss per token above this many times the uniform guess's counts as diverged. */
export const DIVERGED_FACTOR = 2;

/**
 * The loss per token of a model that guesses uniformly: ln V under a softmax
 * over V words, V ln 2 with a sigmoid per word (every probability ½).
 *
 * @example The lab's four words
 * ```ts
 * import { uniformTokenLoss } from "./far_above_uniform.ts";
 * import { RNN } from "../lab/models/rnn.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new RNN(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 2 });
 * assert.equal(uniformTokenLoss(model), Math.log(4));
 * ```
 */
export function uniformTokenLoss(model: SequenceModel): number {
  const V = model.vocabularySize;
  return model.outputKind === "sigmoid" ? V * Math.LN2 : Math.log(V);
}

/**
 * Why a final loss per token means the run diverged, or `undefined` when it
 * is at most {@linkcode DIVERGED_FACTOR} times the uniform guess's.
 *
 * @param measured What the loss is, e.g. "validation" or "training".
 *
 * @example 39,664 nats per token against ln 4
 * ```ts
 * import { farAboveUniform } from "./far_above_uniform.ts";
 * import { RNN } from "../lab/models/rnn.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new RNN(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 2 });
 * assert.equal(farAboveUniform(model, 0.25, "validation"), undefined);
 * assert.match(farAboveUniform(model, 39664, "validation")!, /39664\.0 nats per token/);
 * ```
 */
export function farAboveUniform(
  model: SequenceModel,
  tokenLoss: number,
  measured: string,
): string | undefined {
  const uniform = uniformTokenLoss(model);
  if (tokenLoss <= DIVERGED_FACTOR * uniform) return undefined;
  const guess = model.outputKind === "sigmoid"
    ? `${model.vocabularySize} ln 2`
    : `ln ${model.vocabularySize}`;
  return `the final ${measured} loss is ${
    tokenLoss.toFixed(1)
  } nats per token, more than ${DIVERGED_FACTOR}× the ${
    uniform.toFixed(3)
  } (${guess}) of guessing uniformly`;
}
