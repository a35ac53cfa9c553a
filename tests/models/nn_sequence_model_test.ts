// The nn model with the classic protocol's parts — sigmoid outputs against
// multi-hot next-word sets, and LSTM peepholes — against finite differences
// (Float64 reference), with padding in the batch.
import assert from "node:assert/strict";
import { createReferenceBackend, NumpyRandom } from "../../mod.ts";
import { makeBatch } from "../../src/models/sequence_batch.ts";
import { NnSequenceModel } from "../../src/models/nn_sequence_model.ts";
import { assertGradientsMatch, numericGradient } from "../helpers/finite_difference.ts";

const sequence = (inputs: number[], sets: number[][]) => ({
  words: [],
  inputs: Int32Array.from(inputs),
  targets: Int32Array.from(inputs, () => 0),
  targetSets: Float32Array.from(sets.flat()),
});

Deno.test("NnSequenceModel, sigmoid outputs and peepholes: every gradient matches finite differences", () => {
  const backend = createReferenceBackend();
  const model = new NnSequenceModel(backend, {
    cell: "lstm",
    vocabularySize: 3,
    hiddenSize: 4,
    peephole: true,
    output: "sigmoid",
    outputBias: true,
  });
  model.initialize(new NumpyRandom(2));
  const batch = makeBatch([
    sequence([0, 0, 1, 1], [[1, 1, 0], [1, 1, 0], [0, 1, 0], [0, 0, 1]]),
    sequence([0, 1], [[1, 1, 0], [0, 0, 1]]),
  ]);
  assert.equal(batch.targetSets!.length, 4 * 2 * 3);
  const loss = () => model.forward(batch);
  loss();
  for (const parameter of model.parameters) backend.zero(parameter.grad);
  model.backward();
  for (const parameter of model.parameters) {
    assertGradientsMatch(
      parameter.grad.data,
      numericGradient(loss, parameter.value.data),
      parameter.name,
    );
  }
  // σ outputs are one logistic per word: their log-odds differ between words
  // exactly as the log-probabilities of a softmax over the same logits do.
  const twin = new NnSequenceModel(backend, {
    cell: "lstm",
    vocabularySize: 3,
    hiddenSize: 4,
    peephole: true,
    outputBias: true,
  });
  twin.parameters.forEach((p, i) => p.value.data.set(model.parameters[i].value.data));
  loss();
  twin.forward(batch);
  const q = model.probabilities.data, p = twin.probabilities.data;
  const logOdds = (x: number) => Math.log(x / (1 - x));
  for (let row = 0; row < 8; row++) {
    for (const [v, w] of [[0, 1], [1, 2]]) {
      const sigmoidSide = logOdds(q[row * 3 + v]) - logOdds(q[row * 3 + w]);
      const softmaxSide = Math.log(p[row * 3 + v]) - Math.log(p[row * 3 + w]);
      assert.ok(
        Math.abs(sigmoidSide - softmaxSide) < 1e-9,
        `row ${row}: ${sigmoidSide} vs ${softmaxSide}`,
      );
    }
  }
});

Deno.test("NnSequenceModel with sigmoid outputs refuses batches without target sets", () => {
  const backend = createReferenceBackend();
  const model = new NnSequenceModel(backend, {
    cell: "gru",
    vocabularySize: 3,
    hiddenSize: 2,
    output: "sigmoid",
  });
  const batch = makeBatch([{ words: [], inputs: Int32Array.of(0), targets: Int32Array.of(1) }]);
  assert.throws(() => model.forward(batch), /need batches with targetSets/);
});

Deno.test("makeBatch() refuses target sets on some sequences only, or of the wrong width", () => {
  const withSets = sequence([0, 1], [[1, 1, 0], [0, 0, 1]]);
  const without = { words: [], inputs: Int32Array.of(0), targets: Int32Array.of(1) };
  assert.throws(() => makeBatch([withSets, without]), /1 of 2 sequences have target sets/);
  const narrow = { ...withSets, targetSets: Float32Array.of(1, 1, 0, 0, 0) };
  assert.throws(() => makeBatch([withSets, narrow]), /sequence 1 has 5 target-set values/);
});
