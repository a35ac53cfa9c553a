// Parity of kernels/matvec.ts with src/backends/reference/matvec.ts.
// Tolerance: an f32 dot product of length C drifts from the f64 one by a few
// ulp per term; |Δ| ≤ 1e-6 √C (1 + |expected|) holds with a wide margin and
// would catch any wrong index or missed tail element (errors of order 0.1).
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

const SHAPES: [number, number][] = [
  [1, 1],
  [3, 3],
  [4, 4],
  [5, 5],
  [17, 17],
  [53, 53],
  [3, 53],
  [53, 5],
  [200, 54],
  [512, 577],
  // One column: a row's tail vector would reach three rows on, past W's end.
  [5, 1],
  [6, 1],
  [8, 1],
  // Column counts whose y-panels leave 2, 3, 6 and 7 whole blocks and a tail.
  [3, 9],
  [4, 14],
  [7, 27],
  [9, 31],
  [5, 63],
  // No rows: y += Wᵀ d must leave y as it is.
  [0, 5],
];

const tolerance = (columns: number) => {
  const t = 1e-6 * Math.sqrt(columns);
  return { atol: t, rtol: t };
};

Deno.test("matVecForward() matches the reference with and without bias at awkward sizes", () => {
  for (const [rows, columns] of SHAPES) {
    for (const withBias of [true, false]) {
      const inputs = {
        y: { shape: [rows] },
        W: { shape: [rows, columns], values: randomValues(rows * 7 + columns, rows * columns) },
        x: { shape: [columns], values: randomValues(columns + 1, columns) },
        b: { shape: [rows], values: randomValues(rows + 2, rows) },
      };
      const expected = runOn(
        reference,
        inputs,
        (backend, t) => backend.matVecForward(t.y, t.W, t.x, withBias ? t.b : undefined),
      );
      for (const [build, backend] of wasmBackends) {
        const actual = runOn(
          backend,
          inputs,
          (backend, t) => backend.matVecForward(t.y, t.W, t.x, withBias ? t.b : undefined),
        );
        assertClose(
          actual.values.y,
          expected.values.y,
          tolerance(columns),
          `matVecForward ${rows}x${columns} bias=${withBias} [${build}]`,
        );
      }
    }
  }
});

Deno.test("matVecTransposedAccumulate() adds Wᵀ d onto y like the reference", () => {
  for (const [rows, columns] of SHAPES) {
    const inputs = {
      y: { shape: [columns], values: randomValues(3, columns) },
      W: { shape: [rows, columns], values: randomValues(rows * 5 + columns, rows * columns) },
      d: { shape: [rows], values: randomValues(rows + 9, rows) },
    };
    const expected = runOn(
      reference,
      inputs,
      (b, t) => b.matVecTransposedAccumulate(t.y, t.W, t.d),
    );
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, (b, t) => b.matVecTransposedAccumulate(t.y, t.W, t.d));
      assertClose(
        actual.values.y,
        expected.values.y,
        tolerance(rows),
        `matVecTransposedAccumulate ${rows}x${columns} [${build}]`,
      );
    }
  }
});

Deno.test("outerAccumulate() adds d xᵀ onto W like the reference", () => {
  for (const [rows, columns] of SHAPES) {
    const inputs = {
      W: { shape: [rows, columns], values: randomValues(rows + columns, rows * columns) },
      d: { shape: [rows], values: randomValues(rows + 11, rows) },
      x: { shape: [columns], values: randomValues(columns + 13, columns) },
    };
    const expected = runOn(reference, inputs, (b, t) => b.outerAccumulate(t.W, t.d, t.x));
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, (b, t) => b.outerAccumulate(t.W, t.d, t.x));
      assertClose(
        actual.values.W,
        expected.values.W,
        { atol: 1e-6, rtol: 1e-6 },
        `outerAccumulate ${rows}x${columns} [${build}]`,
      );
    }
  }
});

Deno.test("matVecForward() keeps a row's ragged tail apart from its neighbours", () => {
  // The kernel reads a row's last C mod 4 columns as one vector that runs into
  // the next row; those extra lanes must add nothing even when they hold an
  // infinity. Odd rows start with ∞ (times x₀ = 0: NaN, as IEEE says, in their
  // own sums); the even rows before them must come out finite and right.
  for (const [rows, columns] of [[8, 5], [9, 6], [12, 7], [5, 3]]) {
    const W = randomValues(rows * columns, rows * columns);
    for (let r = 1; r < rows; r += 2) W[r * columns] = Infinity;
    const x = randomValues(columns, columns);
    x[0] = 0;
    const inputs = {
      y: { shape: [rows] },
      W: { shape: [rows, columns], values: W },
      x: { shape: [columns], values: x },
    };
    const expected = runOn(reference, inputs, (b, t) => b.matVecForward(t.y, t.W, t.x)).values.y;
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, (b, t) => b.matVecForward(t.y, t.W, t.x)).values.y;
      const label = `${rows}x${columns} [${build}]`;
      const even = (values: Float64Array) => Array.from(values).filter((_, r) => r % 2 === 0);
      assertClose(even(actual), even(expected), { atol: 1e-5, rtol: 1e-5 }, label);
      assert.ok(actual.every((v, r) => r % 2 === 0 ? Number.isFinite(v) : Number.isNaN(v)), label);
    }
  }
});
