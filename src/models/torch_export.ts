// Weights in PyTorch's layout and names, for safetensors: the lab's PyTorch
// module is `self.lstm` (or `gru`, `rnn`) followed by `self.l_out`, so its
// state dict holds `lstm.weight_ih_l0` … and `l_out.weight` (`l_out.bias`).
import type { Backend } from "../backend.ts";
import type { CheckpointTensor } from "../io/checkpoint.ts";
import { LSTM } from "./lstm.ts";
import type { SequenceModel } from "./model.ts";
import { NnSequenceModel } from "./nn_sequence_model.ts";
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

/**
 * The model's weights as the lab's PyTorch module would hold them. The
 * from-scratch LSTM maps to `nn.LSTM` (its fused gates are already in
 * PyTorch's order i, f, g, o; its single bias becomes `bias_ih`, with
 * `bias_hh` zero) and the from-scratch RNN to `nn.RNN` (tanh).
 */
export function torchStateDict(model: SequenceModel): CheckpointTensor[] {
  const f32 = model.parameters[0].value.data instanceof Float32Array;
  const H = model.hiddenSize, V = model.vocabularySize;
  if (model instanceof NnSequenceModel) {
    if (model.peephole) {
      throw new RangeError(
        "torchStateDict: PyTorch's nn.LSTM has no peephole connections, so this model has no PyTorch layout",
      );
    }
    return model.parameters.map((p) => tensor(p.name, [...p.value.shape], p.value.data, f32));
  }
  if (model instanceof LSTM) {
    const W = model.W.value.data, Z = H + V;
    return [
      tensor("lstm.weight_ih_l0", [4 * H, V], columns(W, 4 * H, Z, H, Z), f32),
      tensor("lstm.weight_hh_l0", [4 * H, H], columns(W, 4 * H, Z, 0, H), f32),
      tensor("lstm.bias_ih_l0", [4 * H], model.b.value.data, f32),
      tensor("lstm.bias_hh_l0", [4 * H], new Float64Array(4 * H), f32),
      tensor("l_out.weight", [V, H], model.Wv.value.data, f32),
      tensor("l_out.bias", [V], model.bv.value.data, f32),
    ];
  }
  if (model instanceof RNN) {
    return [
      tensor("rnn.weight_ih_l0", [H, V], model.U.value.data, f32),
      tensor("rnn.weight_hh_l0", [H, H], model.V.value.data, f32),
      tensor("rnn.bias_ih_l0", [H], model.bHidden.value.data, f32),
      tensor("rnn.bias_hh_l0", [H], new Float64Array(H), f32),
      tensor("l_out.weight", [V, H], model.W.value.data, f32),
      tensor("l_out.bias", [V], model.bOut.value.data, f32),
    ];
  }
  throw new TypeError(`torchStateDict: no PyTorch layout for a model of kind '${model.kind}'`);
}

/**
 * Rebuilds an `nn` model from a PyTorch state dict of the lab's module with
 * an `lstm` or `gru` layer (any number of layers, output bias or not).
 */
export function modelFromTorchStateDict(
  tensors: readonly CheckpointTensor[],
  backend: Backend,
  source: string,
): NnSequenceModel {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const cell = byName.has("lstm.weight_ih_l0")
    ? "lstm"
    : byName.has("gru.weight_ih_l0")
    ? "gru"
    : null;
  if (!cell) {
    throw new RangeError(
      `${source}: expected 'lstm.weight_ih_l0' or 'gru.weight_ih_l0' (the lab's module names)`,
    );
  }
  const first = byName.get(`${cell}.weight_ih_l0`)!;
  const gates = cell === "lstm" ? 4 : 3;
  const hiddenSize = first.shape[0] / gates, vocabularySize = first.shape[1];
  let numLayers = 0;
  while (byName.has(`${cell}.weight_ih_l${numLayers}`)) numLayers++;
  const model = new NnSequenceModel(backend, {
    cell,
    vocabularySize,
    hiddenSize,
    numLayers,
    outputBias: byName.has("l_out.bias"),
  });
  for (const parameter of model.parameters) {
    const stored = byName.get(parameter.name);
    if (!stored || stored.shape.join(",") !== parameter.value.shape.join(",")) {
      throw new RangeError(
        `${source}: '${parameter.name}' is ${
          stored ? `[${stored.shape.join(", ")}]` : "missing"
        }, expected [${parameter.value.shape.join(", ")}]`,
      );
    }
    parameter.value.data.set(stored.values);
  }
  return model;
}
