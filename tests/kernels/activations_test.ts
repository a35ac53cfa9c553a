// Parity of kernels/activations.ts with the reference, and their behaviour on
// extreme inputs. Tolerance: the bound, 1e-6 absolute, for tanh and σ;
// the backward kernels are a multiply-add on those values (1e-6 relative).
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

const SIZES = [1, 3, 4, 5, 17, 53, 200 * 54, 512 * 577];
const ACTIVATION = { atol: 1e-6, rtol: 0 };

// Values at and around the points where tanh switches formula (|x| = 0.625)
// and where the exp clamp starts (|x| ≥ 87), plus ±0 and subnormals.
const EXTREMES = [
  0,
  -0,
  1e-45,
  -1e-45,
  1e-40,
  -3e-39,
  1e-20,
  0.6249999,
  0.625,
  0.6250001,
  -0.625,
  9,
  -9,
  20,
  -20,
  86.9,
  87.1,
  88.5,
  -88.5,
  100,
  -100,
  1e4,
  -1e4,
  3.4e38,
  -3.4e38,
];

for (const kind of ["tanh", "sigmoid"] as const) {
  Deno.test(`${kind}Forward() is within 1e-6 of the reference at every size`, () => {
    for (const n of SIZES) {
      const inputs = { y: { shape: [n] }, x: { shape: [n], values: randomValues(n, n, -12, 12) } };
      const expected = runOn(reference, inputs, (b, t) => b[`${kind}Forward`](t.y, t.x));
      for (const [build, backend] of wasmBackends) {
        const actual = runOn(backend, inputs, (b, t) => b[`${kind}Forward`](t.y, t.x));
        assertClose(
          actual.values.y,
          expected.values.y,
          ACTIVATION,
          `${kind}Forward n=${n} [${build}]`,
        );
      }
    }
  });

  Deno.test(`${kind}Forward() stays finite and correct on ±0, subnormals and ±1e4`, () => {
    const inputs = {
      y: { shape: [EXTREMES.length] },
      x: { shape: [EXTREMES.length], values: EXTREMES },
    };
    const expected = runOn(reference, inputs, (b, t) => b[`${kind}Forward`](t.y, t.x));
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, (b, t) => b[`${kind}Forward`](t.y, t.x));
      assert.ok(
        actual.values.y.every(Number.isFinite),
        `${kind} [${build}] gave ${actual.values.y}`,
      );
      assertClose(
        actual.values.y,
        expected.values.y,
        ACTIVATION,
        `${kind}Forward extremes [${build}]`,
      );
      if (kind === "tanh") {
        // Odd symmetry down to the sign of zero, and tiny inputs pass through.
        assert.ok(Object.is(actual.values.y[1], -0), `tanh(-0) should be -0 [${build}]`);
        assert.equal(actual.values.y[4], Math.fround(1e-40), `tanh of a subnormal [${build}]`);
      }
    }
  });

  Deno.test(`${kind}Forward() passes NaN through, so a diverged run cannot look finite`, () => {
    // The clamps inside tanh and σ must not turn NaN into ±1 (or 0 and 1).
    const values = [NaN, 0.5, NaN, -3, NaN];
    const inputs = { y: { shape: [values.length] }, x: { shape: [values.length], values } };
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, (b, t) => b[`${kind}Forward`](t.y, t.x));
      const nans = Array.from(actual.values.y, Number.isNaN);
      assert.deepEqual(nans, [true, false, true, false, true], `${kind} [${build}]`);
    }
  });

  Deno.test(`${kind}Backward() adds dy times the local slope like the reference`, () => {
    for (const n of SIZES) {
      const inputs = {
        dx: { shape: [n], values: randomValues(n + 1, n) },
        y: { shape: [n], values: randomValues(n + 2, n, kind === "tanh" ? -1 : 0, 1) },
        dy: { shape: [n], values: randomValues(n + 3, n) },
      };
      const expected = runOn(reference, inputs, (b, t) => b[`${kind}Backward`](t.dx, t.y, t.dy));
      for (const [build, backend] of wasmBackends) {
        const actual = runOn(backend, inputs, (b, t) => b[`${kind}Backward`](t.dx, t.y, t.dy));
        assertClose(
          actual.values.dx,
          expected.values.dx,
          { atol: 1e-7, rtol: 1e-6 },
          `${kind}Backward n=${n} [${build}]`,
        );
      }
    }
  });
}
