// Word ↔ index maps, as the lab builds them: words sorted by frequency
// (ties keep the order of first appearance), then UNK last.

/**
 * The word that stands for anything not in the vocabulary.
 *
 * @example Unseen words all come back as UNK
 * ```ts
 * import { UNK, Vocabulary } from "./vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = Vocabulary.fromSequences([["a", "b", "EOS"]]);
 * assert.deepEqual(vocabulary.decode(vocabulary.encode(["a", "r", "n"])), ["a", UNK, UNK]);
 * ```
 */
export const UNK = "UNK";

/**
 * A fixed list of words with their indices; unknown words map to `UNK`.
 *
 * @example The lab's vocabulary
 * ```ts
 * import { Vocabulary } from "./vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = Vocabulary.fromSequences([["a", "a", "b", "b", "EOS"]]);
 * assert.deepEqual(vocabulary.words, ["a", "b", "EOS", "UNK"]);
 * assert.deepEqual(vocabulary.encode(["a", "r"]), [0, 3]);
 * ```
 */
export class Vocabulary {
  /** The words, index order; `UNK` is last. */
  readonly words: readonly string[];
  readonly #indices: Map<string, number>;

  /** A vocabulary of exactly these words (which must be distinct and end with `UNK`). */
  constructor(words: readonly string[]) {
    if (words.length === 0 || words[words.length - 1] !== UNK) {
      throw new RangeError(`A vocabulary must end with '${UNK}', got [${words.join(", ")}]`);
    }
    this.words = Object.freeze([...words]);
    this.#indices = new Map(words.map((word, index) => [word, index]));
    if (this.#indices.size !== words.length) {
      throw new RangeError(`Vocabulary words must be distinct, got [${words.join(", ")}]`);
    }
  }

  /** Builds the lab's vocabulary: by descending frequency, first appearance breaking ties, then UNK. */
  static fromSequences(sequences: readonly (readonly string[])[]): Vocabulary {
    const counts = new Map<string, number>();
    for (const sequence of sequences) {
      for (const word of sequence) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    counts.delete(UNK);
    // Array.prototype.sort is stable, like Python's sorted().
    const words = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([word]) => word);
    return new Vocabulary([...words, UNK]);
  }

  /** Number of words, UNK included. */
  get size(): number {
    return this.words.length;
  }

  /** The index of `word`, or of UNK when it is unknown. */
  index(word: string): number {
    return this.#indices.get(word) ?? this.words.length - 1;
  }

  /** The word at `index`. */
  word(index: number): string {
    const word = this.words[index];
    if (word === undefined) {
      throw new RangeError(`Index ${index} is outside the vocabulary of ${this.size} words`);
    }
    return word;
  }

  /** Indices of a list of words. */
  encode(words: readonly string[]): number[] {
    return words.map((word) => this.index(word));
  }

  /** Words of a list of indices. */
  decode(indices: readonly number[]): string[] {
    return indices.map((index) => this.word(index));
  }
}

/**
 * One-hot rows: row t has a 1 at column `indices[t]` (a negative index, used
 * for padding, gives a row of zeros).
 *
 * @returns A (T, V) row-major array.
 *
 * @example A padded step gives a row of zeros
 * ```ts
 * import { oneHot } from "./vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...oneHot([2, -1], 3)], [0, 0, 1, 0, 0, 0]);
 * assert.throws(() => oneHot([3], 3), RangeError);
 * ```
 */
export function oneHot(indices: ArrayLike<number>, size: number): Float64Array {
  const rows = new Float64Array(indices.length * size);
  for (let t = 0; t < indices.length; t++) {
    const index = indices[t];
    if (index >= size) {
      throw new RangeError(`Index ${index} does not fit a one-hot of size ${size}`);
    }
    if (index >= 0) rows[t * size + index] = 1;
  }
  return rows;
}
