// nn.LSTM as PyTorch defines it, on the fused time-loop kernels.
// T = steps, B = batch, I = input size, H = hidden, L = layers; rows are time-major (T·B).
//   i, f, g, o = σ, σ, tanh, σ of (W_ih x_t + b_ih + W_hh h_{t−1} + b_hh), gate order i, f, g, o
//   c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t); layer k + 1 reads layer k's h.
// Each layer keeps PyTorch's weight_ih_l{k} (4H, in), weight_hh_l{k} (4H, H) and
// two biases; for the kernels they are packed into one (4H, H + in) matrix over
// z_t = [h_{t−1}; x_t] before each forward pass, and the gradient unpacked after.
import type { Backend, Tensor } from "../backend.ts";
import type { Parameter } from "../models/model.ts";
import { fillRows } from "../models/softmax_output.ts";
import { Workspace } from "../models/workspace.ts";
import { initUniform, type UniformSource } from "./linear.ts";

/** Sizes of an {@linkcode LSTM}. */
export interface LstmOptions {
  inputSize: number;
  hiddenSize: number;
  /** Stacked layers (default 1). */
  numLayers?: number;
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
  /** (T·B, I). */
  dInput: Tensor;
  /** (L·B, H): ∂L/∂h0. */
  dh0: Tensor;
  /** (L·B, H): ∂L/∂c0. */
  dc0: Tensor;
}

interface Layer {
  inputSize: number;
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh: Parameter;
  biasHh: Parameter;
  /** [weight_hh | weight_ih]: (4H, H + in). */
  packed: Tensor;
  packedGrad: Tensor;
  space: Workspace;
}

/**
 * A multi-layer LSTM with PyTorch's names, shapes, gate order and default
 * initialisation (uniform ±1/√H), optional initial state, full BPTT.
 *
 * @example One layer, two steps
 * ```ts
 * import { LSTM } from "./lstm.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../reference_backend.ts";
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
export class LSTM {
  readonly backend: Backend;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly #layers: Layer[] = [];
  readonly #state: Workspace;
  #batch = 0;
  #steps = 0;
  #initial: { h0: Tensor | null; c0: Tensor | null } = { h0: null, c0: null };

  constructor(backend: Backend, options: LstmOptions) {
    const { inputSize, hiddenSize, numLayers = 1 } = options;
    for (const [name, value] of Object.entries({ inputSize, hiddenSize, numLayers })) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`LSTM ${name} must be a positive integer, got ${value}`);
      }
    }
    this.backend = backend;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    const H = hiddenSize;
    const parameter = (name: string, shape: number[]): Parameter => ({
      name,
      value: backend.tensor(shape),
      grad: backend.tensor(shape),
    });
    for (let k = 0; k < numLayers; k++) {
      const layerInput = k === 0 ? inputSize : H;
      const Z = H + layerInput;
      this.#layers.push({
        inputSize: layerInput,
        weightIh: parameter(`weight_ih_l${k}`, [4 * H, layerInput]),
        weightHh: parameter(`weight_hh_l${k}`, [4 * H, H]),
        biasIh: parameter(`bias_ih_l${k}`, [4 * H]),
        biasHh: parameter(`bias_hh_l${k}`, [4 * H]),
        packed: backend.tensor([4 * H, Z]),
        packedGrad: backend.tensor([4 * H, Z]),
        space: new Workspace(backend, {
          z: Z,
          gates: 4 * H,
          c: H,
          tanhC: H,
          h: H,
          dh: H,
          dPre: 4 * H,
          dInput: layerInput,
          ones: 1,
        }),
      });
    }
    this.#state = new Workspace(backend, { hN: H, cN: H, dh0: H, dc0: H, bias: 4 * H });
  }

  /** PyTorch's default: every weight and bias uniform in ±1/√H. */
  initialize(random: UniformSource): void {
    const bound = 1 / Math.sqrt(this.hiddenSize);
    for (const parameter of this.parameters()) initUniform(parameter, bound, random);
  }

  /** The parameters in PyTorch's order: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, … */
  parameters(): Parameter[] {
    return this.#layers.flatMap((
      layer,
    ) => [layer.weightIh, layer.weightHh, layer.biasIh, layer.biasHh]);
  }

  /**
   * Runs the whole sequence. x: (T·B, I) time-major; h0, c0: (L·B, H), zero
   * when omitted.
   */
  forward(x: Tensor, batch: number, h0?: Tensor, c0?: Tensor): LstmOutput {
    const { backend } = this;
    const H = this.hiddenSize;
    if (x.shape.length !== 2 || x.shape[1] !== this.inputSize || x.shape[0] % batch !== 0) {
      throw new RangeError(
        `LSTM.forward: input has shape [${
          x.shape.join(", ")
        }], expected [T·${batch}, ${this.inputSize}]`,
      );
    }
    for (const [name, state] of [["h0", h0], ["c0", c0]] as const) {
      if (state && state.size !== this.numLayers * batch * H) {
        throw new RangeError(
          `LSTM.forward: ${name} has shape [${state.shape.join(", ")}], expected [${
            this.numLayers * batch
          }, ${H}]`,
        );
      }
    }
    const rows = x.shape[0];
    this.#steps = rows / batch;
    this.#batch = batch;
    this.#initial = { h0: h0 ?? null, c0: c0 ?? null };
    this.#state.ensure(this.numLayers * batch);
    const hN = this.#state.rows("hN", this.numLayers * batch);
    const cN = this.#state.rows("cN", this.numLayers * batch);
    let input = x;
    this.#layers.forEach((layer, k) => {
      const { space } = layer;
      space.ensure(rows);
      this.#pack(layer);
      const Z = H + layer.inputSize;
      const z = space.rows("z", rows);
      // z_t = [h_{t−1}; x_t]: inputs in columns H…, h0 in the first step's h part.
      const zData = z.data, inputData = input.data;
      zData.fill(0);
      for (let r = 0; r < rows; r++) {
        zData.set(inputData.subarray(r * layer.inputSize, (r + 1) * layer.inputSize), r * Z + H);
      }
      if (h0) {
        const h0Data = h0.data;
        for (let b = 0; b < batch; b++) {
          zData.set(h0Data.subarray((k * batch + b) * H, (k * batch + b + 1) * H), b * Z);
        }
      }
      const bias = this.#state.rows("bias", 1);
      backend.copy(bias, layer.biasIh.value);
      bias.data.forEach((_, i, data) => data[i] += layer.biasHh.value.data[i]);
      const gates = space.rows("gates", rows);
      fillRows(gates, bias);
      const h = space.rows("h", rows), c = space.rows("c", rows);
      backend.lstmSequenceForward(
        h,
        c,
        space.rows("tanhC", rows),
        gates,
        z,
        layer.packed,
        batch,
        c0 ? backend.view(c0, k * batch * H, [batch, H]) : undefined,
      );
      const last = (rows - batch) * H;
      hN.data.set(h.data.subarray(last, last + batch * H), k * batch * H);
      cN.data.set(c.data.subarray(last, last + batch * H), k * batch * H);
      input = h;
    });
    return { output: input, hN, cN };
  }

  /**
   * Adds every parameter's gradient and returns the input and initial-state
   * gradients. dOutput: (T·B, H); dhN, dcN: (L·B, H), zero when omitted.
   */
  backward(dOutput: Tensor, dhN?: Tensor, dcN?: Tensor): LstmInputGradients {
    const { backend } = this;
    const H = this.hiddenSize, batch = this.#batch, rows = this.#steps * batch;
    if (rows === 0) throw new Error("LSTM.backward: run forward() first");
    const dh0 = this.#state.rows("dh0", this.numLayers * batch);
    const dc0 = this.#state.rows("dc0", this.numLayers * batch);
    backend.zero(dh0);
    let dAbove = dOutput;
    for (let k = this.numLayers - 1; k >= 0; k--) {
      const layer = this.#layers[k];
      const { space } = layer;
      const dh = space.rows("dh", rows);
      backend.copy(dh, dAbove);
      const last = (rows - batch) * H;
      if (dhN) {
        dhN.data.subarray(k * batch * H, (k + 1) * batch * H)
          .forEach((v, i) => dh.data[last + i] += v);
      }
      const dc = backend.view(dc0, k * batch * H, [batch, H]);
      if (dcN) dc.data.set(dcN.data.subarray(k * batch * H, (k + 1) * batch * H));
      else backend.zero(dc);
      const dPre = space.rows("dPre", rows);
      const c0 = this.#initial.c0
        ? backend.view(this.#initial.c0, k * batch * H, [batch, H])
        : undefined;
      backend.lstmSequenceBackward(
        dPre,
        dc,
        dh,
        space.rows("gates", rows),
        space.rows("tanhC", rows),
        space.rows("c", rows),
        layer.packed,
        batch,
        c0,
        backend.view(dh0, k * batch * H, [batch, H]),
      );
      // dW = Σ dpre_t z_tᵀ over the packed [W_hh | W_ih], then unpacked.
      backend.zero(layer.packedGrad);
      backend.matMulTransposedAAccumulate(layer.packedGrad, dPre, space.rows("z", rows));
      this.#unpackGradient(layer);
      const ones = space.rows("ones", rows);
      ones.data.fill(1);
      backend.matVecTransposedAccumulate(layer.biasIh.grad, dPre, ones);
      backend.matVecTransposedAccumulate(layer.biasHh.grad, dPre, ones);
      const dInput = space.rows("dInput", rows);
      backend.zero(dInput);
      backend.matMulAccumulateColumns(dInput, dPre, layer.packed, H);
      dAbove = dInput;
    }
    return { dInput: dAbove, dh0, dc0 };
  }

  // packed = [weight_hh | weight_ih], row by row
  #pack(layer: Layer): void {
    const H = this.hiddenSize, I = layer.inputSize, Z = H + I;
    const packed = layer.packed.data,
      hh = layer.weightHh.value.data,
      ih = layer.weightIh.value.data;
    for (let r = 0; r < 4 * H; r++) {
      packed.set(hh.subarray(r * H, (r + 1) * H), r * Z);
      packed.set(ih.subarray(r * I, (r + 1) * I), r * Z + H);
    }
  }

  // weight_hh.grad += packedGrad[:, :H];  weight_ih.grad += packedGrad[:, H:]
  #unpackGradient(layer: Layer): void {
    const H = this.hiddenSize, I = layer.inputSize, Z = H + I;
    const packed = layer.packedGrad.data;
    const hh = layer.weightHh.grad.data, ih = layer.weightIh.grad.data;
    for (let r = 0; r < 4 * H; r++) {
      for (let j = 0; j < H; j++) hh[r * H + j] += packed[r * Z + j];
      for (let j = 0; j < I; j++) ih[r * I + j] += packed[r * Z + H + j];
    }
  }
}
