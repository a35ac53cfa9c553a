// The LSTM's backward pass, checked three ways: finite differences on every
// parameter (short and 22-step sequences), real NumPy's forward and gradients
// for a fixed weight set, and one test for each defect of the lab's handed-out
// backward pass, each of which that code would fail.
import assert from "node:assert/strict";
import { createReferenceBackend, NumpyRandom } from "../../../mod.ts";
import { anbnSequence } from "../../../src/lab/data/anbn.ts";
import { encodeSequence } from "../../../src/data/split.ts";
import { Vocabulary } from "../../../src/data/vocabulary.ts";
import { zeroGradients } from "../../../src/models/model.ts";
import { LSTM } from "../../../src/lab/models/lstm.ts";
import { makeBatch, type SequenceBatch } from "../../../src/models/sequence_batch.ts";
import { assertClose } from "../../helpers/assert_close.ts";
import { checkModelGradients, gradientsOf } from "../../helpers/model_gradients.ts";
import { NUMPY_TOLERANCE, numpyFixtures } from "../../helpers/numpy_fixtures.ts";

const backend = createReferenceBackend();
const vocabulary = new Vocabulary(["a", "b", "EOS", "UNK"]);
const sequence = (n: number) => encodeSequence(anbnSequence(n), vocabulary);

function lstm(hiddenSize: number, seed = 3, biasScale = 0.3): LSTM {
  const model = new LSTM(backend, { vocabularySize: 4, hiddenSize });
  model.initialize(new NumpyRandom(seed));
  // Non-zero biases, so every gate works away from σ(0) = 0.5.
  model.b.value.data.forEach((_, i, data) => data[i] = biasScale * Math.sin(3 * i + 1));
  model.bv.value.data.set([0.2, -0.1, 0.05, 0]);
  return model;
}

/** A batch whose loss counts only the targets at the given steps. */
function onlyAt(steps: number[], encoded = sequence(11)): SequenceBatch {
  const targets = Int32Array.from(encoded.targets, (target, t) => steps.includes(t) ? target : -1);
  return makeBatch([{ ...encoded, targets }]);
}

Deno.test("LSTM backward() matches finite differences for every parameter on short sequences", () => {
  const model = lstm(4);
  for (const n of [1, 2, 3]) checkModelGradients(model, makeBatch([sequence(n)]), `n=${n}`);
});

Deno.test("LSTM backward() matches finite differences on the longest (22-step) sequences", () => {
  const model = lstm(5);
  const batch = makeBatch([sequence(11)]);
  assert.equal(batch.steps, 22);
  const worst = checkModelGradients(model, batch, "22 steps");
  assert.equal(Object.keys(worst).length, 10, "all ten lab parameters are checked");
});

Deno.test("LSTM reproduces real NumPy's probabilities, loss and all 10 gradients to 1e-9", () => {
  const fixture = numpyFixtures.lstm_small;
  const model = new LSTM(backend, {
    vocabularySize: fixture.vocab_size,
    hiddenSize: fixture.hidden_size,
  });
  for (const parameter of model.parameters) {
    parameter.value.data.set(fixture.weights[parameter.name as keyof typeof fixture.weights]);
  }
  const tokens = fixture.tokens;
  const batch = makeBatch([{
    words: [],
    inputs: Int32Array.from(tokens.slice(0, -1)),
    targets: Int32Array.from(tokens.slice(1)),
  }]);
  zeroGradients(model);
  const loss = model.forward(batch);
  assertClose([loss], [fixture.loss], NUMPY_TOLERANCE, "loss");
  assertClose(model.probabilities.data, fixture.probs, NUMPY_TOLERANCE, "probabilities");
  model.backward();
  for (const parameter of model.parameters) {
    const expected = fixture.grads[parameter.name as keyof typeof fixture.grads];
    assertClose(parameter.grad.data, expected, NUMPY_TOLERANCE, `d${parameter.name}`);
  }
});

Deno.test("defect 1 (no BPTT): a loss at the last step has a gradient at the first input, as finite differences say", () => {
  const model = lstm(4);
  // Input 0 is UNK, used nowhere else: its weight column only sees step 0, 21 steps before the loss.
  const encoded = sequence(11);
  const inputs = Int32Array.from(encoded.inputs, (token, t) => t === 0 ? 3 : token);
  const batch = onlyAt([21], { ...encoded, inputs });
  checkModelGradients(model, batch, "last-step loss");
  const H = 4, Z = 8;
  let firstInputColumn = 0;
  for (let row = 0; row < 4 * H; row++) {
    firstInputColumn += Math.abs(model.W.grad.data[row * Z + H + 3]);
  }
  assert.ok(firstInputColumn > 1e-9, `gradient at the first input vanished: ${firstInputColumn}`);
});

Deno.test("defect 2 (derivatives of activated values): saturated gates still match finite differences", () => {
  // With pre-activations of several units, σ'(σ(a)) and 1 − tanh(tanh(c))² differ
  // from o(1 − o) and 1 − tanh(c)² by far more than the tolerance.
  const model = lstm(4, 5, 2.5);
  for (const parameter of model.parameters.slice(0, 4)) {
    parameter.value.data.forEach((v, i, data) => data[i] = 3 * v);
  }
  checkModelGradients(model, makeBatch([sequence(2)]), "saturated");
});

Deno.test("defect 3 (forget gate without derivative): ∂L/∂b_f is non-zero and matches finite differences", () => {
  const model = lstm(4);
  const worst = checkModelGradients(model, makeBatch([sequence(3)]), "forget gate");
  const [, , , , bf] = model.parameters;
  assert.equal(bf.name, "b_f");
  assert.ok(
    bf.grad.data.some((v) => Math.abs(v) > 1e-6),
    "the forget gate must receive a gradient",
  );
  assert.ok(worst.b_f < 1e-6 && worst.W_f < 1e-6);
});

Deno.test("defect 4 (states one step off): with a loss at step 0 only, the forget gate gets exactly zero", () => {
  // c_{−1} = 0, so f_0 multiplies nothing: ∂L₀/∂W_f = 0. Reading the last cell
  // state as the 'previous' one at t = 0, as the lab's code does, makes it non-zero.
  const model = lstm(4);
  const batch = onlyAt([0]);
  zeroGradients(model);
  model.forward(batch);
  model.backward();
  const [Wf, , , , bf] = model.parameters;
  assert.ok(Wf.grad.data.every((v) => v === 0) && bf.grad.data.every((v) => v === 0));
  checkModelGradients(model, batch, "step-0 loss");
});

Deno.test("LSTM batched gradient equals the sum of per-sequence gradients (padding masked)", () => {
  const model = lstm(5);
  const sequences = [sequence(3), sequence(1), sequence(6)];
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

Deno.test("LSTM step() by step equals the batched forward pass", () => {
  const model = lstm(5);
  const encoded = sequence(3);
  const state = model.createState();
  const stepped = [...encoded.inputs].flatMap((token) => [...model.step(state, token)]);
  model.forward(makeBatch([encoded]));
  assertClose(stepped, model.probabilities.data, { atol: 1e-15, rtol: 1e-12 }, "step vs forward");
});
