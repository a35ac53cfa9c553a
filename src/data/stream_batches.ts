// char-rnn's loader: a split's text cut into B contiguous streams, read T
// characters at a time, so that batch k + 1 continues every stream exactly
// where batch k stopped and the recurrent state can be carried between them.
// Rows are time-major: row t·B + b is step t of stream b. T = steps, B = streams.
import type { TokenIds } from "./char_vocabulary.ts";

/** One batch of B streams, T steps each. */
export interface StreamBatch {
  /** T: steps. */
  readonly steps: number;
  /** B: streams. */
  readonly size: number;
  /** (T·B) input ids, time-major. */
  readonly inputs: Int32Array;
  /** (T·B) target ids: each input's next character; −1 where a stream has ended (evaluation only). */
  readonly targets: Int32Array;
  /** True at the start of an epoch: the streams start over, so the carried state must start from zero. */
  readonly startsEpoch: boolean;
}

/** Where a {@linkcode StreamLoader} is: JSON, for a resumed run. */
export interface StreamCursor {
  epoch: number;
  chunk: number;
}

/**
 * Training batches over one split, epoch after epoch. Each of the B streams
 * is a contiguous stretch of ⌊(N − 1) / B⌋ characters (N = the split's
 * length); an epoch is ⌊that / T⌋ batches, and the few characters left over
 * at the end of each stretch are not trained on.
 *
 * @example Two streams continue across batches
 * ```ts
 * import { StreamLoader } from "./stream_batches.ts";
 * import assert from "node:assert/strict";
 *
 * const loader = new StreamLoader(Uint8Array.from({ length: 9 }, (_, i) => i), 2, 2);
 * const first = loader.next(), second = loader.next();
 * assert.deepEqual([...first.inputs], [0, 4, 1, 5]); // streams 0…3 and 4…7, steps 0 and 1
 * assert.deepEqual([...second.inputs], [2, 6, 3, 7]);
 * assert.deepEqual([...second.targets], [3, 7, 4, 8]);
 * assert.equal(loader.next().startsEpoch, true);
 * ```
 */
export class StreamLoader {
  readonly ids: TokenIds;
  readonly batchSize: number;
  readonly steps: number;
  /** Characters per stream. */
  readonly streamLength: number;
  /** Batches per epoch. */
  readonly batchesPerEpoch: number;
  #cursor: StreamCursor = { epoch: 0, chunk: 0 };

  constructor(ids: TokenIds, batchSize: number, steps: number) {
    for (const [name, value] of Object.entries({ batchSize, steps })) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`StreamLoader: ${name} must be a positive integer, got ${value}`);
      }
    }
    const needed = batchSize * steps + 1;
    if (ids.length < needed) {
      throw new RangeError(
        `${
          ids.length.toLocaleString("en-US")
        } characters are fewer than one batch needs: ${batchSize} streams × ${steps} steps + 1 = ${
          needed.toLocaleString("en-US")
        }`,
      );
    }
    this.ids = ids;
    this.batchSize = batchSize;
    this.steps = steps;
    this.streamLength = Math.floor((ids.length - 1) / batchSize);
    this.batchesPerEpoch = Math.floor(this.streamLength / steps);
  }

  /** Training characters per epoch (inputs, with their targets). */
  get tokensPerEpoch(): number {
    return this.batchesPerEpoch * this.steps * this.batchSize;
  }

  /** Epochs completed, with the fraction of the current one. */
  get epochs(): number {
    return this.#cursor.epoch + this.#cursor.chunk / this.batchesPerEpoch;
  }

  /** The next batch. */
  next(): StreamBatch {
    const { batchSize: B, steps: T, ids } = this;
    const { chunk } = this.#cursor;
    const inputs = new Int32Array(B * T), targets = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      const start = b * this.streamLength + chunk * T;
      for (let t = 0; t < T; t++) {
        inputs[t * B + b] = ids[start + t];
        targets[t * B + b] = ids[start + t + 1];
      }
    }
    const batch = { steps: T, size: B, inputs, targets, startsEpoch: chunk === 0 };
    this.#cursor = chunk + 1 === this.batchesPerEpoch
      ? { epoch: this.#cursor.epoch + 1, chunk: 0 }
      : { epoch: this.#cursor.epoch, chunk: chunk + 1 };
    return batch;
  }

  /** The position of the next batch. */
  state(): StreamCursor {
    return { ...this.#cursor };
  }

  /** Continues from a {@linkcode StreamLoader.state} of a loader over the same split and sizes. */
  restore(state: unknown): void {
    const { epoch, chunk } = (state ?? {}) as Partial<StreamCursor>;
    if (
      !Number.isInteger(epoch) || epoch! < 0 || !Number.isInteger(chunk) || chunk! < 0 ||
      chunk! >= this.batchesPerEpoch
    ) {
      throw new RangeError(
        `StreamLoader.restore: expected an epoch ≥ 0 and a chunk below ${this.batchesPerEpoch}, got ${
          JSON.stringify(state)
        }`,
      );
    }
    this.#cursor = { epoch: epoch!, chunk: chunk! };
  }
}

/**
 * Evaluation batches that cover every character of a split exactly once:
 * B streams (the last one takes the remainder), read T steps at a time from
 * the start, the last batch shorter; positions past a stream's end have
 * target −1 (ignored by the loss).
 *
 * @example Seven targets in two streams, every one visited once
 * ```ts
 * import { evaluationBatches } from "./stream_batches.ts";
 * import assert from "node:assert/strict";
 *
 * const batches = [...evaluationBatches(Uint8Array.of(0, 1, 2, 3, 4, 5, 6, 7), 2, 2)];
 * const targets = batches.flatMap((batch) => [...batch.targets]).filter((t) => t >= 0);
 * assert.deepEqual(targets.sort(), [1, 2, 3, 4, 5, 6, 7]);
 * ```
 */
export function* evaluationBatches(
  ids: TokenIds,
  batchSize: number,
  steps: number,
): Generator<StreamBatch> {
  const targets = ids.length - 1;
  if (targets < 1) return;
  const B = Math.max(1, Math.min(batchSize, targets));
  const length = Math.floor(targets / B);
  const last = targets - length * (B - 1);
  for (let start = 0; start < last; start += steps) {
    const T = Math.min(steps, last - start);
    const inputs = new Int32Array(T * B).fill(-1), out = new Int32Array(T * B).fill(-1);
    for (let b = 0; b < B; b++) {
      const own = b === B - 1 ? last : length;
      for (let t = 0; t < T && start + t < own; t++) {
        const at = b * length + start + t;
        inputs[t * B + b] = ids[at];
        out[t * B + b] = ids[at + 1];
      }
    }
    yield { steps: T, size: B, inputs, targets: out, startsEpoch: start === 0 };
  }
}
