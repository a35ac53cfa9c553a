// nn.CrossEntropyLoss against PyTorch: mean over non-ignored rows and sum.
import { createReferenceBackend, getBackend } from "../../mod.ts";
import { CrossEntropyLoss } from "../../src/nn/cross_entropy.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { TORCH_REFERENCE, TORCH_WASM, torchFixtures } from "../helpers/torch_fixtures.ts";

const fixture = torchFixtures.cross_entropy;

for (const backend of [createReferenceBackend(), getBackend("wasm")]) {
  const tolerance = backend.name === "reference" ? TORCH_REFERENCE : TORCH_WASM;
  for (const reduction of ["mean", "sum"] as const) {
    Deno.test(`CrossEntropyLoss(${reduction}, ignore −1) matches PyTorch on ${backend.description}`, () => {
      const loss = new CrossEntropyLoss(backend, { reduction, ignoreIndex: fixture.ignore_index });
      const logits = backend.tensor(fixture.logits.shape, fixture.logits.values);
      const value = loss.forward(logits, fixture.targets);
      assertClose([value], [fixture[reduction].loss], tolerance, `${reduction} loss`);
      assertClose(
        loss.backward().data,
        fixture[reduction].grad_logits.values,
        tolerance,
        `${reduction} grad`,
      );
    });
  }
}
