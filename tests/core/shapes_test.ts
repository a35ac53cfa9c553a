// Every kernel refuses mismatched shapes with a RangeError that names both
// shapes, on both backends, before touching memory.
import assert from "node:assert/strict";
import type { Backend, Tensor } from "../../mod.ts";
import { createReferenceBackend, createWasmBackend } from "../../mod.ts";

const backends: Backend[] = [createReferenceBackend(), createWasmBackend()];

function expectShapeError(action: () => unknown, ...shapes: string[]): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof RangeError, `expected a RangeError, got ${error}`);
    for (const shape of shapes) {
      assert.ok(error.message.includes(shape), `"${error.message}" should name ${shape}`);
    }
    return true;
  });
}

for (const backend of backends) {
  const t = (...shape: number[]): Tensor => backend.tensor(shape);
  const label = backend.description;

  Deno.test(`${label}: matrix-vector kernels name both shapes on a mismatch`, () => {
    expectShapeError(() => backend.matVecForward(t(200), t(200, 54), t(53)), "[53]", "[200, 54]");
    expectShapeError(() => backend.matVecForward(t(199), t(200, 54), t(54)), "[199]", "[200, 54]");
    expectShapeError(
      () => backend.matVecForward(t(200), t(200, 54), t(54), t(54)),
      "[54]",
      "[200, 54]",
    );
    expectShapeError(() => backend.matVecForward(t(200), t(10800), t(54)), "[10800]");
    expectShapeError(
      () => backend.matVecTransposedAccumulate(t(54), t(200, 54), t(54)),
      "[54]",
      "[200, 54]",
    );
    expectShapeError(() => backend.outerAccumulate(t(200, 54), t(200), t(55)), "[55]", "[200, 54]");
  });

  Deno.test(`${label}: matrix-matrix kernels name both shapes on a mismatch`, () => {
    expectShapeError(
      () => backend.matMulForward(t(32, 2048), t(32, 577), t(576, 2048)),
      "[32, 577]",
      "[576, 2048]",
    );
    expectShapeError(
      () => backend.matMulForward(t(32, 2047), t(32, 577), t(577, 2048)),
      "[32, 2047]",
    );
    expectShapeError(
      () => backend.matMulForward(t(3, 4), t(3, 5), t(5, 4), t(5)),
      "[5]",
      "[5, 4]",
    );
    expectShapeError(
      () => backend.matMulAccumulateColumns(t(3, 5), t(3, 4), t(4, 4)),
      "[3, 5]",
      "[4, 4]",
    );
    expectShapeError(
      () => backend.matMulAccumulateColumns(t(3, 2), t(3, 4), t(4, 4), 3),
      "[3, 2]",
      "[4, 4]",
    );
    expectShapeError(() => backend.matMulAccumulate(t(3, 4), t(3, 5), t(4, 4)), "[3, 5]", "[4, 4]");
    expectShapeError(
      () => backend.matMulTransposedAAccumulate(t(5, 4), t(3, 5), t(2, 4)),
      "[3, 5]",
      "[2, 4]",
    );
    expectShapeError(
      () => backend.matMulTransposedBAccumulate(t(5, 4), t(5, 3), t(4, 2)),
      "[5, 3]",
      "[4, 2]",
    );
  });

  Deno.test(`${label}: pointwise, softmax and cell kernels name both shapes on a mismatch`, () => {
    expectShapeError(() => backend.tanhForward(t(5), t(4)), "[5]", "[4]");
    expectShapeError(() => backend.sigmoidBackward(t(5), t(5), t(6)), "[6]", "[5]");
    expectShapeError(() => backend.softmaxForward(t(2, 4), t(2, 5)), "[2, 4]", "[2, 5]");
    expectShapeError(() => backend.softmaxForward(t(2, 2, 2), t(2, 2, 2)), "[2, 2, 2]");
    expectShapeError(() => backend.crossEntropyForward(t(3, 4), t(3, 4), [0, 1]), "[3, 4]");
    expectShapeError(() => backend.crossEntropyForward(t(2, 4), t(2, 4), [0, 4]), "4");
    expectShapeError(
      () => backend.lstmCellForward(t(2, 5), t(2, 5), t(2, 5), t(2, 20), t(2, 20), t(2, 4)),
      "[2, 4]",
      "[2, 20]",
    );
    expectShapeError(
      () => backend.lstmCellForward(t(1, 5), t(1, 5), t(1, 5), t(1, 19), t(1, 19), t(1, 5)),
      "[1, 19]",
    );
    expectShapeError(
      () => backend.gruCellForward(t(2, 5), t(2, 15), t(2, 15), t(2, 12), t(2, 5)),
      "[2, 12]",
      "[2, 15]",
    );
    expectShapeError(() => backend.rnnSequenceForward(t(6, 5), t(5, 4), 2), "[6, 5]", "[5, 4]");
    expectShapeError(
      () => backend.rnnSequenceBackward(t(6, 4), t(6, 5), t(6, 5), t(5, 5), 2),
      "[6, 4]",
    );
    expectShapeError(
      () => backend.lstmSequenceForward(t(6, 5), t(6, 5), t(6, 5), t(6, 20), t(6, 9), t(20, 8), 2),
      "[6, 9]",
      "[20, 8]",
    );
    expectShapeError(
      () => backend.lstmSequenceForward(t(6, 5), t(6, 5), t(6, 5), t(6, 20), t(6, 9), t(20, 9), 4),
      "batch 4",
    );
    expectShapeError(
      () =>
        backend.lstmSequenceBackward(
          t(6, 20),
          t(2, 4),
          t(6, 5),
          t(6, 20),
          t(6, 5),
          t(6, 5),
          t(20, 9),
          2,
        ),
      "[2, 4]",
    );
    expectShapeError(
      () =>
        backend.lstmSequenceForward(t(6, 5), t(6, 5), t(6, 5), t(6, 20), t(6, 9), t(20, 9), 2, {
          c0: t(2, 4),
        }),
      "[2, 4]",
      "[6, 20]",
    );
    assert.throws(
      () =>
        backend.lstmSequenceBackward(
          t(6, 20),
          t(2, 5),
          t(6, 5),
          t(6, 20),
          t(6, 5),
          t(6, 5),
          t(20, 9),
          2,
          { peephole: t(3, 5) },
        ),
      /lstmSequenceBackward: peephole and dPeephole go together/,
    );
    expectShapeError(() => backend.sgdStep(t(4), t(5), null, { lr: 0.1 }), "[5]", "[4]");
    expectShapeError(
      () => backend.adamStep(t(4), t(4), t(4), t(3), { lr: 0.1, step: 1 }),
      "[3]",
      "[4]",
    );
    expectShapeError(() => backend.view(t(10), 8, [3]), "[10]");
    expectShapeError(() => backend.tensor([2, 2], [1, 2, 3]), "[2, 2]");
    expectShapeError(() => backend.tensor([2, -1]), "[2, -1]");
  });
}

Deno.test("a tensor of one backend is refused by the other with a TypeError", () => {
  const [reference, wasm] = backends;
  const foreign = reference.tensor([3]);
  assert.throws(
    () => wasm.tanhForward(wasm.tensor([3]), foreign),
    (error: unknown) =>
      error instanceof TypeError && /tanhForward: x \(shape \[3\]\) is not a live tensor/.test(
        error.message,
      ),
  );
  const wasmTensor = wasm.tensor([3]);
  assert.throws(() => reference.tanhForward(wasmTensor, reference.tensor([3])), TypeError);
});
