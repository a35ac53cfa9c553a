// The lab's framework model (exercises K–M) as a SequenceModel: a recurrent
// nn layer (LSTM or GRU, PyTorch layout) then nn.Linear to the vocabulary, so
// the lab's training loop, metrics, freestyle and checkpoints all apply.
// T = steps, B = batch, H = hidden, V = vocabulary.
import type { Backend, Tensor } from "../core/backend.ts";
import { GRU } from "../nn/gru.ts";
import { initOrthogonalParameters, Linear, type RandomSource } from "../nn/linear.ts";
import { LSTM } from "../nn/lstm.ts";
import type { Parameter } from "../core/parameter.ts";
import type { RecurrentState, SequenceModel } from "./model.ts";
import type { SequenceBatch } from "./sequence_batch.ts";
import { writeOneHot } from "../core/one_hot.ts";
import { Workspace } from "../core/workspace.ts";
import { bceWithLogitsBackward, bceWithLogitsForward } from "../nn/bce_with_logits.ts";

/** Options of {@linkcode NnSequenceModel}. */
export interface NnSequenceModelOptions {
  cell: "lstm" | "gru";
  vocabularySize: number;
  hiddenSize: number;
  numLayers?: number;
  /** Whether the output layer has a bias (the lab's: no). */
  outputBias?: boolean;
  /** LSTM only: peephole connections (see the nn LSTM's `peephole`); default false. */
  peephole?: boolean;
  /**
   * `"softmax"` (default): one next word, cross-entropy against `targets`.
   * `"sigmoid"`: one independent probability per word, binary cross-entropy
   * against the batch's multi-hot `targetSets` — the classic protocol of
   * predicting the set of legal next words.
   */
  output?: "softmax" | "sigmoid";
}

/**
 * `nn.LSTM` / `nn.GRU` followed by `nn.Linear`, with parameters named as the
 * lab's PyTorch module names them (`lstm.weight_ih_l0` …, `l_out.weight`).
 *
 * @example A GRU under PyTorch's parameter names, predicting a distribution
 * ```ts
 * import { NnSequenceModel } from "./nn_sequence_model.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const model = new NnSequenceModel(backend, { cell: "gru", vocabularySize: 4, hiddenSize: 4 });
 * model.initialize(new NumpyRandom(0));
 * assert.equal(model.kind, "nn-gru");
 * assert.ok(model.parameters.some((p) => p.name === "gru.weight_hh_l0"));
 * const probabilities = model.step(model.createState(), 0);
 * assert.ok(Math.abs(probabilities.reduce((sum, p) => sum + p, 0) - 1) < 1e-12);
 * ```
 */
export class NnSequenceModel implements SequenceModel {
  readonly kind: string;
  readonly backend: Backend;
  readonly vocabularySize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  /** Whether the LSTM has peephole connections. */
  readonly peephole: boolean;
  /** Softmax over the next word, or a sigmoid per word (see the options). */
  readonly outputKind: "softmax" | "sigmoid";
  readonly recurrent: LSTM | GRU;
  readonly output: Linear;
  readonly parameters: readonly Parameter[];
  readonly #space: Workspace;
  #batch: SequenceBatch | null = null;

  constructor(backend: Backend, options: NnSequenceModelOptions) {
    const { cell, vocabularySize, hiddenSize, numLayers = 1, outputBias = false } = options;
    if (options.peephole && cell !== "lstm") {
      throw new RangeError(`Peephole connections need an LSTM, not a ${cell.toUpperCase()}`);
    }
    this.kind = `nn-${cell}`;
    this.backend = backend;
    this.vocabularySize = vocabularySize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    const sizes = { inputSize: vocabularySize, hiddenSize, numLayers };
    this.peephole = options.peephole ?? false;
    this.outputKind = options.output ?? "softmax";
    this.recurrent = cell === "lstm"
      ? new LSTM(backend, { ...sizes, peephole: this.peephole })
      : new GRU(backend, sizes);
    this.output = new Linear(backend, {
      inFeatures: hiddenSize,
      outFeatures: vocabularySize,
      bias: outputBias,
    });
    const rename = (prefix: string) => (parameter: Parameter): Parameter => ({
      ...parameter,
      name: `${prefix}.${parameter.name}`,
    });
    this.parameters = [
      ...this.recurrent.parameters().map(rename(cell)),
      ...this.output.parameters().map(rename("l_out")),
    ];
    this.#space = new Workspace(backend, {
      x: vocabularySize,
      probs: vocabularySize,
      dLogits: vocabularySize,
    });
  }

  /**
   * `"pytorch"` (default): PyTorch's uniform ±1/√fan; `"orthogonal"`: the lab's
   * from-scratch scheme, every weight matrix orthogonal and biases zero.
   */
  initialize(random: RandomSource, scheme: "pytorch" | "orthogonal" = "pytorch"): void {
    if (scheme === "orthogonal") {
      initOrthogonalParameters(this.parameters, random);
      return;
    }
    this.recurrent.initialize(random);
    this.output.initialize(random);
  }

  get probabilities(): Tensor {
    if (!this.#batch) throw new Error("NnSequenceModel.probabilities: run forward() first");
    return this.#space.rows("probs", this.#batch.steps * this.#batch.size);
  }

  // logits = Linear(rnn(onehot(x))), loss = Σ cross-entropy over unpadded targets
  forward(batch: SequenceBatch): number {
    const rows = batch.steps * batch.size;
    this.#space.ensure(rows);
    const x = this.#space.rows("x", rows);
    writeOneHot(x, batch.inputs);
    const { output } = this.recurrent.forward(x, batch.size);
    const logits = this.output.forward(output);
    this.#batch = batch;
    const probs = this.#space.rows("probs", rows);
    if (this.outputKind === "softmax") {
      return this.backend.crossEntropyForward(probs, logits, batch.targets);
    }
    return bceWithLogitsForward(probs, logits, this.#targetSets(batch), batch.targets);
  }

  #targetSets(batch: SequenceBatch): Float32Array {
    if (!batch.targetSets) {
      throw new TypeError(
        "NnSequenceModel: sigmoid outputs need batches with targetSets (multi-hot next-word sets)",
      );
    }
    return batch.targetSets;
  }

  backward(): void {
    const batch = this.#batch;
    if (!batch) throw new Error("NnSequenceModel.backward: run forward() first");
    const rows = batch.steps * batch.size;
    const dLogits = this.#space.rows("dLogits", rows);
    this.backend.zero(dLogits);
    const probs = this.#space.rows("probs", rows);
    if (this.outputKind === "softmax") {
      this.backend.crossEntropyBackward(dLogits, probs, batch.targets, 1);
    } else {
      bceWithLogitsBackward(dLogits, probs, this.#targetSets(batch), batch.targets, 1);
    }
    this.recurrent.backward(this.output.backward(dLogits));
  }

  createState(): RecurrentState {
    const shape = [this.numLayers, this.hiddenSize];
    return { tensors: [this.backend.tensor(shape), this.backend.tensor(shape)] };
  }

  step(state: RecurrentState, token: number): Float64Array {
    const { backend } = this;
    const [h, c] = state.tensors;
    const x = backend.tensor([1, this.vocabularySize]);
    writeOneHot(x, [token]);
    let logits: Tensor;
    if (this.recurrent instanceof LSTM) {
      const { output, hN, cN } = this.recurrent.forward(x, 1, h, c);
      logits = this.output.forward(output);
      backend.copy(h, hN);
      backend.copy(c, cN);
    } else {
      const { output, hN } = this.recurrent.forward(x, 1, h);
      logits = this.output.forward(output);
      backend.copy(h, hN);
    }
    const probabilities = backend.tensor([1, this.vocabularySize]);
    if (this.outputKind === "softmax") backend.softmaxForward(probabilities, logits);
    else backend.sigmoidForward(probabilities, logits);
    const result = Float64Array.from(probabilities.data);
    backend.free(x);
    backend.free(probabilities);
    return result;
  }

  dispose(): void {
    this.#space.dispose();
  }
}
