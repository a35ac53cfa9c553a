// Weights in PyTorch's layout and names, for safetensors: the lab's PyTorch
// module is `self.lstm` (or `gru`, `rnn`) followed by `self.l_out`, so its
// state dict holds `lstm.weight_ih_l0` … and `l_out.weight` (`l_out.bias`).
import type { Backend } from "../core/backend.ts";
import type { CheckpointTensor } from "../io/checkpoint.ts";
import type { SequenceModel } from "./model.ts";
import { NnSequenceModel } from "./nn_sequence_model.ts";
import { type ModelRegistry, MODELS } from "./registry.ts";

/**
 * The model's weights as the lab's PyTorch module would hold them: the kind's
 * own layout where it has one (the lab's from-scratch models), else its
 * parameters under their names.
 */
export function torchStateDict(
  model: SequenceModel,
  registry: ModelRegistry = MODELS,
): CheckpointTensor[] {
  const kind = registry.get(model.kind);
  if (!kind.torchStateDict) {
    throw new TypeError(`torchStateDict: no PyTorch layout for a model of kind '${model.kind}'`);
  }
  return kind.torchStateDict(model);
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
