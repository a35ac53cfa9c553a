// What every recurrent model offers the training loop, the metrics and
// generation, whatever its cell.
import type { Backend, Tensor } from "../core/backend.ts";
import type { SequenceBatch } from "./sequence_batch.ts";
import type { Parameter } from "../core/parameter.ts";

/** A recurrent network predicting the next token at every step. */
export interface SequenceModel {
  /** `"rnn"`, `"lstm"`, …: stored in checkpoints. */
  readonly kind: string;
  readonly backend: Backend;
  readonly vocabularySize: number;
  readonly hiddenSize: number;
  /**
   * `"softmax"` (default): one next word, cross-entropy; `"sigmoid"`: a
   * probability per word, binary cross-entropy against the set of legal ones.
   */
  readonly outputKind?: "softmax" | "sigmoid";
  /** Parameters in a fixed order, under the lab's names (checkpoints use these). */
  readonly parameters: readonly Parameter[];
  /**
   * The tensors that hold all parameters without overlap, when `parameters`
   * are views of fewer, larger blocks (the LSTM's fused gates): optimizers,
   * clipping and zeroing run over these, in fewer, longer kernel calls.
   */
  readonly storage?: readonly Parameter[];
  /**
   * Runs the batch from a zero state and returns the summed cross-entropy over
   * its unpadded targets, keeping what {@linkcode SequenceModel.backward} needs.
   */
  forward(batch: SequenceBatch): number;
  /** The softmax outputs of the last forward pass: (T·B, V), time-major. */
  readonly probabilities: Tensor;
  /** Adds the gradients of the last forward pass's loss into each `grad`. */
  backward(): void;
  /** A zero recurrent state for one sequence. */
  createState(): RecurrentState;
  /** Feeds one token, updates `state`, and returns the next-token probabilities. */
  step(state: RecurrentState, token: number): Float64Array;
  /** Frees every tensor the model owns. */
  dispose(): void;
}

/** An opaque recurrent state owned by one model. */
export interface RecurrentState {
  readonly tensors: readonly Tensor[];
}

/** The parameters an optimizer updates: the storage blocks, or else the named parameters. */
export function trainableParameters(model: SequenceModel): readonly Parameter[] {
  return model.storage ?? model.parameters;
}

/**
 * Sets every gradient to zero.
 *
 * @example Clear what backward() accumulated
 * ```ts
 * import { zeroGradients } from "./model.ts";
 * import { RNN } from "../lab/models/rnn.ts";
 * import { makeBatch } from "./sequence_batch.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new RNN(createReferenceBackend(), { vocabularySize: 3, hiddenSize: 4 });
 * model.forward(makeBatch([{ words: [], inputs: Int32Array.of(0, 1), targets: Int32Array.of(1, 2) }]));
 * model.backward();
 * const allZero = () => model.parameters.every((p) => p.grad.data.every((g) => g === 0));
 * assert.ok(!allZero());
 * zeroGradients(model);
 * assert.ok(allZero());
 * ```
 */
export function zeroGradients(model: SequenceModel): void {
  for (const parameter of trainableParameters(model)) model.backend.zero(parameter.grad);
}
