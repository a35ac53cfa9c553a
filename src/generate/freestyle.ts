// Greedy continuation of a prompt: feed the prompt, then repeatedly the
// one-hot of the most likely next word, until EOS or a length limit.
import type { SequenceModel } from "../models/model.ts";
import type { Vocabulary } from "../data/vocabulary.ts";
import { sample } from "./sample.ts";

/** Options for {@linkcode freestyle}. */
export interface FreestyleOptions {
  /** Most words to generate (default 50). */
  maxTokens?: number;
  /** The word that ends generation (the lab's `EOS`); without one, only `maxTokens` ends it. */
  stopWord?: string;
}

/** A prompt and what the model made of it. */
export interface FreestyleResult {
  prompt: string[];
  /** The prompt as the model saw it (unknown words replaced by UNK). */
  seen: string[];
  generated: string[];
  /** Whether generation ended with the stop word (rather than the length limit). */
  stopped: boolean;
}

/**
 * The index of the largest value (the first one on ties): what
 * {@linkcode sample} returns at temperature 0.
 *
 * @example Ties go to the earlier word
 * ```ts
 * import { argmax } from "./freestyle.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(argmax([0.1, 0.4, 0.4, 0.1]), 1);
 * ```
 */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Greedy continuation: unknown prompt words become UNK; after the prompt the
 * most likely word is appended and fed back as a one-hot input.
 *
 * @param model A trained (or any) model.
 * @param vocabulary The model's vocabulary.
 * @param prompt Words, e.g. `"a a b".split(" ")`.
 *
 * @example Unknown prompt words are seen as UNK; without EOS, maxTokens ends it
 * ```ts
 * import { freestyle } from "./freestyle.ts";
 * import { LSTM } from "../lab/models/lstm.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * // Untrained (all zero), so every word ties and the first one, "a", wins.
 * const model = new LSTM(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 4 });
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * const result = freestyle(model, vocabulary, ["a", "r"], { maxTokens: 3 });
 * assert.deepEqual(result.seen, ["a", "UNK"]);
 * assert.deepEqual(result.generated, ["a", "a", "a"]);
 * assert.equal(result.stopped, false);
 * ```
 */
export function freestyle(
  model: SequenceModel,
  vocabulary: Vocabulary,
  prompt: readonly string[],
  options: FreestyleOptions = {},
): FreestyleResult {
  const { maxTokens = 50, stopWord } = options;
  if (prompt.length === 0) throw new RangeError("freestyle needs a prompt of at least one word");
  if (!Number.isInteger(maxTokens) || maxTokens < 0) {
    throw new RangeError(`maxTokens must be a non-negative integer, got ${maxTokens}`);
  }
  const state = model.createState();
  const indices = vocabulary.encode(prompt);
  let probabilities: Float64Array = new Float64Array(0);
  for (const index of indices) probabilities = model.step(state, index);
  const generated: string[] = [];
  let stopped = false;
  while (generated.length < maxTokens) {
    // Greedy: at temperature 0 only the order of the scores matters, so probabilities do.
    const next = sample(probabilities, 0, { temperature: 0 });
    const word = vocabulary.word(next);
    generated.push(word);
    if (stopWord !== undefined && word === stopWord) {
      stopped = true;
      break;
    }
    probabilities = model.step(state, next);
  }
  for (const tensor of state.tensors) model.backend.free(tensor);
  return { prompt: [...prompt], seen: vocabulary.decode(indices), generated, stopped };
}
