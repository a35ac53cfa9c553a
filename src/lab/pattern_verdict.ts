// What the counting study calls right. Under the softmax protocol a string
// is right when, at every step, the most likely next word is a legal one;
// under the classic protocol (a sigmoid per word), when the words above 0.5
// are exactly the legal ones. Both follow the language's legal-next sets.
import { type EncodedSequence, encodeSequence } from "../data/split.ts";
import type { Vocabulary } from "../data/vocabulary.ts";
import type { FormalLanguage } from "./data/languages/language.ts";
import type { SequenceModel } from "../models/model.ts";
import { makeBatches } from "../models/sequence_batch.ts";
import type { PatternProtocol } from "./patterns.ts";

/**
 * A string encoded for training, with its multi-hot legal-next sets under the classic protocol.
 *
 * @example
 * ```ts
 * import { encodePattern } from "./pattern_verdict.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * const encoded = encodePattern(["a", "b", "EOS"], vocabulary, anbn, "classic");
 * // after "a": a or b; after "a b": EOS
 * assert.deepEqual([...encoded.targetSets!], [1, 1, 0, 0, 0, 0, 1, 0]);
 * ```
 */
export function encodePattern(
  words: readonly string[],
  vocabulary: Vocabulary,
  language: FormalLanguage,
  protocol: PatternProtocol,
): EncodedSequence {
  const encoded = encodeSequence(words, vocabulary);
  if (protocol === "softmax") return encoded;
  const V = vocabulary.size;
  const targetSets = new Float32Array(encoded.inputs.length * V);
  language.legalNext(words).forEach((set, t) => {
    for (const word of set) targetSets[t * V + vocabulary.index(word)] = 1;
  });
  return { ...encoded, targetSets };
}

/**
 * Which of `strings` the model gets entirely right: at every step the most
 * likely next word must be a legal one (softmax), or the words above 0.5
 * must be exactly the legal ones (classic).
 *
 * @example An untrained network does not count
 * ```ts
 * import { stringsRight } from "./pattern_verdict.ts";
 * import { anbn } from "./data/languages/mod.ts";
 * import { LSTM } from "./models/lstm.ts";
 * import { Vocabulary } from "../data/vocabulary.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
 * const model = new LSTM(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 3 });
 * assert.deepEqual(stringsRight(model, anbn, vocabulary, anbn.testStrings(5)), [false]);
 * ```
 */
export function stringsRight(
  model: SequenceModel,
  language: FormalLanguage,
  vocabulary: Vocabulary,
  strings: readonly (readonly string[])[],
  protocol: PatternProtocol = "softmax",
): boolean[] {
  const encoded = strings.map((words) => encodePattern(words, vocabulary, language, protocol));
  const right: boolean[] = [];
  const V = model.vocabularySize;
  for (const batch of makeBatches(encoded, 16)) {
    model.forward(batch);
    const probabilities = model.probabilities.data;
    for (let b = 0; b < batch.size; b++) {
      const words = encoded[right.length].words;
      const legal = language.legalNext(words);
      let ok = true;
      for (let t = 0; t < batch.lengths[b] && ok; t++) {
        const row = (t * batch.size + b) * V;
        if (protocol === "classic") {
          for (let v = 0; v < V && ok; v++) {
            ok = (probabilities[row + v] > 0.5) === legal[t].has(vocabulary.word(v));
          }
          continue;
        }
        let best = 0;
        for (let v = 1; v < V; v++) {
          if (probabilities[row + v] > probabilities[row + best]) best = v;
        }
        ok = legal[t].has(vocabulary.word(best));
      }
      right.push(ok);
    }
  }
  return right;
}
