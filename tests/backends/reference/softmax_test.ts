// The reference softmax family against closed forms and finite differences.
import assert from "node:assert/strict";
import { createReferenceBackend } from "../../../mod.ts";
import { assertClose } from "../../helpers/assert_close.ts";
import { assertGradientsMatch, numericGradient } from "../../helpers/finite_difference.ts";
import { randomValues } from "../../helpers/random.ts";

const backend = createReferenceBackend();

Deno.test("crossEntropyBackward() matches finite differences of the summed loss, padding ignored", () => {
  const [rows, columns] = [6, 5];
  const targets = [0, 4, -1, 2, 1, -1];
  const logits = backend.tensor([rows, columns], randomValues(3, rows * columns, -3, 3));
  const probs = backend.tensor([rows, columns]);
  const scale = 0.75;
  const loss = () => scale * backend.crossEntropyForward(probs, logits, targets);
  const numeric = numericGradient(loss, logits.data);
  loss();
  const dLogits = backend.tensor([rows, columns]);
  backend.crossEntropyBackward(dLogits, probs, targets, scale);
  assertGradientsMatch(dLogits.data, numeric, "crossEntropyBackward");
  // Padded rows receive no gradient at all.
  assert.deepEqual([...dLogits.data.subarray(2 * columns, 3 * columns)], [0, 0, 0, 0, 0]);
});

Deno.test("softmax, log-softmax and cross-entropy agree with their definitions", () => {
  const logits = backend.tensor([2, 3], [1, 2, 3, -1, 0, 1000]);
  const probs = backend.tensor([2, 3]);
  const logs = backend.tensor([2, 3]);
  backend.softmaxForward(probs, logits);
  backend.logSoftmaxForward(logs, logits);
  const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
  assertClose(
    [...probs.data],
    [Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z, 0, 0, 1],
    { atol: 1e-15, rtol: 1e-12 },
    "softmax",
  );
  assertClose(
    [...logs.data.subarray(0, 3)],
    [1 - Math.log(z), 2 - Math.log(z), 3 - Math.log(z)],
    { atol: 0, rtol: 1e-12 },
    "log-softmax",
  );
  const loss = backend.crossEntropyForward(probs, logits, [2, 0]);
  assertClose([loss], [Math.log(z) - 3 + 1001], { atol: 0, rtol: 1e-12 }, "cross-entropy");
});
