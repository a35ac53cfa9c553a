// Encoding sequences for next-token prediction and splitting them as the lab
// does: in order, train first, then validation, then test from the end.
import type { Vocabulary } from "./vocabulary.ts";

/** One sequence prepared for next-token prediction. */
export interface EncodedSequence {
  /** The words, as generated. */
  readonly words: readonly string[];
  /** Indices of `words[:-1]`. */
  readonly inputs: Int32Array;
  /** Indices of `words[1:]`. */
  readonly targets: Int32Array;
  /**
   * Multi-hot next-word sets, (inputs.length, V) row-major: a 1 for every word
   * that may legally follow, for sigmoid outputs (the classic protocol).
   */
  readonly targetSets?: Float32Array;
}

/** The three parts of a dataset. */
export interface DatasetSplit {
  readonly train: EncodedSequence[];
  readonly validation: EncodedSequence[];
  readonly test: EncodedSequence[];
}

/** Fractions of the sequences in each part (the lab: 0.8, 0.1, 0.1). */
export interface SplitFractions {
  train: number;
  validation: number;
  test: number;
}

/**
 * inputs = seq[:-1], targets = seq[1:], both as vocabulary indices.
 *
 * @example Targets are the inputs shifted by one word
 * ```ts
 * import { encodeSequence } from "./split.ts";
 * import { Vocabulary } from "./vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * const encoded = encodeSequence(["a", "b", "EOS"], new Vocabulary(["a", "b", "EOS", "UNK"]));
 * assert.deepEqual([...encoded.inputs], [0, 1]);
 * assert.deepEqual([...encoded.targets], [1, 2]);
 * ```
 */
export function encodeSequence(words: readonly string[], vocabulary: Vocabulary): EncodedSequence {
  if (words.length < 2) {
    throw new RangeError(`A sequence needs at least 2 words to predict one, got ${words.length}`);
  }
  const indices = vocabulary.encode(words);
  return {
    words,
    inputs: Int32Array.from(indices.slice(0, -1)),
    targets: Int32Array.from(indices.slice(1)),
  };
}

/**
 * Splits like the lab's `create_datasets`: ⌊N·train⌋ sequences from the start,
 * the next ⌊N·validation⌋, and the last ⌊N·test⌋ (so with 256 sequences two
 * in the middle belong to no part).
 *
 * @example The lab's split sizes
 * ```ts
 * import { splitSequences } from "./split.ts";
 * import { Vocabulary } from "./vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * const sequences = Array.from({ length: 256 }, () => ["a", "b", "EOS"]);
 * const split = splitSequences(sequences, Vocabulary.fromSequences(sequences));
 * assert.deepEqual([split.train.length, split.validation.length, split.test.length], [204, 25, 25]);
 * ```
 */
export function splitSequences(
  sequences: readonly (readonly string[])[],
  vocabulary: Vocabulary,
  fractions: SplitFractions = { train: 0.8, validation: 0.1, test: 0.1 },
): DatasetSplit {
  const { train, validation, test } = fractions;
  for (const [name, value] of Object.entries(fractions)) {
    if (!(value >= 0 && value <= 1)) {
      throw new RangeError(`Split fraction '${name}' must be between 0 and 1, got ${value}`);
    }
  }
  if (train + validation + test > 1 + 1e-12) {
    throw new RangeError(`Split fractions add up to ${train + validation + test}, more than 1`);
  }
  const count = sequences.length;
  const trainCount = Math.floor(count * train);
  const validationCount = Math.floor(count * validation);
  const testCount = Math.floor(count * test);
  const encode = (part: readonly (readonly string[])[]) =>
    part.map((words) => encodeSequence(words, vocabulary));
  return {
    train: encode(sequences.slice(0, trainCount)),
    validation: encode(sequences.slice(trainCount, trainCount + validationCount)),
    test: encode(testCount === 0 ? [] : sequences.slice(count - testCount)),
  };
}

/**
 * The number of predicted tokens (inputs) in a list of sequences.
 *
 * @example EOS is a target but never an input: one token fewer than words
 * ```ts
 * import { encodeSequence, tokenCount } from "./split.ts";
 * import { Vocabulary } from "./vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * const sequences = [["a", "b", "EOS"], ["a", "a", "b", "b", "EOS"]]
 *   .map((words) => encodeSequence(words, vocabulary));
 * assert.equal(tokenCount(sequences), 2 + 4);
 * ```
 */
export function tokenCount(sequences: readonly EncodedSequence[]): number {
  return sequences.reduce((total, sequence) => total + sequence.inputs.length, 0);
}
