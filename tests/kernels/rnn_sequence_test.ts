// Parity of kernels/rnn_sequence.ts with src/backends/reference/rnn_sequence.ts, for
// batches below and above the 16 rows where V is transposed first.
// Tolerance: tanh to 1e-6 and length-H dot products, carried through T steps
// of recurrence: 1e-4 absolute + 1e-4 relative.
import type { Backend, Tensor } from "../../mod.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

// [steps, batch, hidden]
const SHAPES: [number, number, number][] = [[1, 1, 1], [3, 1, 3], [5, 2, 5], [22, 1, 50], [
  4,
  17,
  5,
], [6, 32, 53]];

Deno.test("rnnSequenceForward() and rnnSequenceBackward() match the reference", () => {
  for (const [steps, batch, hidden] of SHAPES) {
    const rows = steps * batch;
    const tensors = {
      h: { shape: [rows, hidden], values: randomValues(rows + hidden, rows * hidden) },
      V: { shape: [hidden, hidden], values: randomValues(hidden, hidden * hidden, -0.3, 0.3) },
      dPre: { shape: [rows, hidden] },
      dh: { shape: [rows, hidden], values: randomValues(5, rows * hidden) },
    };
    const run = (b: Backend, t: Record<string, Tensor>) => {
      b.rnnSequenceForward(t.h, t.V, batch);
      b.rnnSequenceBackward(t.dPre, t.dh, t.h, t.V, batch);
    };
    const expected = runOn(reference, tensors, run);
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, tensors, run);
      for (const name of ["h", "dPre", "dh"]) {
        assertClose(
          actual.values[name],
          expected.values[name],
          { atol: 1e-4, rtol: 1e-4 },
          `rnn sequence ${name} T=${steps} B=${batch} H=${hidden} [${build}]`,
        );
      }
    }
  }
});
