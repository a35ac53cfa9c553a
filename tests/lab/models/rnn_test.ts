// The vanilla RNN's backward pass: finite differences on every parameter, on
// short and on the longest (22-step) sequences, and the batched gradient
// against the sum of per-sequence gradients.
import assert from "node:assert/strict";
import { createReferenceBackend } from "../../../mod.ts";
import { anbnSequence } from "../../../src/lab/data/anbn.ts";
import { NumpyRandom } from "../../../src/data/numpy_random.ts";
import { encodeSequence } from "../../../src/data/split.ts";
import { Vocabulary } from "../../../src/data/vocabulary.ts";
import { zeroGradients } from "../../../src/models/model.ts";
import { RNN } from "../../../src/lab/models/rnn.ts";
import { makeBatch } from "../../../src/models/sequence_batch.ts";
import { assertClose } from "../../helpers/assert_close.ts";
import { checkModelGradients, gradientsOf } from "../../helpers/model_gradients.ts";

const backend = createReferenceBackend();
const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
const sequence = (n: number) => encodeSequence(anbnSequence(n), vocabulary);

function trainedLookingRnn(hiddenSize: number): RNN {
  const model = new RNN(backend, { vocabularySize: 4, hiddenSize });
  model.initialize(new NumpyRandom(3));
  // Non-zero biases, so their gradients are exercised away from the origin.
  model.bHidden.value.data.forEach((_, i, data) => data[i] = 0.1 * Math.sin(i + 1));
  model.bOut.value.data.set([0.2, -0.1, 0.05, 0]);
  return model;
}

Deno.test("RNN backward() matches finite differences for every parameter on short sequences", () => {
  const model = trainedLookingRnn(5);
  for (const n of [1, 2, 3]) checkModelGradients(model, makeBatch([sequence(n)]), `n=${n}`);
});

Deno.test("RNN backward() matches finite differences on the longest (22-step) sequence", () => {
  const model = trainedLookingRnn(7);
  const batch = makeBatch([sequence(11)]);
  assert.equal(batch.steps, 22);
  checkModelGradients(model, batch, "22 steps");
});

Deno.test("RNN gradient of a loss at step T reaches the input at step 1 (BPTT carries through time)", () => {
  const model = trainedLookingRnn(5);
  // Only the last target counts: any gradient on U's column for the first
  // input token 'a' must have travelled back through all 21 steps.
  const encoded = sequence(11);
  const targets = encoded.targets.map((target, t) =>
    t === encoded.targets.length - 1 ? target : -1
  );
  const batch = makeBatch([{ ...encoded, targets: Int32Array.from(targets) }]);
  const worst = checkModelGradients(model, batch, "last-step loss");
  assert.ok(worst.U < 1e-6);
  const dU = model.U.grad.data;
  let aColumn = 0;
  for (let r = 0; r < model.hiddenSize; r++) aColumn += Math.abs(dU[r * 4 + 0]);
  assert.ok(aColumn > 1e-8, `the gradient reaching the first input vanished (${aColumn})`);
});

Deno.test("RNN batched gradient equals the sum of per-sequence gradients (padding masked)", () => {
  const model = trainedLookingRnn(6);
  const sequences = [sequence(3), sequence(1), sequence(5)];
  zeroGradients(model);
  let summedLoss = 0;
  for (const single of sequences) {
    summedLoss += model.forward(makeBatch([single]));
    model.backward();
  }
  const perSequence = gradientsOf(model);
  zeroGradients(model);
  const batchedLoss = model.forward(makeBatch(sequences));
  model.backward();
  const batched = gradientsOf(model);
  assertClose([batchedLoss], [summedLoss], { atol: 0, rtol: 1e-12 }, "loss");
  for (const name of Object.keys(perSequence)) {
    assertClose(batched[name], perSequence[name], { atol: 1e-15, rtol: 1e-9 }, `grad ${name}`);
  }
});
