// Counting beyond the training range: after the prompt a^n b, does greedy
// continuation produce exactly n − 1 more b's and then EOS?
import type { SequenceModel } from "../models/model.ts";
import type { Vocabulary } from "../data/vocabulary.ts";
import { EOS } from "./data/anbn.ts";
import { freestyle } from "../generate/freestyle.ts";

/**
 * The lab's default lengths, all beyond its training range of n ≤ 11.
 *
 * @example None of them was seen in training
 * ```ts
 * import { DEFAULT_EXTRAPOLATION } from "./extrapolate.ts";
 * import { RNN_LAB_DEFAULTS } from "./experiment.ts";
 * import assert from "node:assert/strict";
 *
 * assert.ok(DEFAULT_EXTRAPOLATION.every((n) => n > RNN_LAB_DEFAULTS.maxN));
 * ```
 */
export const DEFAULT_EXTRAPOLATION = [12, 15, 20, 30, 50, 100];

/** One tested length. */
export interface ExtrapolationCase {
  n: number;
  /** Whether the continuation was exactly b^(n−1) EOS. */
  exact: boolean;
  /** How many b's came before the first other word. */
  bs: number;
  /** The word that ended the b's (EOS when right), or null at the length limit. */
  then: string | null;
}

/** All tested lengths and the largest n up to which every tested n is exact. */
export interface ExtrapolationReport {
  cases: ExtrapolationCase[];
  /** 0 when the smallest tested n already fails. */
  largestExact: number;
}

/**
 * Prompts a^n b for every n and checks the greedy continuation.
 *
 * @example A model that never counts fails from the first n
 * ```ts
 * import { extrapolate } from "./extrapolate.ts";
 * import { LSTM } from "./models/lstm.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const model = new LSTM(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 2 });
 * const report = extrapolate(model, new Vocabulary(["a", "b", "EOS", "UNK"]), [12]);
 * assert.equal(report.largestExact, 0);
 * ```
 */
export function extrapolate(
  model: SequenceModel,
  vocabulary: Vocabulary,
  ns: readonly number[] = DEFAULT_EXTRAPOLATION,
): ExtrapolationReport {
  const sorted = [...ns].sort((a, b) => a - b);
  const cases = sorted.map((n): ExtrapolationCase => {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`Extrapolation n must be ≥ 1, got ${n}`);
    }
    const prompt = [...Array(n).fill("a"), "b"];
    const { generated } = freestyle(model, vocabulary, prompt, { maxTokens: n + 2, stopWord: EOS });
    let bs = 0;
    while (generated[bs] === "b") bs++;
    const then = generated[bs] ?? null;
    return { n, exact: bs === n - 1 && then === EOS, bs, then };
  });
  let largestExact = 0;
  for (const testCase of cases) {
    if (!testCase.exact) break;
    largestExact = testCase.n;
  }
  return { cases, largestExact };
}
