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
  // σ outputs are per word, not a distribution.
  const probabilities = Array.from(model.probabilities.data);
  const rowSums = [0, 1, 2, 3].map((r) =>
    probabilities.slice(r * 3, r * 3 + 3).reduce((a, b) => a + b, 0)
  );
  assert.ok(rowSums.some((sum) => Math.abs(sum - 1) > 1e-3));
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
