// A character model's weights as safetensors, for PyTorch: the parameters
// already carry a PyTorch module's names (`lstm.weight_ih_l0` …,
// `decoder.weight`), so the file is the state dict of
// `nn.LSTM(V, H, L)` + `nn.Linear(H, V)` (+ `nn.Embedding(V, D)` first), and
// its metadata holds what a reader needs to turn ids back into text.
import type { CharVocabulary } from "../data/char_vocabulary.ts";
import type { CheckpointTensor } from "../io/checkpoint.ts";
import { encodeSafetensors } from "../io/safetensors.ts";
import type { CharModel } from "./char_model.ts";

/**
 * The safetensors bytes of `model`: every parameter under its PyTorch name,
 * and as metadata the kind, the sizes and the vocabulary's code points (id i
 * is code point `codePoints[i]`; the last id is UNK).
 *
 * @example The weights and the vocabulary come back from the bytes
 * ```ts
 * import { charSafetensors } from "./char_safetensors.ts";
 * import { CharModel } from "./char_model.ts";
 * import { CharVocabulary } from "../data/char_vocabulary.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { decodeSafetensors } from "../io/safetensors.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new CharModel(createReferenceBackend(), { cell: "gru", vocabularySize: 3, hiddenSize: 2, numLayers: 1 });
 * model.initialize(new NumpyRandom(0));
 * const { tensors, metadata } = decodeSafetensors(charSafetensors(model, new CharVocabulary([97, 98])), "memory");
 * assert.deepEqual(tensors.map((t) => t.name).sort(), model.parameters.map((p) => p.name).sort());
 * assert.deepEqual(JSON.parse(metadata.codePoints), [97, 98]);
 * assert.equal(metadata.kind, "char-gru");
 * ```
 */
export function charSafetensors(model: CharModel, vocabulary: CharVocabulary): Uint8Array {
  if (vocabulary.size !== model.vocabularySize) {
    throw new RangeError(
      `The vocabulary has ${vocabulary.size} symbols but the model predicts ${model.vocabularySize}`,
    );
  }
  const tensors: CheckpointTensor[] = model.parameters.map((p) => {
    const data = p.value.data, shape = [...p.value.shape];
    return data instanceof Float32Array
      ? { name: p.name, shape, dtype: "f32", values: data.slice() }
      : { name: p.name, shape, dtype: "f64", values: Float64Array.from(data) };
  });
  return encodeSafetensors(tensors, {
    format: "pt",
    kind: model.kind,
    vocabularySize: String(model.vocabularySize),
    hiddenSize: String(model.hiddenSize),
    numLayers: String(model.numLayers),
    embedding: String(model.embeddingSize),
    codePoints: JSON.stringify(vocabulary.codePoints),
  });
}
