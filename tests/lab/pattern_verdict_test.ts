// The counting study's verdict on a string follows the language's legal sets:
// checked with oracle models that predict legal words everywhere, or slip once.
import assert from "node:assert/strict";
import type { Tensor } from "../../src/core/backend.ts";
import { UNK, Vocabulary } from "../../src/data/vocabulary.ts";
import { anbn, dyck2, type FormalLanguage } from "../../src/lab/data/languages/mod.ts";
import type { SequenceModel } from "../../src/models/model.ts";
import type { SequenceBatch } from "../../src/models/sequence_batch.ts";
import { createReferenceBackend } from "../../src/backends/reference_backend.ts";
import { stringsRight } from "../../src/lab/pattern_verdict.ts";

// A stand-in model that puts all probability on one legal next word, except
// (when `slipAt` is given) at that step of every sequence, where it picks an
// illegal one.
// With `sets`, every legal word gets probability 1 instead (the classic protocol's outputs).
function oracle(
  language: FormalLanguage,
  vocabulary: Vocabulary,
  slipAt = -1,
  sets = false,
): SequenceModel {
  const backend = createReferenceBackend();
  let probabilities: Tensor = backend.tensor([1, vocabulary.size]);
  const V = vocabulary.size;
  return {
    kind: "oracle",
    backend,
    vocabularySize: V,
    hiddenSize: 0,
    parameters: [],
    get probabilities() {
      return probabilities;
    },
    forward(batch: SequenceBatch) {
      probabilities = backend.tensor([batch.steps * batch.size, V]);
      for (let b = 0; b < batch.size; b++) {
        const inputs = Array.from(
          { length: batch.lengths[b] },
          (_, t) => vocabulary.word(batch.inputs[t * batch.size + b]),
        );
        const legal = language.legalNext([...inputs, "EOS"]);
        legal.forEach((set, t) => {
          if (sets) {
            // At the slip, one legal word drops out of the set.
            const words = t === slipAt ? [...set].slice(1) : [...set];
            for (const word of words) {
              probabilities.data[(t * batch.size + b) * V + vocabulary.index(word)] = 1;
            }
            return;
          }
          const choice = t === slipAt
            ? language.words.find((word) => !set.has(word))!
            : [...set][0];
          probabilities.data[(t * batch.size + b) * V + vocabulary.index(choice)] = 1;
        });
      }
      return 0;
    },
    backward() {},
    createState: () => ({ tensors: [] }),
    step: () => new Float64Array(V),
    dispose() {},
  };
}

Deno.test("stringsRight() accepts legal predictions everywhere and refuses one illegal step", () => {
  for (const language of [anbn, dyck2]) {
    const vocabulary = new Vocabulary([...language.words, UNK]);
    const strings = [3, 12, 40].flatMap((n) => language.testStrings(n));
    assert.ok(
      stringsRight(oracle(language, vocabulary), language, vocabulary, strings).every(Boolean),
    );
    const slipped = stringsRight(oracle(language, vocabulary, 2), language, vocabulary, strings);
    assert.ok(slipped.every((right) => !right), `${language.name}: one wrong step fails a string`);
  }
});

Deno.test("stringsRight() under the classic protocol wants exactly the legal set above 0.5", () => {
  for (const language of [anbn, dyck2]) {
    const vocabulary = new Vocabulary([...language.words, UNK]);
    const strings = [3, 12, 40].flatMap((n) => language.testStrings(n));
    const judge = (model: SequenceModel) =>
      stringsRight(model, language, vocabulary, strings, "classic");
    assert.ok(judge(oracle(language, vocabulary, -1, true)).every(Boolean));
    assert.ok(judge(oracle(language, vocabulary, 2, true)).every((right) => !right));
    // One next word, even a legal one, is not the set wherever two are legal.
    assert.ok(judge(oracle(language, vocabulary)).every((right) => !right));
  }
});
