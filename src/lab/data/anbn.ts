// The lab's toy language: a^n b^n EOS, with n drawn uniformly.

/** Options for {@linkcode generateAnBn}. */
export interface AnBnOptions {
  /** How many sequences (the lab: 256). */
  count?: number;
  /** Smallest n (the lab: 1). */
  minN?: number;
  /** Largest n (the lab: 11). */
  maxN?: number;
}

/** Something that draws integers like `np.random.randint(low, high)`. */
export interface IntegerSource {
  randint(low: number, high: number): number;
}

/**
 * The end-of-sequence word.
 *
 * @example Every generated sequence ends with it, and only there
 * ```ts
 * import { EOS, generateAnBn } from "./anbn.ts";
 * import { NumpyRandom } from "../../data/numpy_random.ts";
 * import assert from "node:assert/strict";
 *
 * for (const words of generateAnBn(new NumpyRandom(0), { count: 5 })) {
 *   assert.equal(words.indexOf(EOS), words.length - 1);
 * }
 * ```
 */
export const EOS = "EOS";

/**
 * The words of one sequence `a … a b … b EOS` with n of each letter.
 *
 * @example Two of each letter, then the end
 * ```ts
 * import { anbnSequence } from "./anbn.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(anbnSequence(2), ["a", "a", "b", "b", "EOS"]);
 * ```
 */
export function anbnSequence(n: number): string[] {
  return [...Array(n).fill("a"), ...Array(n).fill("b"), EOS];
}

/**
 * Draws `count` sequences a^n b^n EOS with n = randint(minN, maxN + 1), one
 * draw per sequence in order — with a {@linkcode NumpyRandom} seeded 42 this
 * is the lab's dataset exactly.
 *
 * @param random The generator to draw n from.
 * @param options Count and range of n.
 * @returns The sequences as word lists.
 *
 * @example The lab's dataset
 * ```ts
 * import { generateAnBn } from "./anbn.ts";
 * import { NumpyRandom } from "../../data/numpy_random.ts";
 * import assert from "node:assert/strict";
 *
 * const sequences = generateAnBn(new NumpyRandom(42));
 * assert.equal(sequences.length, 256);
 * assert.deepEqual(sequences[0].slice(-3), ["b", "b", "EOS"]);
 * ```
 */
export function generateAnBn(random: IntegerSource, options: AnBnOptions = {}): string[][] {
  const { count = 256, minN = 1, maxN = 11 } = options;
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`Sequence count must be a positive integer, got ${count}`);
  }
  if (!Number.isInteger(minN) || !Number.isInteger(maxN) || minN < 1 || maxN < minN) {
    throw new RangeError(`Need integers 1 ≤ minN ≤ maxN, got minN ${minN}, maxN ${maxN}`);
  }
  const sequences: string[][] = [];
  for (let i = 0; i < count; i++) sequences.push(anbnSequence(random.randint(minN, maxN + 1)));
  return sequences;
}

/**
 * Which targets of a^n b^n EOS are forced: every target from the first `b`
 * input on (the remaining b's and EOS). The target after the last `a` is not,
 * since n is random.
 *
 * @param inputs The input words of one sequence (`seq[:-1]`).
 * @returns One flag per input position.
 *
 * @example Only the b's and EOS can be predicted for certain
 * ```ts
 * import { anbnDeterministicPositions, anbnSequence } from "./anbn.ts";
 * import assert from "node:assert/strict";
 *
 * const inputs = anbnSequence(2).slice(0, -1); // a a b b → targets a b b EOS
 * assert.deepEqual(anbnDeterministicPositions(inputs), [false, false, true, true]);
 * ```
 */
export function anbnDeterministicPositions(inputs: readonly string[]): boolean[] {
  let seenB = false;
  return inputs.map((word) => (seenB ||= word === "b"));
}

/**
 * The Bayes floor: the smallest expected summed NLL per sequence any model
 * can reach when n is uniform in [minN, maxN]. Every sequence costs
 * exactly ln(maxN − minN + 1) nats under the optimal predictor (the
 * per-step terms telescope), so this is also each sequence's own floor.
 *
 * @example The lab's range, and a length that leaves nothing to guess
 * ```ts
 * import { anbnBayesFloorPerSequence } from "./anbn.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(anbnBayesFloorPerSequence(1, 11), Math.log(11));
 * assert.equal(anbnBayesFloorPerSequence(5, 5), 0);
 * ```
 */
export function anbnBayesFloorPerSequence(minN: number, maxN: number): number {
  return Math.log(maxN - minN + 1);
}
