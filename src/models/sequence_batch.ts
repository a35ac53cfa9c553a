// Padded mini-batches of sequences, time-major: row t·B + b holds step t of
// sequence b. T = steps (longest sequence), B = batch size.
import type { EncodedSequence } from "../data/split.ts";

/**
 * Marks a padded position in `inputs` and `targets`.
 *
 * @example The shorter sequence is padded after its end
 * ```ts
 * import { makeBatch, PAD } from "./sequence_batch.ts";
 * import assert from "node:assert/strict";
 *
 * const batch = makeBatch([
 *   { words: [], inputs: Int32Array.of(0, 1), targets: Int32Array.of(1, 2) },
 *   { words: [], inputs: Int32Array.of(0), targets: Int32Array.of(2) },
 * ]);
 * assert.deepEqual([...batch.inputs], [0, 0, 1, PAD]);
 * ```
 */
export const PAD = -1;

/** Several sequences padded to one length. */
export interface SequenceBatch {
  /** T: the longest sequence's input length. */
  readonly steps: number;
  /** B: the number of sequences. */
  readonly size: number;
  /** (T, B) input indices, {@linkcode PAD} past each sequence's end. */
  readonly inputs: Int32Array;
  /** (T, B) target indices, {@linkcode PAD} past each sequence's end. */
  readonly targets: Int32Array;
  /** Each sequence's input length. */
  readonly lengths: readonly number[];
  /** (T·B, V) multi-hot target sets, zero past each end — when every sequence has them. */
  readonly targetSets?: Float32Array;
}

/**
 * Pads sequences to the longest and interleaves them time-major. One
 * sequence gives a batch of size 1, the lab's per-sequence update.
 *
 * @example Two sequences of different lengths
 * ```ts
 * import { makeBatch } from "./sequence_batch.ts";
 * import assert from "node:assert/strict";
 *
 * const batch = makeBatch([
 *   { words: [], inputs: Int32Array.of(0, 1), targets: Int32Array.of(1, 2) },
 *   { words: [], inputs: Int32Array.of(0), targets: Int32Array.of(2) },
 * ]);
 * assert.deepEqual([...batch.targets], [1, 2, 2, -1]);
 * ```
 */
export function makeBatch(sequences: readonly EncodedSequence[]): SequenceBatch {
  if (sequences.length === 0) throw new RangeError("A batch needs at least one sequence");
  const size = sequences.length;
  const lengths = sequences.map((sequence) => sequence.inputs.length);
  const steps = Math.max(...lengths);
  const inputs = new Int32Array(steps * size).fill(PAD);
  const targets = new Int32Array(steps * size).fill(PAD);
  sequences.forEach((sequence, b) => {
    for (let t = 0; t < sequence.inputs.length; t++) {
      inputs[t * size + b] = sequence.inputs[t];
      targets[t * size + b] = sequence.targets[t];
    }
  });
  const withSets = sequences.filter((sequence) => sequence.targetSets).length;
  if (withSets === 0) return { steps, size, inputs, targets, lengths };
  if (withSets < size) {
    throw new RangeError(
      `makeBatch: ${withSets} of ${size} sequences have target sets; give all of them or none`,
    );
  }
  const width = sequences[0].targetSets!.length / sequences[0].inputs.length;
  sequences.forEach((sequence, b) => {
    if (
      !Number.isInteger(width) || sequence.targetSets!.length !== sequence.inputs.length * width
    ) {
      throw new RangeError(
        `makeBatch: sequence ${b} has ${
          sequence.targetSets!.length
        } target-set values for ${sequence.inputs.length} inputs; expected ${width} per input`,
      );
    }
  });
  const targetSets = new Float32Array(steps * size * width);
  sequences.forEach((sequence, b) => {
    for (let t = 0; t < sequence.inputs.length; t++) {
      targetSets.set(
        sequence.targetSets!.subarray(t * width, (t + 1) * width),
        (t * size + b) * width,
      );
    }
  });
  return { steps, size, inputs, targets, lengths, targetSets };
}

/**
 * How {@linkcode makeBatches} groups sequences: `"order"` takes consecutive
 * ones; `"length"` puts sequences of similar length together, so that a batch
 * pads little (on the lab's data, padding doubles the work of `"order"`).
 */
export type Batching = "order" | "length";

/**
 * Splits sequences into batches of at most `batchSize`. With `"length"`, the
 * sequences are stably sorted by length and cut into batches, and the
 * batches run in the order of their earliest sequence, so that an epoch does
 * not go from short to long.
 *
 * @example Length batching pads less
 * ```ts
 * import { makeBatches } from "./sequence_batch.ts";
 * import assert from "node:assert/strict";
 *
 * const sequence = (n: number) => ({ words: [], inputs: new Int32Array(n), targets: new Int32Array(n) });
 * const sequences = [1, 9, 1, 9].map(sequence);
 * const steps = (batching: "order" | "length") =>
 *   makeBatches(sequences, 2, batching).map((batch) => batch.steps);
 * assert.deepEqual(steps("order"), [9, 9]);
 * assert.deepEqual(steps("length"), [1, 9]);
 * ```
 */
export function makeBatches(
  sequences: readonly EncodedSequence[],
  batchSize: number,
  batching: Batching = "order",
): SequenceBatch[] {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`Batch size must be a positive integer, got ${batchSize}`);
  }
  const order = sequences.map((_, index) => index);
  if (batching === "length") {
    order.sort((a, b) => sequences[a].inputs.length - sequences[b].inputs.length || a - b);
  }
  const groups: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    groups.push(order.slice(start, start + batchSize));
  }
  if (batching === "length") groups.sort((a, b) => Math.min(...a) - Math.min(...b));
  return groups.map((group) => makeBatch(group.map((index) => sequences[index])));
}
