// The lab's dataset, vocabulary and split from seed 42, against NumPy.
import assert from "node:assert/strict";
import {
  anbnBayesFloorPerSequence,
  anbnDeterministicPositions,
  generateAnBn,
} from "../../../src/lab/data/anbn.ts";
import { NumpyRandom } from "../../../src/data/numpy_random.ts";
import { splitSequences, tokenCount } from "../../../src/data/split.ts";
import { oneHot, Vocabulary } from "../../../src/data/vocabulary.ts";
import { numpyFixtures } from "../../helpers/numpy_fixtures.ts";

const lab = numpyFixtures.lab_dataset;

Deno.test("seed 42 gives the lab's 256 sequence lengths, vocabulary and split", () => {
  const sequences = generateAnBn(new NumpyRandom(42));
  assert.deepEqual(sequences.map((words) => (words.length - 1) / 2), lab.lengths);
  const vocabulary = Vocabulary.fromSequences(sequences);
  assert.deepEqual(Object.fromEntries(vocabulary.words.map((w, i) => [w, i])), lab.word_to_idx);
  const split = splitSequences(sequences, vocabulary);
  assert.deepEqual(
    [split.train.length, split.validation.length, split.test.length],
    [lab.num_train, lab.num_val, lab.num_test],
  );
  assert.deepEqual(
    [tokenCount(split.train), tokenCount(split.validation), tokenCount(split.test)],
    [lab.train_input_tokens, lab.val_input_tokens, lab.test_input_tokens],
  );
  // The test set is the last 25 sequences, as the lab slices it.
  assert.deepEqual(split.test.at(-1)!.words, sequences.at(-1));
});

Deno.test("forced positions are the targets after the first b", () => {
  assert.deepEqual(
    anbnDeterministicPositions(["a", "a", "a", "b", "b", "b"]),
    [false, false, false, true, true, true],
  );
  assert.ok(Math.abs(anbnBayesFloorPerSequence(1, 11) - Math.log(11)) < 1e-15);
});

Deno.test("unknown words map to UNK and one-hot rows put a single 1", () => {
  const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
  assert.deepEqual(vocabulary.encode(["r", "n", "a"]), [3, 3, 0]);
  assert.deepEqual([...oneHot([1, -1], 4)], [0, 1, 0, 0, 0, 0, 0, 0]);
  assert.throws(() => new Vocabulary(["a", "UNK", "UNK"]), RangeError);
  assert.throws(() => vocabulary.word(4), RangeError);
});
