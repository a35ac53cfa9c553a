// Parity of kernels/lstm_cell.ts with the reference (finite-difference checks
// of the reference itself live in tests/reference/lstm_cell_test.ts).
// Tolerance: σ and tanh to 1e-6 absolute, then a few products of values below
// 1 in magnitude (cell states up to ~3): 1e-5 absolute + 1e-5 relative.
import assert from "node:assert/strict";
import type { Backend, Tensor } from "../../mod.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

// [batch, hidden]
const SHAPES: [number, number][] = [
  [1, 1],
  [1, 3],
  [2, 4],
  [3, 5],
  [1, 17],
  [2, 53],
  [1, 50],
  [200, 54],
  [512, 577],
];
const TOLERANCE = { atol: 1e-5, rtol: 1e-5 };

function cellInputs(batch: number, hidden: number, seed: number, scale = 3) {
  const units = batch * hidden;
  return {
    h: { shape: [batch, hidden] },
    c: { shape: [batch, hidden] },
    tanhC: { shape: [batch, hidden] },
    gates: { shape: [batch, 4 * hidden] },
    preact: { shape: [batch, 4 * hidden], values: randomValues(seed, 4 * units, -scale, scale) },
    cPrev: { shape: [batch, hidden], values: randomValues(seed + 1, units, -2, 2) },
    dh: { shape: [batch, hidden], values: randomValues(seed + 2, units) },
    dc: { shape: [batch, hidden], values: randomValues(seed + 3, units) },
    dPreact: { shape: [batch, 4 * hidden] },
    dcPrev: { shape: [batch, hidden] },
  };
}

function forwardAndBackward(b: Backend, t: Record<string, Tensor>): void {
  b.lstmCellForward(t.h, t.c, t.tanhC, t.gates, t.preact, t.cPrev);
  b.lstmCellBackward(t.dPreact, t.dcPrev, t.dh, t.dc, t.gates, t.tanhC, t.cPrev);
}

Deno.test("lstmCellForward() and lstmCellBackward() match the reference at awkward sizes", () => {
  for (const [batch, hidden] of SHAPES) {
    const inputs = cellInputs(batch, hidden, batch * 1000 + hidden);
    const expected = runOn(reference, inputs, forwardAndBackward);
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, forwardAndBackward);
      for (const name of ["h", "c", "tanhC", "gates", "dPreact", "dcPrev"]) {
        assertClose(
          actual.values[name],
          expected.values[name],
          TOLERANCE,
          `lstm cell ${name} ${batch}x${hidden} [${build}]`,
        );
      }
    }
  }
});

Deno.test("the LSTM cell kernels work in place (gates over preact, dcPrev over dc)", () => {
  const [batch, hidden] = [3, 5];
  const inputs = cellInputs(batch, hidden, 77);
  const expected = runOn(reference, inputs, forwardAndBackward);
  for (const [build, backend] of [["reference", reference] as const, ...wasmBackends]) {
    const actual = runOn(backend, inputs, (b, t) => {
      b.lstmCellForward(t.h, t.c, t.tanhC, t.preact, t.preact, t.cPrev);
      b.lstmCellBackward(t.dPreact, t.dc, t.dh, t.dc, t.preact, t.tanhC, t.cPrev);
    });
    assertClose(
      actual.values.preact,
      expected.values.gates,
      TOLERANCE,
      `in-place gates [${build}]`,
    );
    assertClose(actual.values.dc, expected.values.dcPrev, TOLERANCE, `in-place dcPrev [${build}]`);
  }
});

Deno.test("the LSTM cell stays finite with pre-activations of ±1e4", () => {
  const inputs = cellInputs(2, 7, 5, 1e4);
  const expected = runOn(reference, inputs, forwardAndBackward);
  for (const [build, backend] of wasmBackends) {
    const actual = runOn(backend, inputs, forwardAndBackward);
    for (const [name, values] of Object.entries(actual.values)) {
      assert.ok(values.every(Number.isFinite), `${name} not finite [${build}]`);
      assertClose(values, expected.values[name], TOLERANCE, `saturated ${name} [${build}]`);
    }
  }
});
