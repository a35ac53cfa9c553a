// A character model in one checkpoint file (src/io/checkpoint.ts's format):
// its weights under PyTorch's names, its vocabulary of code points, its sizes,
// and — for a run that can be resumed — the trainer's state: optimizer
// buffers as tensors, cursors and generators in the metadata.
import type { Backend } from "../core/backend.ts";
import { CharVocabulary } from "../data/char_vocabulary.ts";
import { type Checkpoint, CheckpointError, type CheckpointTensor } from "../io/checkpoint.ts";
import type { TrainerState } from "./trainer.ts";
import type { CharModel } from "../models/char_model.ts";
import { CHAR_MODELS } from "../models/registry.ts";

/** What a char checkpoint holds besides the model. */
export interface CharCheckpointContents {
  model: CharModel;
  vocabulary: CharVocabulary;
  /** The trainer's state, when the checkpoint was written by a training run. */
  trainer: TrainerState | null;
  /** The caller's metadata as written (training options, losses, …). */
  metadata: Record<string, unknown>;
}

const tensorOf = (name: string, data: Float32Array | Float64Array, shape: number[]) =>
  data instanceof Float32Array
    ? { name, shape, dtype: "f32" as const, values: data.slice() }
    : { name, shape, dtype: "f64" as const, values: data.slice() };

/**
 * The checkpoint of `model`: weights, vocabulary (`codePoints`, `counts`), sizes,
 * `metadata`, and `trainer` when given (its weights are the model's, stored once).
 *
 * @example A model and its vocabulary come back from the bytes
 * ```ts
 * import { charCheckpoint, restoreCharModel } from "./char_checkpoint.ts";
 * import { CharModel } from "../models/char_model.ts";
 * import { CharVocabulary } from "../data/char_vocabulary.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { decodeCheckpoint, encodeCheckpoint } from "../io/checkpoint.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const vocabulary = new CharVocabulary([0x61, 0xe9]);
 * const model = new CharModel(backend, { cell: "lstm", vocabularySize: 3, hiddenSize: 4 });
 * model.initialize(new NumpyRandom(1));
 * const bytes = encodeCheckpoint(charCheckpoint(model, vocabulary, null, { note: "x" }));
 * const back = restoreCharModel(decodeCheckpoint(bytes, "memory"), backend, "memory");
 * assert.deepEqual(back.vocabulary.codePoints, [0x61, 0xe9]);
 * assert.deepEqual([...back.model.parameters[0].value.data], [...model.parameters[0].value.data]);
 * assert.equal(back.trainer, null);
 * ```
 */
export function charCheckpoint(
  model: CharModel,
  vocabulary: CharVocabulary,
  trainer: TrainerState | null,
  metadata: Record<string, unknown> = {},
): Checkpoint {
  const tensors: CheckpointTensor[] = model.parameters.map((p) =>
    tensorOf(p.name, p.value.data, [...p.value.shape])
  );
  if (trainer) {
    // In the weights' precision: the wasm backend's f32 moments are exact in f32.
    const f32 = model.parameters[0].value.data instanceof Float32Array;
    trainer.optimizer.buffers.forEach((buffer, i) =>
      tensors.push(
        f32
          ? {
            name: `optimizer/${i}`,
            shape: [buffer.length],
            dtype: "f32",
            values: Float32Array.from(buffer),
          }
          : { name: `optimizer/${i}`, shape: [buffer.length], dtype: "f64", values: buffer },
      )
    );
  }
  return {
    kind: model.kind,
    metadata: {
      ...metadata,
      codePoints: vocabulary.codePoints,
      counts: vocabulary.counts,
      vocabularySize: model.vocabularySize,
      hiddenSize: model.hiddenSize,
      numLayers: model.numLayers,
      dropout: model.dropout,
      embedding: model.embeddingSize,
      ...(trainer
        ? {
          trainer: {
            step: trainer.step,
            optimizer: { kind: trainer.optimizer.kind, step: trainer.optimizer.step },
            resumables: trainer.resumables,
          },
        }
        : {}),
    },
    tensors,
  };
}

/**
 * The kinds a char checkpoint can hold.
 *
 * @example
 * ```ts
 * import { CHAR_KINDS } from "./char_checkpoint.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(CHAR_KINDS.includes("char-lstm"));
 * ```
 */
export const CHAR_KINDS: readonly string[] = CHAR_MODELS.names;

/**
 * Rebuilds what {@linkcode charCheckpoint} wrote, on `backend`. Anything else —
 * another kind, missing or misshapen weights, a vocabulary that does not fit —
 * is a {@linkcode CheckpointError} naming `source`.
 *
 * @example
 * ```ts
 * import { restoreCharModel } from "./char_checkpoint.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const lab = { kind: "lstm", metadata: {}, tensors: [] };
 * assert.throws(() => restoreCharModel(lab, createReferenceBackend(), "lab.ckpt"), /not a character model/);
 * ```
 */
export function restoreCharModel(
  checkpoint: Checkpoint,
  backend: Backend,
  source: string,
): CharCheckpointContents {
  const fail = (why: string): never => {
    throw new CheckpointError(source, why);
  };
  if (!CHAR_KINDS.includes(checkpoint.kind)) {
    fail(
      `it holds a '${checkpoint.kind}' model, not a character model (${CHAR_KINDS.join(", ")})`,
    );
  }
  const meta = checkpoint.metadata;
  const integer = (name: string, minimum: number) => {
    const value = meta[name];
    if (!Number.isInteger(value) || (value as number) < minimum) {
      fail(`its metadata has no valid ${name} (got ${JSON.stringify(value)})`);
    }
    return value as number;
  };
  let vocabulary: CharVocabulary;
  try {
    const points = meta.codePoints as number[];
    const counts = Array.isArray(meta.counts) ? meta.counts as number[] : undefined;
    vocabulary = new CharVocabulary(points, counts);
  } catch (error) {
    return fail(`its vocabulary is not valid: ${(error as Error).message}`);
  }
  const vocabularySize = integer("vocabularySize", 2);
  if (vocabularySize !== vocabulary.size) {
    fail(`its vocabulary has ${vocabulary.size} symbols but its model takes ${vocabularySize}`);
  }
  const dropout = typeof meta.dropout === "number" ? meta.dropout : 0;
  let model: CharModel;
  try {
    model = CHAR_MODELS.get(checkpoint.kind).create(backend, {
      vocabularySize,
      hiddenSize: integer("hiddenSize", 1),
      numLayers: integer("numLayers", 1),
      dropout,
      embedding: integer("embedding", 0),
    });
  } catch (error) {
    return fail(`its sizes do not describe a model: ${(error as Error).message}`);
  }
  const stored = new Map(checkpoint.tensors.map((t) => [t.name, t]));
  for (const parameter of model.parameters) {
    const tensor = stored.get(parameter.name);
    const expected = `[${parameter.value.shape.join(", ")}]`;
    if (!tensor) fail(`parameter '${parameter.name}' ${expected} is missing`);
    if (tensor!.shape.join(",") !== parameter.value.shape.join(",")) {
      fail(
        `parameter '${parameter.name}' has shape [${
          tensor!.shape.join(", ")
        }], expected ${expected}`,
      );
    }
    if (!tensor!.values.every(Number.isFinite)) fail(`parameter '${parameter.name}' is not finite`);
    parameter.value.data.set(tensor!.values);
  }
  let trainer: TrainerState | null = null;
  const saved = meta.trainer as Record<string, unknown> | undefined;
  if (saved) {
    const optimizer = saved.optimizer as { kind?: unknown; step?: unknown } | undefined;
    if (
      !Number.isInteger(saved.step) || !optimizer ||
      (optimizer.kind !== "adam" && optimizer.kind !== "sgd") ||
      !Number.isInteger(optimizer.step) ||
      typeof saved.resumables !== "object" || saved.resumables === null
    ) {
      fail("its trainer state is malformed");
    }
    const buffers = checkpoint.tensors.filter((t) => t.name.startsWith("optimizer/"))
      .sort((a, b) => Number(a.name.slice(10)) - Number(b.name.slice(10)))
      .map((t) => Float64Array.from(t.values));
    trainer = {
      step: saved.step as number,
      parameters: model.parameters.map((p) => ({
        name: p.name,
        values: Float64Array.from(p.value.data),
      })),
      optimizer: {
        kind: optimizer!.kind as "adam" | "sgd",
        step: optimizer!.step as number,
        buffers,
      },
      resumables: saved.resumables as Record<string, unknown>,
    };
  }
  const { trainer: _trainer, ...rest } = meta;
  return { model, vocabulary, trainer, metadata: rest };
}
