// The lab's vanilla RNN, batched: T = steps, B = batch, H = hidden, V = vocabulary.
//   h_t = tanh(U x_t + V h_{t−1} + b_hidden),  o_t = W h_t + b_out,  p_t = softmax(o_t)
// Stored as rows: hidden states are (T·B, H), time-major, so the products that
// do not depend on the recurrence run once per batch as matrix-matrix kernels,
// and only V h_{t−1} (forward) and dh_t V (backward) step through time.
import type { Backend, Tensor } from "../../core/backend.ts";
import { initOrthogonal, type NormalSource } from "../../init/orthogonal.ts";
import type { Parameter } from "../../core/parameter.ts";
import type { RecurrentState, SequenceModel } from "../../models/model.ts";
import type { SequenceBatch } from "../../models/sequence_batch.ts";
import { softmaxOutputBackward, softmaxOutputForward } from "./softmax_output.ts";
import { fillRows, Workspace } from "../../core/workspace.ts";
import { parameterBlock } from "../../core/parameter_block.ts";
import { oneHot } from "../../data/vocabulary.ts";
import { writeOneHot } from "../../core/one_hot.ts";

/** Sizes of an {@linkcode RNN}. */
export interface RnnOptions {
  vocabularySize: number;
  hiddenSize: number;
}

/**
 * The lab's vanilla RNN with parameters U (H, V), V (H, H), W (V, H),
 * b_hidden (H), b_out (V), written once against the {@linkcode Backend}.
 *
 * @example One forward and backward pass
 * ```ts
 * import { RNN } from "./rnn.ts";
 * import { makeBatch } from "../../models/sequence_batch.ts";
 * import { NumpyRandom } from "../../data/numpy_random.ts";
 * import { createReferenceBackend } from "../../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new RNN(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 8 });
 * model.initialize(new NumpyRandom(42));
 * const loss = model.forward(makeBatch([{ words: [], inputs: Int32Array.of(0, 1), targets: Int32Array.of(1, 2) }]));
 * assert.ok(loss > 0);
 * model.backward();
 * ```
 */
export class RNN implements SequenceModel {
  readonly kind = "rnn";
  readonly backend: Backend;
  readonly vocabularySize: number;
  readonly hiddenSize: number;
  readonly parameters: readonly Parameter[];
  /** One block holding every parameter, for the optimizer. */
  readonly storage: readonly Parameter[];
  readonly U: Parameter;
  readonly V: Parameter;
  readonly W: Parameter;
  readonly bHidden: Parameter;
  readonly bOut: Parameter;
  readonly #workspace: Workspace;
  #batch: SequenceBatch | null = null;

  constructor(backend: Backend, options: RnnOptions) {
    const { vocabularySize, hiddenSize } = options;
    for (const [name, value] of Object.entries(options)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`RNN ${name} must be a positive integer, got ${value}`);
      }
    }
    this.backend = backend;
    this.vocabularySize = vocabularySize;
    this.hiddenSize = hiddenSize;
    const { storage, parameters } = parameterBlock(backend, [
      { name: "U", shape: [hiddenSize, vocabularySize] },
      { name: "V", shape: [hiddenSize, hiddenSize] },
      { name: "W", shape: [vocabularySize, hiddenSize] },
      { name: "b_hidden", shape: [hiddenSize] },
      { name: "b_out", shape: [vocabularySize] },
    ]);
    [this.U, this.V, this.W, this.bHidden, this.bOut] = parameters;
    this.parameters = parameters;
    this.storage = [storage];
    this.#workspace = new Workspace(backend, {
      x: vocabularySize, // one-hot inputs
      h: hiddenSize, // hidden states
      logits: vocabularySize,
      probs: vocabularySize,
      dLogits: vocabularySize,
      dh: hiddenSize, // gradient reaching h_t
      dPre: hiddenSize, // gradient at the pre-activation of h_t
      ones: 1,
    });
  }

  /** The lab's initialisation: U, V, W orthogonal (drawn in that order), biases zero. */
  initialize(random: NormalSource): void {
    for (const parameter of [this.U, this.V, this.W]) {
      initOrthogonal(this.backend, parameter.value, random);
    }
    this.backend.zero(this.bHidden.value);
    this.backend.zero(this.bOut.value);
  }

  get probabilities(): Tensor {
    if (!this.#batch) throw new Error("RNN.probabilities: run forward() first");
    return this.#workspace.rows("probs", this.#batch.steps * this.#batch.size);
  }

  // h_t = tanh(U x_t + V h_{t−1} + b_hidden);  o_t = W h_t + b_out
  // x: (T·B, V) one-hot, h: (T·B, H), logits and probs: (T·B, V)
  forward(batch: SequenceBatch): number {
    const { backend } = this;
    const { steps, size } = batch;
    const rows = steps * size;
    const space = this.#workspace;
    space.ensure(rows);
    const x = space.rows("x", rows);
    writeOneHot(x, batch.inputs);
    const h = space.rows("h", rows);
    fillRows(h, this.bHidden.value);
    backend.matMulTransposedBAccumulate(h, x, this.U.value);
    // The time loop runs inside one kernel: h_t = tanh(h_t + h_{t−1} Vᵀ).
    backend.rnnSequenceForward(h, this.V.value, size);
    this.#batch = batch;
    return softmaxOutputForward(backend, space, rows, this.W, this.bOut, batch.targets);
  }

  // do_t = p_t − onehot(y_t);  dh_t = Wᵀ do_t + Vᵀ dpre_{t+1};  dpre_t = dh_t ⊙ (1 − h_t²)
  // dW += Σ do_t h_tᵀ,  dU += Σ dpre_t x_tᵀ,  dV += Σ dpre_t h_{t−1}ᵀ,  db = Σ of each
  backward(): void {
    const batch = this.#batch;
    if (!batch) throw new Error("RNN.backward: run forward() first");
    const { backend } = this;
    const { steps, size } = batch;
    const rows = steps * size;
    const space = this.#workspace;
    const h = space.rows("h", rows);
    const { dh, ones } = softmaxOutputBackward(
      backend,
      space,
      rows,
      this.W,
      this.bOut,
      batch.targets,
    );
    const dPre = space.rows("dPre", rows);
    backend.zero(dPre);
    // From the last step back: dpre_t += dh_t ⊙ (1 − h_t²), then dh_{t−1} += dpre_t V.
    backend.rnnSequenceBackward(dPre, dh, h, this.V.value, size);
    backend.matVecTransposedAccumulate(this.bHidden.grad, dPre, ones);
    backend.matMulTransposedAAccumulate(this.U.grad, dPre, space.rows("x", rows));
    if (steps > 1) {
      // h_{−1} = 0, so step 0 contributes nothing to dV.
      const later = (steps - 1) * size;
      backend.matMulTransposedAAccumulate(
        this.V.grad,
        backend.view(dPre, size * this.hiddenSize, [later, this.hiddenSize]),
        backend.view(h, 0, [later, this.hiddenSize]),
      );
    }
  }

  createState(): RecurrentState {
    return { tensors: [this.backend.tensor([1, this.hiddenSize])] };
  }

  step(state: RecurrentState, token: number): Float64Array {
    const { backend } = this;
    const [h] = state.tensors;
    const x = backend.tensor([1, this.vocabularySize], oneHot([token], this.vocabularySize));
    const next = backend.tensor([1, this.hiddenSize]);
    fillRows(next, this.bHidden.value);
    backend.matMulTransposedBAccumulate(next, x, this.U.value);
    backend.matMulTransposedBAccumulate(next, h, this.V.value);
    backend.tanhForward(h, next);
    const logits = backend.tensor([1, this.vocabularySize]);
    fillRows(logits, this.bOut.value);
    backend.matMulTransposedBAccumulate(logits, h, this.W.value);
    backend.softmaxForward(logits, logits);
    const probabilities = Float64Array.from(logits.data);
    for (const tensor of [x, next, logits]) backend.free(tensor);
    return probabilities;
  }

  dispose(): void {
    for (const parameter of this.storage) {
      this.backend.free(parameter.value);
      this.backend.free(parameter.grad);
    }
    this.#workspace.dispose();
  }
}
