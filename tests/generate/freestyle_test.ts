// Greedy continuation: feeds the chosen word back, stops at EOS or the limit.
import assert from "node:assert/strict";
import { createReferenceBackend, freestyle, NumpyRandom, RNN, Vocabulary } from "../../mod.ts";

const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);

function biasedModel(favourite: number): RNN {
  const model = new RNN(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 3 });
  model.initialize(new NumpyRandom(1));
  model.W.value.data.fill(0);
  model.bOut.value.data.set([0, 0, 0, 0].map((_, i) => (i === favourite ? 5 : 0)));
  return model;
}

Deno.test("freestyle() stops at EOS and maps unknown prompt words to UNK", () => {
  const result = freestyle(biasedModel(2), vocabulary, ["r", "n", "n"], { stopWord: "EOS" });
  assert.deepEqual(result.seen, ["UNK", "UNK", "UNK"]);
  assert.deepEqual(result.generated, ["EOS"]);
  assert.equal(result.stopped, true);
});

Deno.test("freestyle() stops at maxTokens when EOS never comes", () => {
  const result = freestyle(biasedModel(1), vocabulary, ["a"], { maxTokens: 7 });
  assert.deepEqual(result.generated, Array(7).fill("b"));
  assert.equal(result.stopped, false);
  assert.throws(() => freestyle(biasedModel(1), vocabulary, []), RangeError);
});

Deno.test("step() by step equals the batched forward pass on the same sequence", () => {
  const model = new RNN(createReferenceBackend(), { vocabularySize: 4, hiddenSize: 5 });
  model.initialize(new NumpyRandom(9));
  const tokens = [0, 0, 1, 1];
  const state = model.createState();
  const stepped = tokens.map((token) => [...model.step(state, token)]);
  model.forward({
    steps: 4,
    size: 1,
    inputs: Int32Array.from(tokens),
    targets: Int32Array.of(0, 1, 1, 2),
    lengths: [4],
  });
  const batched = [...model.probabilities.data];
  for (let t = 0; t < 4; t++) {
    for (let v = 0; v < 4; v++) assert.ok(Math.abs(stepped[t][v] - batched[t * 4 + v]) < 1e-14);
  }
});
