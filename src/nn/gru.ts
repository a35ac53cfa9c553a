// nn.GRU as PyTorch defines it. T = steps, B = batch, I = input size,
// H = hidden, L = layers; rows are time-major (T·B). Gate order r, z, n:
//   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz)
//   n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h
// The input products of all steps are one matrix product; the recurrent ones
// step through time around the fused cell kernels.
import type { Backend, Tensor } from "../core/backend.ts";
import { fillRows, Workspace } from "../core/workspace.ts";
import type { UniformSource } from "./linear.ts";
import { initSource } from "./init_source.ts";
import {
  beginForward,
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

/** Sizes of a {@linkcode GRU}. */
export interface GruOptions {
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
 * A multi-layer GRU with PyTorch's names, shapes, gate order and default
 * initialisation (uniform ±1/√H, drawn at construction as PyTorch does),
 * optional initial state, full BPTT.
 *
 * @example
 * ```ts
 * import { GRU } from "./gru.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const gru = new GRU(backend, { inputSize: 4, hiddenSize: 3 });
 * gru.initialize(new NumpyRandom(0));
 * const { output, hN } = gru.forward(backend.tensor([2, 4], [1, 0, 0, 0, 0, 1, 0, 0]), 1);
 * assert.deepEqual([...hN.data], [...output.data.subarray(3, 6)]);
 * ```
 */
export class GRU extends RecurrentStack {
  protected readonly state: Workspace;
  #batch = 0;
  #steps = 0;
  #inputs: SequenceInput[] = [];
  #h0: Tensor | null = null;
  #lengths: number[] = [];
  #dropping = false;

  constructor(backend: Backend, options: GruOptions) {
    super("GRU", backend, options);
    const { inputSize, hiddenSize, numLayers } = this;
    const H = hiddenSize;
    for (let k = 0; k < numLayers; k++) {
      const layerInput = k === 0 ? inputSize : H;
      this.layers.push({
        ...layerWeights(backend, k, 3, layerInput, H),
        space: new Workspace(backend, {
          gi: 3 * H,
          gh: 3 * H,
          gates: 3 * H,
          h: H,
          dh: H,
          dgi: 3 * H,
          dgh: 3 * H,
          dInput: layerInput,
          out: H,
          dropped: H, // this layer's output after dropout, the next layer's input
          mask: H,
          dDropped: H,
          ones: 1,
        }),
      });
    }
    this.state = new Workspace(backend, { hN: H, dh0: H, zeros: H });
    this.initialize(initSource(options.random));
  }

  // gi = x W_ihᵀ + b_ih for all steps; per step gh_t = h_{t−1} W_hhᵀ + b_hh, then the cell.
  // x: (T·B, I); h0: (L·B, H), zero when omitted → output (T·B, H), hN (L·B, H)
  forward(
    x: SequenceInput,
    batch: number,
    h0?: Tensor,
    lengths?: readonly number[],
  ): { output: Tensor; hN: Tensor } {
    const { backend } = this;
    const H = this.hiddenSize;
    const { steps, ...begun } = beginForward("GRU", this, x, batch, { h0 }, lengths);
    const rows = sequenceRows(x);
    this.#steps = steps;
    this.#batch = batch;
    this.#dropping = begun.dropping;
    this.#lengths = begun.lengths;
    this.#h0 = h0 ?? null;
    this.state.ensure(this.numLayers * batch);
    const hN = this.state.rows("hN", this.numLayers * batch);
    const zeros = this.state.rows("zeros", batch);
    backend.zero(zeros);
    this.#inputs = [];
    let input: SequenceInput = x;
    this.layers.forEach((layer, k) => {
      const { space } = layer;
      space.ensure(rows);
      this.#inputs.push(input);
      const gi = space.rows("gi", rows);
      fillRows(gi, layer.biasIh.value);
      projectInput(backend, gi, input, layer.weightIh.value);
      const giSteps = space.steps("gi", batch, steps), ghSteps = space.steps("gh", batch, steps);
      const gateSteps = space.steps("gates", batch, steps), hSteps = space.steps("h", batch, steps);
      const initial = h0 ? backend.view(h0, k * batch * H, [batch, H]) : zeros;
      for (let t = 0; t < steps; t++) {
        const hPrev = t > 0 ? hSteps[t - 1] : initial;
        fillRows(ghSteps[t], layer.biasHh.value);
        backend.matMulTransposedBAccumulate(ghSteps[t], hPrev, layer.weightHh.value);
        backend.gruCellForward(hSteps[t], gateSteps[t], giSteps[t], ghSteps[t], hPrev);
      }
      // The final state of each sequence is the one at its own last step.
      const h = space.rows("h", rows);
      gatherFinal(hN, h, this.#lengths, k, H);
      input = nextLayerInput(this, this.#dropping, k, h, space, rows);
    });
    const last = this.layers[this.numLayers - 1].space;
    // After the loop, input is the last layer's h (a tensor, whatever x was).
    return { output: stackOutput(input as Tensor, lengths, this.#lengths, last, H), hN };
  }

  // From the last step back: the cell gives dgi_t, dgh_t and adds z ⊙ dh_t into
  // dh_{t−1}, then dh_{t−1} += dgh_t W_hh; dW_ih += dgiᵀ x, dW_hh += Σ dgh_tᵀ h_{t−1},
  // db_ih += Σ dgi, db_hh += Σ dgh, d input = dgi W_ih.
  // dOutput: (T·B, H); dhN: (L·B, H), zero when omitted
  backward(dOutput: Tensor, dhN?: Tensor): { dInput: Tensor | null; dh0: Tensor } {
    const { backend } = this;
    const H = this.hiddenSize, batch = this.#batch, steps = this.#steps, rows = steps * batch;
    if (rows === 0) throw new Error("GRU.backward: run forward() first");
    const dh0 = this.state.rows("dh0", this.numLayers * batch);
    backend.zero(dh0);
    const zeros = this.state.rows("zeros", batch);
    // Each layer's input gradient is the one above it; only token ids (layer 0) have none.
    let dAbove: Tensor | null = dOutput;
    for (let k = this.numLayers - 1; k >= 0; k--) {
      const layer = this.layers[k];
      const { space } = layer;
      // Past a sequence's end nothing reaches h; ∂L/∂h_N enters at its last step.
      layerGradient(this, this.#dropping, k, dAbove!, space, rows, this.#lengths, dhN);
      const dgiSteps = space.steps("dgi", batch, steps),
        dghSteps = space.steps("dgh", batch, steps);
      const dhSteps = space.steps("dh", batch, steps), hSteps = space.steps("h", batch, steps);
      const gateSteps = space.steps("gates", batch, steps),
        ghSteps = space.steps("gh", batch, steps);
      const initial = this.#h0 ? backend.view(this.#h0, k * batch * H, [batch, H]) : zeros;
      const dInitial = backend.view(dh0, k * batch * H, [batch, H]);
      for (let t = steps - 1; t >= 0; t--) {
        const target = t > 0 ? dhSteps[t - 1] : dInitial;
        const hPrev = t > 0 ? hSteps[t - 1] : initial;
        backend.gruCellBackward(
          dgiSteps[t],
          dghSteps[t],
          target,
          dhSteps[t],
          gateSteps[t],
          ghSteps[t],
          hPrev,
        );
        backend.matMulAccumulate(target, dghSteps[t], layer.weightHh.value);
        backend.matMulTransposedAAccumulate(layer.weightHh.grad, dghSteps[t], hPrev);
      }
      const dgi = space.rows("dgi", rows), dgh = space.rows("dgh", rows);
      dAbove = inputProjectionBackward(backend, layer, dgi, dgh, this.#inputs[k], space, rows);
    }
    return { dInput: dAbove, dh0 };
  }
}
