// Text from a character model: the prime read in, then one character at a
// time drawn with `sample()` from a seeded generator — so the same seed gives
// the same text. UNK is never drawn, so it never reaches the reader.
import type { CharVocabulary } from "../data/char_vocabulary.ts";
import type { UniformSource } from "../core/random_source.ts";
import type { CharModel } from "../models/char_model.ts";
import { sample, type SampleOptions } from "./sample.ts";

/** Options of {@linkcode sampleCharModel}. */
export interface CharSampleOptions extends SampleOptions {
  /** Text the model reads first; the sample continues it (default: a line break, where known). */
  prime?: string;
  /** Characters to generate (default 500). */
  length?: number;
  /** Where each draw's coin comes from (seeded). */
  random: UniformSource;
  /** Called with each generated character as it is produced (for streaming). */
  onText?: (text: string) => void;
}

/** The generated text, and what the model made of the prime. */
export interface CharSample {
  text: string;
  /** Characters of the prime the vocabulary does not know (read as UNK), each once. */
  unknownInPrime: string[];
}

/**
 * Generates `length` characters after `prime`. Throws a RangeError when every
 * character of a non-empty prime is unknown: there is nothing to continue.
 *
 * @example Greedy continuation of an untrained model is still valid text
 * ```ts
 * import { sampleCharModel } from "./char_sample.ts";
 * import { CharModel } from "../models/char_model.ts";
 * import { CharVocabulary } from "../data/char_vocabulary.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = new CharVocabulary([..."ab\n"].map((c) => c.codePointAt(0)!).sort((a, b) => a - b));
 * const model = new CharModel(createReferenceBackend(), { cell: "lstm", vocabularySize: 4, hiddenSize: 4 });
 * model.initialize(new NumpyRandom(0));
 * const { text, unknownInPrime } = sampleCharModel(model, vocabulary, {
 *   prime: "ab?", length: 10, temperature: 0, random: new NumpyRandom(1),
 * });
 * assert.equal([...text].length, 10);
 * assert.ok([...text].every((c) => "ab\n".includes(c)));
 * assert.deepEqual(unknownInPrime, ["?"]);
 * ```
 */
export function sampleCharModel(
  model: CharModel,
  vocabulary: CharVocabulary,
  options: CharSampleOptions,
): CharSample {
  const { length = 500, random, onText } = options;
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`length must be a whole number of characters ≥ 0, got ${length}`);
  }
  if (vocabulary.size !== model.vocabularySize) {
    throw new RangeError(
      `The vocabulary has ${vocabulary.size} symbols but the model predicts ${model.vocabularySize}`,
    );
  }
  const newline = vocabulary.id(10);
  const prime = options.prime ?? (newline !== vocabulary.unk ? "\n" : "");
  const primeIds = [...vocabulary.encode(prime)];
  const unknownInPrime = [
    ...new Set([...prime].filter((c) => vocabulary.id(c.codePointAt(0)!) === vocabulary.unk)),
  ];
  if (prime.length > 0 && unknownInPrime.length === [...new Set(prime)].length) {
    throw new RangeError(
      `Every character of the prime is unknown to this model (${
        unknownInPrime.map((c) => JSON.stringify(c)).join(", ")
      }): there is nothing to continue`,
    );
  }
  const reader = model.reader();
  try {
    // With no prime at all the first character is drawn from the model's zero state.
    let logits = primeIds.length ? new Float64Array(0) : reader.feed(-1);
    for (const id of primeIds) logits = reader.feed(id);
    let text = "";
    for (let i = 0; i < length; i++) {
      logits[vocabulary.unk] = -Infinity;
      const next = sample(logits, random.randomSample(), options);
      const character = vocabulary.decode([next]);
      text += character;
      onText?.(character);
      logits = reader.feed(next);
    }
    return { text, unknownInPrime };
  } finally {
    reader.dispose();
  }
}
