// Binary cross-entropy on logits against real PyTorch (BCEWithLogitsLoss,
// float64; tests/fixtures/make_bce_fixture.py): loss and gradient, padding
// rows skipped, logits up to ±30. Reference to 1e-12; wasm (f32 storage) to 1e-5.
import { createReferenceBackend, getBackend } from "../../mod.ts";
import { bceWithLogitsBackward, bceWithLogitsForward } from "../../src/nn/bce_with_logits.ts";
import { assertClose } from "../helpers/assert_close.ts";

const fixture = JSON.parse(
  await Deno.readTextFile(new URL("../fixtures/bce_fixture.json", import.meta.url)),
);

for (
  const [backend, tolerance] of [
    [createReferenceBackend(), { atol: 1e-12, rtol: 1e-12 }],
    [getBackend("wasm"), { atol: 1e-5, rtol: 1e-5 }],
  ] as const
) {
  Deno.test(`bceWithLogits matches PyTorch's BCEWithLogitsLoss (sum) [${backend.description}]`, () => {
    const shape = fixture.shape as [number, number];
    const logits = backend.tensor(shape, fixture.logits);
    const probs = backend.tensor(shape), dLogits = backend.tensor(shape);
    const loss = bceWithLogitsForward(probs, logits, fixture.targets, fixture.row_target);
    bceWithLogitsBackward(dLogits, probs, fixture.targets, fixture.row_target, 1);
    assertClose([loss], [fixture.loss], tolerance, "loss");
    assertClose(dLogits.data, fixture.grad, tolerance, "gradient");
  });
}
