// Models to and from checkpoint files: the parameters under the lab's names,
// the vocabulary and the configuration, so a file alone rebuilds the model.
import type { Backend } from "../core/backend.ts";
import { Vocabulary } from "../data/vocabulary.ts";
import { type Checkpoint, CheckpointError } from "../io/checkpoint.ts";
import type { SequenceModel } from "./model.ts";
import { type ModelRegistry, MODELS } from "./registry.ts";

/**
 * A checkpoint of `model`: its parameters (f32 from wasm, f64 from
 * reference), vocabulary, sizes and whatever `metadata` the caller adds.
 *
 * @example The caller's metadata travels with the model's own
 * ```ts
 * import { modelCheckpoint } from "./model_checkpoint.ts";
 * import { MODELS } from "./registry.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import { decodeCheckpoint, encodeCheckpoint } from "../io/checkpoint.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const sizes = { vocabularySize: 4, hiddenSize: 4 };
 * const model = MODELS.build("nn-gru", createReferenceBackend(), sizes);
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * const bytes = encodeCheckpoint(modelCheckpoint(model, vocabulary, { epoch: 3 }));
 * const { kind, metadata } = decodeCheckpoint(bytes, "in-memory");
 * assert.equal(kind, "nn-gru");
 * assert.deepEqual([metadata.epoch, metadata.vocabulary], [3, vocabulary.words]);
 * ```
 */
export function modelCheckpoint(
  model: SequenceModel,
  vocabulary: Vocabulary,
  metadata: Record<string, unknown> = {},
  registry: ModelRegistry = MODELS,
): Checkpoint {
  return {
    kind: model.kind,
    metadata: {
      ...metadata,
      vocabulary: vocabulary.words,
      vocabularySize: model.vocabularySize,
      hiddenSize: model.hiddenSize,
      ...registry.get(model.kind).options(model),
    },
    tensors: model.parameters.map((parameter) => {
      const data = parameter.value.data;
      return data instanceof Float32Array
        ? {
          name: parameter.name,
          shape: [...parameter.value.shape],
          dtype: "f32",
          values: data.slice(),
        }
        : {
          name: parameter.name,
          shape: [...parameter.value.shape],
          dtype: "f64",
          values: data.slice(),
        };
    }),
  };
}

/**
 * Rebuilds the model and vocabulary stored in a checkpoint on `backend`.
 * A checkpoint of a kind `registry` does not know (the lab's from-scratch
 * models need `LAB_MODELS`), or with missing or misshapen parameters, gives a
 * {@linkcode CheckpointError} naming `source`.
 *
 * @example The restored model predicts exactly as the saved one
 * ```ts
 * import { modelCheckpoint, restoreModel } from "./model_checkpoint.ts";
 * import { MODELS } from "./registry.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import { decodeCheckpoint, encodeCheckpoint } from "../io/checkpoint.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const sizes = { vocabularySize: 4, hiddenSize: 4 };
 * const model = MODELS.build("nn-lstm", backend, sizes, new NumpyRandom(0));
 * const bytes = encodeCheckpoint(modelCheckpoint(model, new Vocabulary(["a", "b", "EOS", "UNK"])));
 * const restored = restoreModel(decodeCheckpoint(bytes, "in-memory"), backend, "in-memory").model;
 * assert.deepEqual(restored.step(restored.createState(), 0), model.step(model.createState(), 0));
 * ```
 */
export function restoreModel(
  checkpoint: Checkpoint,
  backend: Backend,
  source: string,
  registry: ModelRegistry = MODELS,
): { model: SequenceModel; vocabulary: Vocabulary } {
  if (!registry.has(checkpoint.kind)) {
    throw new CheckpointError(
      source,
      `unknown model kind '${checkpoint.kind}' (expected one of ${registry.names.join(", ")})`,
    );
  }
  const { vocabulary: words, vocabularySize, hiddenSize } = checkpoint.metadata;
  if (
    !Array.isArray(words) || !words.every((word) => typeof word === "string") ||
    words.length !== vocabularySize || !Number.isInteger(hiddenSize)
  ) {
    throw new CheckpointError(
      source,
      "metadata lacks a valid vocabulary, vocabularySize or hiddenSize",
    );
  }
  let vocabulary: Vocabulary;
  try {
    vocabulary = new Vocabulary(words);
  } catch (error) {
    throw new CheckpointError(source, (error as Error).message);
  }
  // Every model stores a tensor with a side of length H: a hiddenSize that no
  // tensor has is corrupt metadata, refused before it sizes an allocation.
  if (!checkpoint.tensors.some((tensor) => tensor.shape.includes(hiddenSize as number))) {
    throw new CheckpointError(source, `hiddenSize ${hiddenSize} matches no stored tensor`);
  }
  // Likewise each layer of a stacked model stores one weight_ih_l{k}.
  const layers = checkpoint.tensors.filter((tensor) => /weight_ih_l\d+$/.test(tensor.name)).length;
  if (checkpoint.metadata.numLayers !== undefined && checkpoint.metadata.numLayers !== layers) {
    throw new CheckpointError(
      source,
      `numLayers ${checkpoint.metadata.numLayers} does not match its ${layers} stored layers`,
    );
  }
  let model: SequenceModel;
  try {
    model = registry.get(checkpoint.kind).create(backend, {
      ...checkpoint.metadata,
      vocabularySize: words.length,
      hiddenSize: hiddenSize as number,
    });
  } catch (error) {
    throw new CheckpointError(
      source,
      `its metadata does not describe a ${checkpoint.kind} model: ${(error as Error).message}`,
    );
  }
  const stored = new Map(checkpoint.tensors.map((tensor) => [tensor.name, tensor]));
  const known = new Set(model.parameters.map((parameter) => parameter.name));
  const unexpected = checkpoint.tensors.find((tensor) => !known.has(tensor.name));
  if (unexpected) {
    model.dispose();
    throw new CheckpointError(
      source,
      `parameter '${unexpected.name}' does not belong to a ${checkpoint.kind} model of this shape`,
    );
  }
  for (const parameter of model.parameters) {
    const tensor = stored.get(parameter.name);
    const expected = `[${parameter.value.shape.join(", ")}]`;
    if (!tensor) {
      model.dispose();
      throw new CheckpointError(source, `parameter '${parameter.name}' ${expected} is missing`);
    }
    if (tensor.shape.join(",") !== parameter.value.shape.join(",")) {
      model.dispose();
      throw new CheckpointError(
        source,
        `parameter '${parameter.name}' has shape [${
          tensor.shape.join(", ")
        }], expected ${expected}`,
      );
    }
    parameter.value.data.set(tensor.values);
  }
  return { model, vocabulary };
}
