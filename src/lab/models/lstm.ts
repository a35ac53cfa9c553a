// The lab's LSTM with correct backpropagation through time, batched.
// T = steps, B = batch, H = hidden, V = vocabulary, Z = H + V.
//   z_t = [h_{t−1}; x_t];  i, f, o = σ(W_{i,f,o} z_t + b);  g = tanh(W_g z_t + b_g)
//   c_t = f ⊙ c_{t−1} + i ⊙ g;  h_t = o ⊙ tanh(c_t);  p_t = softmax(W_v h_t + b_v)
// The four gate matrices live in one (4H, Z) matrix in the kernels' gate order
// i, f, g, o, so a step is one product and one fused cell kernel; the lab's
// W_f, W_i, W_g, W_o and b_f … b_o are views of its row blocks.
import type { Backend, Tensor } from "../../core/backend.ts";
import { initOrthogonal, type NormalSource } from "../../init/orthogonal.ts";
import type { Parameter } from "../../core/parameter.ts";
import type { RecurrentState, SequenceModel } from "../../models/model.ts";
import type { SequenceBatch } from "../../models/sequence_batch.ts";
import { softmaxOutputBackward, softmaxOutputForward } from "./softmax_output.ts";
import { fillRows, Workspace } from "../../core/workspace.ts";
import { parameterBlock } from "../../core/parameter_block.ts";

/** Sizes of an {@linkcode LSTM}. */
export interface LstmOptions {
  vocabularySize: number;
  hiddenSize: number;
}

// Row blocks of the fused gate matrix, in the kernels' order.
const GATE_BLOCK = { i: 0, f: 1, g: 2, o: 3 } as const;

/**
 * The lab's LSTM: parameters W_f, W_i, W_g, W_o (H, H + V) over z = [h; x],
 * b_f, b_i, b_g, b_o (H), W_v (V, H), b_v (V), with full BPTT through h and c.
 *
 * @example One forward and backward pass
 * ```ts
 * import { LSTM } from "./lstm.ts";
 * import { makeBatch } from "../../models/sequence_batch.ts";
 * import { NumpyRandom } from "../../data/numpy_random.ts";
 * import { createReferenceBackend } from "../../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new LSTM(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 8 });
 * model.initialize(new NumpyRandom(42));
 * const batch = makeBatch([{ words: [], inputs: Int32Array.of(0, 1), targets: Int32Array.of(1, 2) }]);
 * assert.ok(model.forward(batch) > 0);
 * model.backward();
 * ```
 */
export class LSTM implements SequenceModel {
  readonly kind = "lstm";
  readonly backend: Backend;
  readonly vocabularySize: number;
  readonly hiddenSize: number;
  /** All parameters under the lab's names (the gate ones are views of W and b). */
  readonly parameters: readonly Parameter[];
  readonly storage: readonly Parameter[];
  /** The fused gate weights (4H, H + V), row blocks i, f, g, o. */
  readonly W: Parameter;
  /** The fused gate biases (4H). */
  readonly b: Parameter;
  readonly Wv: Parameter;
  readonly bv: Parameter;
  readonly #workspace: Workspace;
  #batch: SequenceBatch | null = null;

  constructor(backend: Backend, options: LstmOptions) {
    const { vocabularySize, hiddenSize } = options;
    for (const [name, value] of Object.entries(options)) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`LSTM ${name} must be a positive integer, got ${value}`);
      }
    }
    this.backend = backend;
    this.vocabularySize = vocabularySize;
    this.hiddenSize = hiddenSize;
    const H = hiddenSize, Z = hiddenSize + vocabularySize;
    const { storage, parameters: [W, b, Wv, bv] } = parameterBlock(backend, [
      { name: "W", shape: [4 * H, Z] },
      { name: "b", shape: [4 * H] },
      { name: "W_v", shape: [vocabularySize, H] },
      { name: "b_v", shape: [vocabularySize] },
    ]);
    this.W = W;
    this.b = b;
    this.Wv = Wv;
    this.bv = bv;
    const block = (fused: Parameter, name: string, gate: keyof typeof GATE_BLOCK): Parameter => {
      const width = fused.value.shape.length === 2 ? Z : 1;
      const shape = width === 1 ? [H] : [H, Z];
      const offset = GATE_BLOCK[gate] * H * width;
      return {
        name,
        value: backend.view(fused.value, offset, shape),
        grad: backend.view(fused.grad, offset, shape),
      };
    };
    this.parameters = [
      block(this.W, "W_f", "f"),
      block(this.W, "W_i", "i"),
      block(this.W, "W_g", "g"),
      block(this.W, "W_o", "o"),
      block(this.b, "b_f", "f"),
      block(this.b, "b_i", "i"),
      block(this.b, "b_g", "g"),
      block(this.b, "b_o", "o"),
      this.Wv,
      this.bv,
    ];
    this.storage = [storage];
    this.#workspace = new Workspace(backend, {
      z: Z, // [h_{t−1}, x_t]
      gates: 4 * H, // pre-activations, then i, f, g, o in place
      c: H,
      tanhC: H,
      h: H,
      logits: vocabularySize,
      probs: vocabularySize,
      dLogits: vocabularySize,
      dh: H, // gradient reaching h_t
      dPre: 4 * H,
      dc: H, // running gradient reaching c_t, one step's rows
      ones: 1,
    });
  }

  /**
   * The lab's initialisation: W_f, W_i, W_g, W_o and W_v orthogonal, drawn in
   * that order from the stream the dataset came from; biases zero. (With seed
   * 42 this gives the NumPy reference's 0.265 nats per token after 200 epochs.)
   */
  initialize(random: NormalSource): void {
    const [Wf, Wi, Wg, Wo] = this.parameters;
    for (const parameter of [Wf, Wi, Wg, Wo, this.Wv]) {
      initOrthogonal(this.backend, parameter.value, random);
    }
    this.backend.zero(this.b.value);
    this.backend.zero(this.bv.value);
  }

  get probabilities(): Tensor {
    if (!this.#batch) throw new Error("LSTM.probabilities: run forward() first");
    return this.#workspace.rows("probs", this.#batch.steps * this.#batch.size);
  }

  // gates_t = W z_t + b, then the fused cell: i, f, g, o, c_t, tanh c_t, h_t
  // z: (T·B, Z), gates: (T·B, 4H), c, tanhC, h: (T·B, H), logits, probs: (T·B, V)
  forward(batch: SequenceBatch): number {
    const { backend } = this;
    const { steps, size } = batch;
    const rows = steps * size;
    const H = this.hiddenSize;
    const space = this.#workspace;
    space.ensure(rows);
    const z = space.rows("z", rows);
    writeInputs(z, batch.inputs, H);
    fillRows(space.rows("gates", rows), this.b.value);
    // The time loop runs inside one kernel: z_t[:, :H] = h_{t−1}, gates_t += z_t Wᵀ, cell.
    backend.lstmSequenceForward(
      space.rows("h", rows),
      space.rows("c", rows),
      space.rows("tanhC", rows),
      space.rows("gates", rows),
      z,
      this.W.value,
      size,
    );
    this.#batch = batch;
    return softmaxOutputForward(backend, space, rows, this.Wv, this.bv, batch.targets);
  }

  // dh_t = W_vᵀ do_t + (Wᵀ dpre_{t+1})[:H];  dc_t from the cell of step t+1;
  // the cell kernel turns (dh_t, dc_t) into dpre_t and dc_{t−1};
  // dW += Σ dpre_t z_tᵀ,  db += Σ dpre_t,  dW_v += Σ do_t h_tᵀ,  db_v += Σ do_t
  backward(): void {
    const batch = this.#batch;
    if (!batch) throw new Error("LSTM.backward: run forward() first");
    const { backend } = this;
    const { steps, size } = batch;
    const rows = steps * size;
    const space = this.#workspace;
    const { dh, ones } = softmaxOutputBackward(
      backend,
      space,
      rows,
      this.Wv,
      this.bv,
      batch.targets,
    );
    const dc = space.rows("dc", size);
    backend.zero(dc);
    // From the last step back: the cell gives dpre_t, then dh_{t−1} += (dpre_t W)[:, :H].
    backend.lstmSequenceBackward(
      space.rows("dPre", rows),
      dc,
      dh,
      space.rows("gates", rows),
      space.rows("tanhC", rows),
      space.rows("c", rows),
      this.W.value,
      size,
    );
    const dPre = space.rows("dPre", rows);
    backend.matMulTransposedAAccumulate(this.W.grad, dPre, space.rows("z", rows));
    backend.matVecTransposedAccumulate(this.b.grad, dPre, ones);
  }

  createState(): RecurrentState {
    const { backend } = this;
    return {
      tensors: [backend.tensor([1, this.hiddenSize]), backend.tensor([1, this.hiddenSize])],
    };
  }

  step(state: RecurrentState, token: number): Float64Array {
    const { backend } = this;
    const [h, c] = state.tensors;
    const H = this.hiddenSize;
    const z = backend.tensor([1, H + this.vocabularySize]);
    writeInputs(z, [token], H);
    z.data.set(h.data, 0);
    const gates = backend.tensor([1, 4 * H]);
    fillRows(gates, this.b.value);
    backend.matMulTransposedBAccumulate(gates, z, this.W.value);
    const cPrev = backend.tensor([1, H]);
    backend.copy(cPrev, c);
    const tanhC = backend.tensor([1, H]);
    backend.lstmCellForward(h, c, tanhC, gates, gates, cPrev);
    const logits = backend.tensor([1, this.vocabularySize]);
    fillRows(logits, this.bv.value);
    backend.matMulTransposedBAccumulate(logits, h, this.Wv.value);
    backend.softmaxForward(logits, logits);
    const probabilities = Float64Array.from(logits.data);
    for (const tensor of [z, gates, cPrev, tanhC, logits]) backend.free(tensor);
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

/** Sets z (R, H + V) to [0 … 0 | one-hot(inputs)] row by row (h is filled in per step). */
function writeInputs(z: Tensor, inputs: ArrayLike<number>, hidden: number): void {
  const data = z.data;
  const width = z.shape[1];
  data.fill(0);
  for (let row = 0; row < inputs.length; row++) {
    const index = inputs[row];
    if (index >= width - hidden) {
      throw new RangeError(`Index ${index} does not fit a one-hot of size ${width - hidden}`);
    }
    if (index >= 0) data[row * width + hidden + index] = 1;
  }
}
