// Parity of kernels/one_hot.ts with the reference, on both of its paths (W
// transposed into working space while 2V ≤ R, strided adds beyond), with
// padding and repeated ids, and nothing written outside target and W. Tolerances: a gather adds one float to another
// (f32 rounding, 1e-6); a scatter sums up to R of them (1e-5 relative).
// Bits: both paths must add onto each element in row order, exactly what a
// Float32 loop over W's columns does, so that loop is compared bit for bit.
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues, seededUniform } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

// [rows R, gate width G, vocabulary V]: 2V ≤ R transposes, 2V > R does not.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 3],
  [6, 6, 3],
  [10, 2, 5],
  [5, 3, 17],
  [17, 53, 5],
  [53, 17, 65],
  [257, 1024, 65],
  [577, 257, 53],
  [3, 577, 257],
];

function idsFor(seed: number, rows: number, vocabulary: number): Int32Array {
  const next = seededUniform(seed);
  // Few distinct ids so that rows repeat them; one in five is padding.
  const distinct = Math.max(1, Math.min(vocabulary, Math.ceil(rows / 3)));
  return Int32Array.from({ length: rows }, () => {
    // Padding is any negative id, not only −1.
    if (rows > 1 && next() < 0.2) return next() < 0.5 ? -1 : -7;
    return Math.floor(next() * distinct) * Math.floor(vocabulary / distinct);
  });
}

// A fence after each tensor: a write past either shows as a changed fence.
const FENCE = 37;
function inputsFor(rows: number, G: number, V: number) {
  return {
    target: { shape: [rows, G], values: randomValues(rows + G, rows * G) },
    targetFence: { shape: [FENCE], values: randomValues(3, FENCE) },
    W: { shape: [G, V], values: randomValues(G * 7 + V, G * V) },
    wFence: { shape: [FENCE], values: randomValues(5, FENCE) },
  };
}

Deno.test("gatherColumnsAccumulate() and scatterColumnsAccumulate() match the reference", () => {
  for (const [rows, G, V] of SHAPES) {
    const ids = idsFor(rows * 31 + V, rows, V);
    const run = (b: typeof reference, t: Record<string, import("../../mod.ts").Tensor>) => {
      b.gatherColumnsAccumulate(t.target, t.W, ids);
      // The scatter's dTarget is the gathered rows, its dW the weights: both
      // directions then depend on each other's results.
      b.scatterColumnsAccumulate(t.W, t.target, ids);
    };
    const expected = runOn(reference, inputsFor(rows, G, V), run);
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputsFor(rows, G, V), run);
      const label = `R ${rows}, G ${G}, V ${V} [${build}]`;
      assertClose(actual.values.target, expected.values.target, {
        atol: 1e-6,
        rtol: 1e-6,
      }, `gathered ${label}`);
      assertClose(actual.values.W, expected.values.W, { atol: 1e-5, rtol: 1e-5 }, `dW ${label}`);
      for (const fence of ["targetFence", "wFence"]) {
        assert.deepEqual(actual.values[fence], expected.values[fence], `${fence} ${label}`);
      }
    }
  }
});

Deno.test("the one-hot kernels add in row order on both paths, bit for bit", () => {
  for (const [rows, G, V] of SHAPES) {
    const ids = idsFor(rows * 17 + G, rows, V);
    const { target, W } = inputsFor(rows, G, V);
    const gathered = Float32Array.from(target.values), summed = Float32Array.from(W.values);
    for (let r = 0; r < rows; r++) {
      if (ids[r] < 0) continue;
      for (let g = 0; g < G; g++) gathered[r * G + g] += summed[g * V + ids[r]];
    }
    for (let r = 0; r < rows; r++) {
      if (ids[r] < 0) continue;
      for (let g = 0; g < G; g++) summed[g * V + ids[r]] += gathered[r * G + g];
    }
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputsFor(rows, G, V), (b, t) => {
        b.gatherColumnsAccumulate(t.target, t.W, ids);
        b.scatterColumnsAccumulate(t.W, t.target, ids);
      });
      const label = `R ${rows}, G ${G}, V ${V} [${build}]`;
      assert.deepEqual(actual.values.target, Float64Array.from(gathered), `gathered ${label}`);
      assert.deepEqual(actual.values.W, Float64Array.from(summed), `dW ${label}`);
    }
  }
});

Deno.test("the one-hot kernels refuse ids outside the vocabulary and rows of the wrong shape", () => {
  for (const [, backend] of [["reference", reference], ...wasmBackends] as const) {
    const target = backend.tensor([3, 4]), W = backend.tensor([4, 5]);
    assert.throws(
      () => backend.gatherColumnsAccumulate(target, W, [0, 5, 1]),
      /gatherColumnsAccumulate: id 5 at row 1 is not an integer below 5/,
    );
    assert.throws(
      () => backend.scatterColumnsAccumulate(W, target, [0, 1.5, 1]),
      /scatterColumnsAccumulate: id 1.5 at row 1 is not an integer below 5/,
    );
    // As an Int32, −2³² would be id 0 and −2³¹ − 1 id 2³¹ − 1.
    for (const id of [-(2 ** 32), -(2 ** 31) - 1]) {
      assert.throws(() => backend.gatherColumnsAccumulate(target, W, [0, id, 1]), /at row 1/);
    }
    assert.throws(
      () => backend.gatherColumnsAccumulate(target, W, [0, 1]),
      /2 ids need a \[2, 4\] tensor, got \[3, 4\]/,
    );
    backend.free(target);
    backend.free(W);
  }
});
