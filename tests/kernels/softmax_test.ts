// Parity of kernels/softmax.ts with the reference. Tolerances: probabilities
// 1e-6 absolute (f32 exp to ~2 ulp, then a division); log-probabilities and
// per-row losses 1e-5 relative to their size; gradients 1e-6 absolute.
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues, seededUniform } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

// [rows, columns]
const SHAPES: [number, number][] = [
  [1, 1],
  [3, 3],
  [1, 4],
  [5, 5],
  [17, 17],
  [53, 53],
  [22, 4],
  [200, 54],
  [512, 577],
];

function targetsFor(seed: number, rows: number, columns: number, padding: boolean): Int32Array {
  const next = seededUniform(seed);
  return Int32Array.from(
    { length: rows },
    () => padding && next() < 0.2 ? -1 : Math.floor(next() * columns),
  );
}

Deno.test("softmaxForward() and logSoftmaxForward() match the reference row by row", () => {
  for (const [rows, columns] of SHAPES) {
    const inputs = {
      probs: { shape: [rows, columns] },
      logs: { shape: [rows, columns] },
      logits: {
        shape: [rows, columns],
        values: randomValues(rows + columns, rows * columns, -8, 8),
      },
    };
    const run = (b: typeof reference, t: Record<string, import("../../mod.ts").Tensor>) => {
      b.softmaxForward(t.probs, t.logits);
      b.logSoftmaxForward(t.logs, t.logits);
    };
    const expected = runOn(reference, inputs, run);
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, run);
      const label = `${rows}x${columns} [${build}]`;
      assertClose(
        actual.values.probs,
        expected.values.probs,
        { atol: 1e-6, rtol: 1e-5 },
        `softmax ${label}`,
      );
      assertClose(
        actual.values.logs,
        expected.values.logs,
        { atol: 1e-5, rtol: 1e-5 },
        `logSoftmax ${label}`,
      );
    }
  }
});

Deno.test("crossEntropyForward() and Backward() match the reference, skipping padded rows", () => {
  for (const [rows, columns] of SHAPES) {
    const targets = targetsFor(rows * columns, rows, columns, rows > 1);
    const inputs = {
      probs: { shape: [rows, columns] },
      dLogits: { shape: [rows, columns], values: randomValues(7, rows * columns) },
      logits: {
        shape: [rows, columns],
        values: randomValues(rows * 3 + columns, rows * columns, -8, 8),
      },
    };
    const run = (b: typeof reference, t: Record<string, import("../../mod.ts").Tensor>) => {
      const loss = b.crossEntropyForward(t.probs, t.logits, targets);
      b.crossEntropyBackward(t.dLogits, t.probs, targets, 0.5);
      return loss;
    };
    const expected = runOn(reference, inputs, run);
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, run);
      const label = `${rows}x${columns} [${build}]`;
      assertClose([actual.result as number], [expected.result as number], {
        atol: 1e-5,
        rtol: 1e-5,
      }, `loss ${label}`);
      assertClose(
        actual.values.probs,
        expected.values.probs,
        { atol: 1e-6, rtol: 1e-5 },
        `probs ${label}`,
      );
      assertClose(
        actual.values.dLogits,
        expected.values.dLogits,
        { atol: 1e-6, rtol: 1e-5 },
        `dLogits ${label}`,
      );
    }
  }
});

Deno.test("cross-entropy stays finite and exact on logits of ±1e4 and 3e38", () => {
  // Row 0: a confident right answer; row 1: a confident wrong one (loss 2e4);
  // row 2: huge equal logits (loss ln 4); row 3: padding.
  const logits = [1e4, -1e4, 0, 0, 1e4, -1e4, 0, 0, 3e38, 3e38, 3e38, 3e38, 1e4, 1e4, 1e4, 1e4];
  const targets = [0, 1, 2, -1];
  const inputs = {
    probs: { shape: [4, 4] },
    logSoftmax: { shape: [4, 4] },
    logits: { shape: [4, 4], values: logits },
  };
  for (const [build, backend] of [["reference", reference] as const, ...wasmBackends]) {
    const outcome = runOn(backend, inputs, (b, t) => {
      b.logSoftmaxForward(t.logSoftmax, t.logits);
      return b.crossEntropyForward(t.probs, t.logits, targets);
    });
    const loss = outcome.result as number;
    assert.ok(Number.isFinite(loss), `loss ${loss} [${build}]`);
    assertClose([loss], [2e4 + Math.log(4)], { atol: 0, rtol: 1e-6 }, `extreme loss [${build}]`);
    assert.ok(outcome.values.probs.every(Number.isFinite), `probs finite [${build}]`);
    assert.ok(outcome.values.logSoftmax.every(Number.isFinite), `log-softmax finite [${build}]`);
    assertClose(outcome.values.probs.subarray(8, 12), [0.25, 0.25, 0.25, 0.25], {
      atol: 1e-7,
      rtol: 0,
    }, `equal huge logits [${build}]`);
  }
});
