// Parity of kernels/gru_cell.ts with the reference (finite-difference checks
// of the reference itself live in tests/reference/gru_cell_test.ts).
// Tolerance as for the LSTM cell: 1e-5 absolute + 1e-5 relative.
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
    gates: { shape: [batch, 3 * hidden] },
    gi: { shape: [batch, 3 * hidden], values: randomValues(seed, 3 * units, -scale, scale) },
    gh: { shape: [batch, 3 * hidden], values: randomValues(seed + 1, 3 * units, -scale, scale) },
    hPrev: { shape: [batch, hidden], values: randomValues(seed + 2, units) },
    dh: { shape: [batch, hidden], values: randomValues(seed + 3, units) },
    dgi: { shape: [batch, 3 * hidden] },
    dgh: { shape: [batch, 3 * hidden] },
    dhPrev: { shape: [batch, hidden], values: randomValues(seed + 4, units) }, // added into
  };
}

function forwardAndBackward(b: Backend, t: Record<string, Tensor>): void {
  b.gruCellForward(t.h, t.gates, t.gi, t.gh, t.hPrev);
  b.gruCellBackward(t.dgi, t.dgh, t.dhPrev, t.dh, t.gates, t.gh, t.hPrev);
}

Deno.test("gruCellForward() and gruCellBackward() match the reference at awkward sizes", () => {
  for (const [batch, hidden] of SHAPES) {
    const inputs = cellInputs(batch, hidden, batch * 1000 + hidden);
    const expected = runOn(reference, inputs, forwardAndBackward);
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, forwardAndBackward);
      for (const name of ["h", "gates", "dgi", "dgh", "dhPrev"]) {
        assertClose(
          actual.values[name],
          expected.values[name],
          TOLERANCE,
          `gru cell ${name} ${batch}x${hidden} [${build}]`,
        );
      }
    }
  }
});

Deno.test("the GRU cell stays finite with pre-activations of ±1e4", () => {
  const inputs = cellInputs(2, 7, 9, 1e4);
  const expected = runOn(reference, inputs, forwardAndBackward);
  for (const [build, backend] of wasmBackends) {
    const actual = runOn(backend, inputs, forwardAndBackward);
    for (const [name, values] of Object.entries(actual.values)) {
      assert.ok(values.every(Number.isFinite), `${name} not finite [${build}]`);
      // gh_n reaches 1e4 here, so dr = dn·gh_n·r(1 − r) scales f32 rounding by 1e4.
      assertClose(
        values,
        expected.values[name],
        { atol: 1e-5, rtol: 1e-4 },
        `saturated ${name} [${build}]`,
      );
    }
  }
});
