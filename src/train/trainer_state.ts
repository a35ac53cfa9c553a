// A Trainer's state as checkpoint tensors and metadata (src/io/checkpoint.ts's
// format), so that `--resume` reads back exactly what `state()` captured:
// every value as f64, which holds an f32 weight exactly.
import { type Checkpoint, CheckpointError, type CheckpointTensor } from "../io/checkpoint.ts";
import type { TrainerState } from "./trainer.ts";

/**
 * The checkpoint kind of a trainer state.
 *
 * @example
 * ```ts
 * import { TRAINER_STATE_KIND } from "./trainer_state.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(TRAINER_STATE_KIND, "trainer-state");
 * ```
 */
export const TRAINER_STATE_KIND = "trainer-state";

const f64 = (name: string, values: Float64Array): CheckpointTensor => ({
  name,
  shape: [values.length],
  dtype: "f64",
  values,
});

/**
 * The state as a checkpoint: tensors `param/<name>` and `optimizer/<i>`, the
 * rest (steps, the resumables' JSON) in the metadata, beside `metadata`.
 *
 * @example Through bytes and back
 * ```ts
 * import { trainerStateCheckpoint, trainerStateFrom } from "./trainer_state.ts";
 * import { decodeCheckpoint, encodeCheckpoint } from "../io/checkpoint.ts";
 * import assert from "node:assert/strict";
 *
 * const state = {
 *   step: 2,
 *   parameters: [{ name: "w", values: Float64Array.of(0.5, -1) }],
 *   optimizer: { kind: "adam" as const, step: 2, buffers: [Float64Array.of(1, 2), Float64Array.of(3, 4)] },
 *   resumables: { data: { cursor: 7 } },
 * };
 * const bytes = encodeCheckpoint(trainerStateCheckpoint(state, { note: "x" }));
 * const back = trainerStateFrom(decodeCheckpoint(bytes, "memory"), "memory");
 * assert.deepEqual(back, state);
 * ```
 */
export function trainerStateCheckpoint(
  state: TrainerState,
  metadata: Record<string, unknown> = {},
): Checkpoint {
  return {
    kind: TRAINER_STATE_KIND,
    metadata: {
      ...metadata,
      trainer: {
        step: state.step,
        optimizer: { kind: state.optimizer.kind, step: state.optimizer.step },
        resumables: state.resumables,
      },
    },
    tensors: [
      ...state.parameters.map((p) => f64(`param/${p.name}`, p.values)),
      ...state.optimizer.buffers.map((buffer, i) => f64(`optimizer/${i}`, buffer)),
    ],
  };
}

/**
 * Reads a {@linkcode trainerStateCheckpoint} back; a CheckpointError naming `source` if it is not one.
 *
 * @example
 * ```ts
 * import { trainerStateFrom } from "./trainer_state.ts";
 * import assert from "node:assert/strict";
 *
 * const model = { kind: "lstm", metadata: {}, tensors: [] };
 * assert.throws(() => trainerStateFrom(model, "model.ckpt"), /model.ckpt.*holds no trainer state/);
 * ```
 */
export function trainerStateFrom(checkpoint: Checkpoint, source: string): TrainerState {
  const trainer = checkpoint.metadata.trainer as Record<string, unknown> | undefined;
  const optimizer = trainer?.optimizer as Record<string, unknown> | undefined;
  if (
    checkpoint.kind !== TRAINER_STATE_KIND || !trainer || !Number.isInteger(trainer.step) ||
    !optimizer || (optimizer.kind !== "sgd" && optimizer.kind !== "adam") ||
    !Number.isInteger(optimizer.step) || typeof trainer.resumables !== "object"
  ) {
    throw new CheckpointError(
      source,
      "it holds no trainer state (was it saved by a training run?)",
    );
  }
  const values = (tensor: CheckpointTensor) => Float64Array.from(tensor.values);
  return {
    step: trainer.step as number,
    parameters: checkpoint.tensors.filter((t) => t.name.startsWith("param/")).map((t) => ({
      name: t.name.slice("param/".length),
      values: values(t),
    })),
    optimizer: {
      kind: optimizer.kind,
      step: optimizer.step as number,
      buffers: checkpoint.tensors.filter((t) => t.name.startsWith("optimizer/")).map(values),
    },
    resumables: trainer.resumables as Record<string, unknown>,
  };
}
