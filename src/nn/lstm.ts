// nn.LSTM as PyTorch defines it, on the fused time-loop kernels.
// T = steps, B = batch, I = input size, H = hidden, L = layers; rows are time-major (T·B).
//   i, f, g, o = σ, σ, tanh, σ of (W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), gate order i, f, g, o
//   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t); layer k + 1 reads layer k's h.
// Each layer keeps PyTorch's weight_ih_l{k} (4H, in), weight_hh_l{k} (4H, H) and
// two biases. The input's part of every step is one product before the time
// loop (x W_ihᵀ + b_ih + b_hh); the loop kernel adds h_{t−1} W_hhᵀ per step.
import type { Backend, Tensor } from "../core/backend.ts";
import { fillRows, Workspace } from "../core/workspace.ts";
import type { UniformSource } from "./linear.ts";
import { initSource } from "./init_source.ts";
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

/** Sizes of an {@linkcode LSTM}. */
export interface LstmOptions {
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
  /**
   * Peephole connections (default false; PyTorch has none): each layer gets
   * `weight_peephole_l{k}` (3, H) = p_i, p_f, p_o, and
   * i, f = σ(… + p ⊙ c_{t−1}), o = σ(… + p_o ⊙ c_t) (Gers & Schmidhuber 2002).
   */
  peephole?: boolean;
}

/** Outputs of {@linkcode LSTM.forward}: module-owned buffers, valid until the next call. */
export interface LstmOutput {
  /** (T·B, H): the last layer's h_t for every step. */
  output: Tensor;
  /** (L·B, H): each layer's final h. */
  hN: Tensor;
  /** (L·B, H): each layer's final c. */
  cN: Tensor;
}

/** Gradients from {@linkcode LSTM.backward}. */
export interface LstmInputGradients {
  /** (T·B, I); null for token-id input. */
  dInput: Tensor | null;
  /** (L·B, H): ∂L/∂h0. */
  dh0: Tensor;
  /** (L·B, H): ∂L/∂c0. */
  dc0: Tensor;
}

/**
 * A multi-layer LSTM with PyTorch's names, shapes, gate order and default
 * initialisation (uniform ±1/√H, drawn at construction as PyTorch does),
 * optional initial state, full BPTT.
 *
 * @example One layer, two steps
 * ```ts
 * import { LSTM } from "./lstm.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const lstm = new LSTM(backend, { inputSize: 4, hiddenSize: 3 });
 * lstm.initialize(new NumpyRandom(0));
 * const { output } = lstm.forward(backend.tensor([2, 4], [1, 0, 0, 0, 0, 1, 0, 0]), 1);
 * assert.deepEqual(output.shape, [2, 3]);
 * assert.deepEqual(lstm.parameters().map((p) => p.name).slice(0, 2), ["weight_ih_l0", "weight_hh_l0"]);
 * ```
 */
export class LSTM extends RecurrentStack {
  protected readonly state: Workspace;
  #batch = 0;
  #steps = 0;
  #initial: { h0: Tensor | null; c0: Tensor | null } = { h0: null, c0: null };
  #inputs: SequenceInput[] = [];
  #lengths: number[] = [];
  #dropping = false;

  constructor(backend: Backend, options: LstmOptions) {
    super("LSTM", backend, options);
    const { inputSize, hiddenSize, numLayers } = this;
    const H = hiddenSize;
    for (let k = 0; k < numLayers; k++) {
      const layerInput = k === 0 ? inputSize : H;
      this.layers.push({
        ...layerWeights(backend, k, 4, layerInput, H, options.peephole ?? false),
        space: new Workspace(backend, {
          z: H, // h_{t−1} for every step, written by the loop kernel
          gates: 4 * H,
          c: H,
          tanhC: H,
          h: H,
          dh: H,
          dPre: 4 * H,
          dInput: layerInput,
          out: H,
          dropped: H, // this layer's output after dropout, the next layer's input
          mask: H,
          dDropped: H,
          ones: 1,
        }),
      });
    }
    this.state = new Workspace(backend, { hN: H, cN: H, dh0: H, dc0: H, bias: 4 * H });
    this.initialize(initSource(options.random));
  }

  /**
   * Runs the whole sequence. x: (T·B, I) time-major; h0, c0: (L·B, H), zero
   * when omitted.
   */
  forward(
    x: SequenceInput,
    batch: number,
    h0?: Tensor,
    c0?: Tensor,
    lengths?: readonly number[],
  ): LstmOutput {
    const { backend } = this;
    const H = this.hiddenSize;
    const begun = beginForward("LSTM", this, x, batch, { h0, c0 }, lengths);
    const rows = sequenceRows(x);
    this.#steps = begun.steps;
    this.#batch = batch;
    this.#dropping = begun.dropping;
    this.#lengths = begun.lengths;
    this.#initial = { h0: h0 ?? null, c0: c0 ?? null };
    this.state.ensure(this.numLayers * batch);
    const hN = this.state.rows("hN", this.numLayers * batch);
    const cN = this.state.rows("cN", this.numLayers * batch);
    this.#inputs = [];
    let input: SequenceInput = x;
    this.layers.forEach((layer, k) => {
      const { space } = layer;
      space.ensure(rows);
      this.#inputs.push(input);
      // gates = x W_ihᵀ + b_ih + b_hh for every step at once.
      const bias = this.state.rows("bias", 1);
      combinedBias(backend, bias, layer);
      const gates = space.rows("gates", rows);
      fillRows(gates, bias);
      projectInput(backend, gates, input, layer.weightIh.value);
      const z = space.rows("z", rows);
      backend.zero(z);
      if (h0) z.data.set(h0.data.subarray(k * batch * H, (k + 1) * batch * H));
      const h = space.rows("h", rows), c = space.rows("c", rows);
      backend.lstmSequenceForward(
        h,
        c,
        space.rows("tanhC", rows),
        gates,
        z,
        layer.weightHh.value,
        batch,
        {
          c0: c0 ? backend.view(c0, k * batch * H, [batch, H]) : undefined,
          peephole: layer.peephole?.value,
        },
      );
      // The final state of each sequence is the one at its own last step.
      gatherFinal(hN, h, this.#lengths, k, H);
      gatherFinal(cN, c, this.#lengths, k, H);
      input = nextLayerInput(this, this.#dropping, k, h, space, rows);
    });
    const last = this.layers[this.numLayers - 1].space;
    // After the loop, input is the last layer's h (a tensor, whatever x was).
    return { output: stackOutput(input as Tensor, lengths, this.#lengths, last, H), hN, cN };
  }

  /**
   * Adds every parameter's gradient and returns the input and initial-state
   * gradients. dOutput: (T·B, H); dhN, dcN: (L·B, H), zero when omitted.
   */
  backward(dOutput: Tensor, dhN?: Tensor, dcN?: Tensor): LstmInputGradients {
    const { backend } = this;
    const H = this.hiddenSize, batch = this.#batch, rows = this.#steps * batch;
    if (rows === 0) throw new Error("LSTM.backward: run forward() first");
    const dh0 = this.state.rows("dh0", this.numLayers * batch);
    const dc0 = this.state.rows("dc0", this.numLayers * batch);
    backend.zero(dh0);
    // Each layer's input gradient is the one above it; only token ids (layer 0) have none.
    let dAbove: Tensor | null = dOutput;
    for (let k = this.numLayers - 1; k >= 0; k--) {
      const layer = this.layers[k];
      const { space } = layer;
      const lengths = this.#lengths;
      layerGradient(this, this.#dropping, k, dAbove!, space, rows, lengths, dhN);
      const dc = backend.view(dc0, k * batch * H, [batch, H]);
      backend.zero(dc);
      const dPre = space.rows("dPre", rows);
      const c0 = this.#initial.c0
        ? backend.view(this.#initial.c0, k * batch * H, [batch, H])
        : undefined;
      // The loop runs in segments between sequence ends, so that ∂L/∂c_N of a
      // sequence enters the running dc at that sequence's own last step.
      const ends = [...new Set([...lengths, this.#steps])].sort((a, b) => b - a);
      for (let i = 0; i < ends.length; i++) {
        const end = ends[i], start = ends[i + 1] ?? 0;
        if (dcN) {
          for (let b = 0; b < batch; b++) {
            if (lengths[b] !== end) continue;
            for (let j = 0; j < H; j++) dc.data[b * H + j] += dcN.data[(k * batch + b) * H + j];
          }
        }
        if (end === start) continue;
        const segment = (name: string, width: number) =>
          backend.view(space.rows(name, rows), start * batch * width, [
            (end - start) * batch,
            width,
          ]);
        const previous = (name: string) =>
          backend.view(space.rows(name, rows), (start - 1) * batch * H, [batch, H]);
        backend.lstmSequenceBackward(
          segment("dPre", 4 * H),
          dc,
          segment("dh", H),
          segment("gates", 4 * H),
          segment("tanhC", H),
          segment("c", H),
          layer.weightHh.value,
          batch,
          {
            c0: start > 0 ? previous("c") : c0,
            dh0: start > 0 ? previous("dh") : backend.view(dh0, k * batch * H, [batch, H]),
            peephole: layer.peephole?.value,
            dPeephole: layer.peephole?.grad,
          },
        );
      }
      // z holds h_{t−1} for every step, so dW_hh is one product too.
      backend.matMulTransposedAAccumulate(layer.weightHh.grad, dPre, space.rows("z", rows));
      dAbove = inputProjectionBackward(backend, layer, dPre, dPre, this.#inputs[k], space, rows);
    }
    return { dInput: dAbove, dh0, dc0 };
  }
}
