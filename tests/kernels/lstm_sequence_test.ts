// Parity of kernels/lstm_sequence.ts with src/backends/reference/lstm_sequence.ts:
// the whole time loop, forward and backward, for batches below and above the
// size where the kernel switches to a transposed W (16 rows, or 4 when
// z is at most 8 wide).
// Tolerance: errors of f32 cells and length-Z dot products carried through T
// steps of recurrence: 1e-4 absolute + 1e-4 relative.
import type { Backend, Tensor } from "../../mod.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

// [steps, batch, hidden, inputs]
const SHAPES: [number, number, number, number][] = [
  [1, 1, 1, 1],
  [3, 1, 3, 4],
  [5, 2, 5, 3],
  [22, 1, 50, 4],
  [4, 17, 5, 7],
  [5, 4, 3, 2],
  [6, 32, 53, 4],
];
const TOLERANCE = { atol: 1e-4, rtol: 1e-4 };

Deno.test("lstmSequenceForward() and lstmSequenceBackward() match the reference, with and without peepholes", () => {
  for (
    const [[steps, batch, hidden, inputs], withState, withPeephole] of SHAPES.flatMap((shape) =>
      [[shape, false, false], [shape, true, false], [shape, false, true], [
        shape,
        true,
        true,
      ]] as const
    )
  ) {
    const rows = steps * batch, width = hidden + inputs;
    const z = randomValues(rows + width, rows * width);
    // h parts start empty, except h_{−1} in the first step's rows when testing an initial state.
    for (let r = withState ? batch : 0; r < rows; r++) z.fill(0, r * width, r * width + hidden);
    const tensors = {
      h: { shape: [rows, hidden] },
      c: { shape: [rows, hidden] },
      tanhC: { shape: [rows, hidden] },
      gates: { shape: [rows, 4 * hidden], values: randomValues(3, rows * 4 * hidden, -0.5, 0.5) },
      z: { shape: [rows, width], values: z },
      W: {
        shape: [4 * hidden, width],
        values: randomValues(hidden * 7 + width, 4 * hidden * width, -0.5, 0.5),
      },
      dPre: { shape: [rows, 4 * hidden] },
      dc: { shape: [batch, hidden] },
      dh: { shape: [rows, hidden], values: randomValues(11, rows * hidden) },
      c0: { shape: [batch, hidden], values: randomValues(13, batch * hidden) },
      dh0: { shape: [batch, hidden], values: randomValues(17, batch * hidden) },
      peephole: { shape: [3, hidden], values: randomValues(19, 3 * hidden, -0.5, 0.5) },
      dPeephole: { shape: [3, hidden], values: randomValues(23, 3 * hidden) },
    };
    const run = (b: Backend, t: Record<string, Tensor>) => {
      const c0 = withState ? t.c0 : undefined;
      const peephole = withPeephole ? t.peephole : undefined;
      b.lstmSequenceForward(t.h, t.c, t.tanhC, t.gates, t.z, t.W, batch, { c0, peephole });
      b.lstmSequenceBackward(t.dPre, t.dc, t.dh, t.gates, t.tanhC, t.c, t.W, batch, {
        c0,
        dh0: withState ? t.dh0 : undefined,
        peephole,
        dPeephole: withPeephole ? t.dPeephole : undefined,
      });
    };
    const expected = runOn(reference, tensors, run);
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, tensors, run);
      for (
        const name of ["h", "c", "tanhC", "gates", "z", "dPre", "dc", "dh", "dh0", "dPeephole"]
      ) {
        assertClose(
          actual.values[name],
          expected.values[name],
          TOLERANCE,
          `lstm sequence ${name} T=${steps} B=${batch} H=${hidden} I=${inputs} state=${withState} peephole=${withPeephole} [${build}]`,
        );
      }
    }
  }
});
