// The lab's from-scratch models as registry entries, beside the library's nn
// kinds: `LAB_MODELS` is what the lab's tasks, checkpoints and export use.
import type { CheckpointTensor } from "../../io/checkpoint.ts";
import type { SequenceModel } from "../../models/model.ts";
import { type ModelKind, type ModelRegistry, MODELS } from "../../models/registry.ts";
import { LSTM } from "./lstm.ts";
import { RNN } from "./rnn.ts";

function tensor(
  name: string,
  shape: number[],
  values: ArrayLike<number>,
  f32: boolean,
): CheckpointTensor {
  return f32
    ? { name, shape, dtype: "f32", values: Float32Array.from(values) }
    : { name, shape, dtype: "f64", values: Float64Array.from(values) };
}

// Columns [from, to) of a row-major (rows, width) matrix.
function columns(values: ArrayLike<number>, rows: number, width: number, from: number, to: number) {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = from; c < to; c++) out.push(values[r * width + c]);
  }
  return out;
}

function as<T>(Model: new (...args: never[]) => T, model: SequenceModel): T {
  if (!(model instanceof Model)) {
    throw new TypeError(`Model kind '${model.kind}' is not a ${Model.name}`);
  }
  return model;
}

function refuseScheme(kind: string, scheme: string | undefined): void {
  if (scheme !== undefined && scheme !== "orthogonal") {
    throw new RangeError(`The lab's ${kind} initialises orthogonally only, not '${scheme}'`);
  }
}

/**
 * The lab's vanilla RNN (exercises B–G); exports as `nn.RNN` (tanh) + `nn.Linear`.
 *
 * @example
 * ```ts
 * import { LAB_RNN } from "./registry.ts";
 * import { createReferenceBackend } from "../../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const rnn = LAB_RNN.create(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 3 });
 * assert.deepEqual(LAB_RNN.torchStateDict!(rnn).map((t) => t.name)[0], "rnn.weight_ih_l0");
 * ```
 */
export const LAB_RNN: ModelKind = {
  kind: "rnn",
  summary: "the lab's vanilla RNN from scratch (U, V, W, orthogonal initialisation)",
  create: (backend, { vocabularySize, hiddenSize }) =>
    new RNN(backend, { vocabularySize, hiddenSize }),
  initialize: (model, random, scheme) => {
    refuseScheme("RNN", scheme);
    as(RNN, model).initialize(random);
  },
  options: () => ({}),
  torchStateDict: (model) => {
    const rnn = as(RNN, model);
    const f32 = rnn.U.value.data instanceof Float32Array, H = rnn.hiddenSize;
    const V = rnn.vocabularySize;
    return [
      tensor("rnn.weight_ih_l0", [H, V], rnn.U.value.data, f32),
      tensor("rnn.weight_hh_l0", [H, H], rnn.V.value.data, f32),
      tensor("rnn.bias_ih_l0", [H], rnn.bHidden.value.data, f32),
      tensor("rnn.bias_hh_l0", [H], new Float64Array(H), f32),
      tensor("l_out.weight", [V, H], rnn.W.value.data, f32),
      tensor("l_out.bias", [V], rnn.bOut.value.data, f32),
    ];
  },
};

/**
 * The lab's LSTM (exercises H–I); exports as `nn.LSTM` + `nn.Linear`: its fused
 * gates are already in PyTorch's order i, f, g, o, and its single bias becomes
 * `bias_ih`, with `bias_hh` zero.
 *
 * @example
 * ```ts
 * import { LAB_LSTM } from "./registry.ts";
 * import { createReferenceBackend } from "../../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const lstm = LAB_LSTM.create(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 3 });
 * const shapes = LAB_LSTM.torchStateDict!(lstm).map((t) => t.shape);
 * assert.deepEqual(shapes.slice(0, 2), [[12, 4], [12, 3]]); // weight_ih_l0, weight_hh_l0
 * ```
 */
export const LAB_LSTM: ModelKind = {
  kind: "lstm",
  summary: "the lab's LSTM from scratch (gates over z = [h; x], orthogonal initialisation)",
  create: (backend, { vocabularySize, hiddenSize }) =>
    new LSTM(backend, { vocabularySize, hiddenSize }),
  initialize: (model, random, scheme) => {
    refuseScheme("LSTM", scheme);
    as(LSTM, model).initialize(random);
  },
  options: () => ({}),
  torchStateDict: (model) => {
    const lstm = as(LSTM, model);
    const f32 = lstm.W.value.data instanceof Float32Array, H = lstm.hiddenSize;
    const V = lstm.vocabularySize, Z = H + V, W = lstm.W.value.data;
    return [
      tensor("lstm.weight_ih_l0", [4 * H, V], columns(W, 4 * H, Z, H, Z), f32),
      tensor("lstm.weight_hh_l0", [4 * H, H], columns(W, 4 * H, Z, 0, H), f32),
      tensor("lstm.bias_ih_l0", [4 * H], lstm.b.value.data, f32),
      tensor("lstm.bias_hh_l0", [4 * H], new Float64Array(4 * H), f32),
      tensor("l_out.weight", [V, H], lstm.Wv.value.data, f32),
      tensor("l_out.bias", [V], lstm.bv.value.data, f32),
    ];
  },
};

/**
 * Every kind the lab's tasks know: its two from-scratch models, then the library's nn kinds.
 *
 * @example
 * ```ts
 * import { LAB_MODELS } from "./registry.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(LAB_MODELS.names, ["nn-lstm", "nn-gru", "rnn", "lstm"]);
 * ```
 */
export const LAB_MODELS: ModelRegistry = MODELS.with(LAB_RNN, LAB_LSTM);
