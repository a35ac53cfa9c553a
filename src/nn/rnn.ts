// nn.RNN as PyTorch defines it (tanh), on the fused time-loop kernels.
// T = steps, B = batch, I = input size, H = hidden, L = layers; rows are time-major (T·B).
//   h_t = tanh(x_t W_ihᵀ + b_ih + h_{t−1} W_hhᵀ + b_hh); layer k + 1 reads layer k's h.
// The input's part of every step is one product before the time loop; the loop
// kernel adds h_{t−1} W_hhᵀ per step, from h_{−1} = 0 — a given h0 enters as
// h0 W_hhᵀ added to the first step's rows beforehand.
import type { Backend, Tensor } from "../core/backend.ts";
import { fillRows, Workspace } from "../core/workspace.ts";
import {
  beginForward,
  combinedBias,
  gatherFinal,
  inputProjectionBackward,
  layerGradient,
  layerWeights,
  nextLayerInput,
  projectInput,
  type SequenceInput,
  sequenceRows,
  stackOutput,
} from "./layer_stack.ts";
import { RecurrentStack } from "./recurrent_stack.ts";
import { initSource } from "./init_source.ts";
import type { UniformSource } from "../core/random_source.ts";

/** Sizes of an {@linkcode RNN}. */
export interface RnnOptions {
  inputSize: number;
  hiddenSize: number;
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Dropout on each layer's output but the last, in training mode (default 0). */
  dropout?: number;
  /**
   * The generator the initial weights are drawn from at construction
   * (PyTorch's uniform ±1/√H); default a fresh `NumpyRandom(DEFAULT_INIT_SEED)`.
   */
  random?: UniformSource;
}

/**
 * A multi-layer Elman RNN (tanh) with PyTorch's names, shapes and default
 * initialisation (uniform ±1/√H), optional initial state, full BPTT.
 *
 * @example The final state of one step is its output
 * ```ts
 * import { RNN } from "./rnn.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const rnn = new RNN(backend, { inputSize: 3, hiddenSize: 2 });
 * rnn.initialize(new NumpyRandom(0));
 * const { output, hN } = rnn.forward(backend.tensor([1, 3], [1, 0, 0]), 1);
 * assert.deepEqual([...hN.data], [...output.data]);
 * assert.deepEqual(rnn.parameters().map((p) => p.name), ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]);
 * ```
 */
export class RNN extends RecurrentStack {
  protected readonly state: Workspace;
  #batch = 0;
  #steps = 0;
  #h0: Tensor | null = null;
  #inputs: SequenceInput[] = [];
  #lengths: number[] = [];
  #dropping = false;

  constructor(backend: Backend, options: RnnOptions) {
    super("RNN", backend, options);
    const { inputSize, hiddenSize, numLayers } = this;
    const H = hiddenSize;
    for (let k = 0; k < numLayers; k++) {
      const layerInput = k === 0 ? inputSize : H;
      this.layers.push({
        ...layerWeights(backend, k, 1, layerInput, H),
        space: new Workspace(backend, {
          h: H, // the pre-activations on entry to the loop kernel, the states after it
          z: H, // h_{t−1} for every step, for dW_hh
          dh: H,
          dPre: H,
          dInput: layerInput,
          out: H,
          dropped: H,
          mask: H,
          dDropped: H,
          ones: 1,
        }),
      });
    }
    this.state = new Workspace(backend, { hN: H, dh0: H, bias: H });
    this.initialize(initSource(options.random));
  }

  // pre = x W_ihᵀ + b_ih + b_hh for all steps (+ h0 W_hhᵀ at t = 0); then the loop kernel
  // x: (T·B, I) or T·B token ids; h0: (L·B, H), zero when omitted → output (T·B, H), hN (L·B, H)
  forward(
    x: SequenceInput,
    batch: number,
    h0?: Tensor,
    lengths?: readonly number[],
  ): { output: Tensor; hN: Tensor } {
    const { backend } = this;
    const H = this.hiddenSize;
    const begun = beginForward("RNN", this, x, batch, { h0 }, lengths);
    const rows = sequenceRows(x);
    this.#steps = begun.steps;
    this.#batch = batch;
    this.#dropping = begun.dropping;
    this.#lengths = begun.lengths;
    this.#h0 = h0 ?? null;
    this.state.ensure(this.numLayers * batch);
    const hN = this.state.rows("hN", this.numLayers * batch);
    this.#inputs = [];
    let input: SequenceInput = x;
    this.layers.forEach((layer, k) => {
      const { space } = layer;
      space.ensure(rows);
      this.#inputs.push(input);
      const bias = this.state.rows("bias", 1);
      combinedBias(backend, bias, layer);
      const h = space.rows("h", rows);
      fillRows(h, bias);
      projectInput(backend, h, input, layer.weightIh.value);
      const initial = h0 ? backend.view(h0, k * batch * H, [batch, H]) : null;
      if (initial) {
        backend.matMulTransposedBAccumulate(
          space.block("h", 0, batch),
          initial,
          layer.weightHh.value,
        );
      }
      backend.rnnSequenceForward(h, layer.weightHh.value, batch);
      // z = [h_{−1}; h_0; …; h_{T−2}], the states each step multiplied by W_hh.
      const z = space.rows("z", rows);
      z.data.fill(0, 0, batch * H);
      if (initial) z.data.set(initial.data);
      z.data.set(h.data.subarray(0, (rows - batch) * H), batch * H);
      gatherFinal(hN, h, this.#lengths, k, H);
      input = nextLayerInput(this, this.#dropping, k, h, space, rows);
    });
    const last = this.layers[this.numLayers - 1].space;
    // After the loop, input is the last layer's h (a tensor, whatever x was).
    return { output: stackOutput(input as Tensor, lengths, this.#lengths, last, H), hN };
  }

  // From the last step back: dPre_t = dh_t ⊙ (1 − h_t²), dh_{t−1} += dPre_t W_hh (the kernel);
  // dh0 = dPre_0 W_hh; dW_hh += dPreᵀ z; db_ih, db_hh += Σ dPre; dW_ih += dPreᵀ x; d input = dPre W_ih
  // dOutput: (T·B, H); dhN: (L·B, H), zero when omitted
  backward(dOutput: Tensor, dhN?: Tensor): { dInput: Tensor | null; dh0: Tensor } {
    const { backend } = this;
    const H = this.hiddenSize, batch = this.#batch, rows = this.#steps * batch;
    if (rows === 0) throw new Error("RNN.backward: run forward() first");
    const dh0 = this.state.rows("dh0", this.numLayers * batch);
    backend.zero(dh0);
    // Each layer's input gradient is the one above it; only token ids (layer 0) have none.
    let dAbove: Tensor | null = dOutput;
    for (let k = this.numLayers - 1; k >= 0; k--) {
      const layer = this.layers[k];
      const { space } = layer;
      // Past a sequence's end nothing reaches h; ∂L/∂h_N enters at its last step.
      const dh = layerGradient(this, this.#dropping, k, dAbove!, space, rows, this.#lengths, dhN);
      const dPre = space.rows("dPre", rows);
      backend.zero(dPre);
      backend.rnnSequenceBackward(dPre, dh, space.rows("h", rows), layer.weightHh.value, batch);
      backend.matMulAccumulate(
        backend.view(dh0, k * batch * H, [batch, H]),
        space.block("dPre", 0, batch),
        layer.weightHh.value,
      );
      backend.matMulTransposedAAccumulate(layer.weightHh.grad, dPre, space.rows("z", rows));
      dAbove = inputProjectionBackward(backend, layer, dPre, dPre, this.#inputs[k], space, rows);
    }
    return { dInput: dAbove, dh0 };
  }
}
