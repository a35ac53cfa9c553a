// Reference LSTM time loop, the oracle for kernels/lstm_sequence.ts: the
// same steps through the reference cell and matrix kernels.
// T = steps, B = batch, H = hidden, Z = H + inputs.
import type { FloatArray } from "../../core/backend.ts";
import { lstmCellBackward, lstmCellForward } from "./lstm_cell.ts";
import { matMulAccumulateColumns, matMulTransposedBAccumulate } from "./matmul.ts";

// z_t[:, :H] = h_{t−1};  gates_t += z_t Wᵀ;  cell(gates_t, c_{t−1}) → h_t, c_t, tanh c_t
export function lstmSequenceForward(
  h: FloatArray,
  c: FloatArray,
  tanhC: FloatArray,
  gates: FloatArray,
  z: FloatArray,
  W: FloatArray,
  c0: FloatArray | null,
  steps: number,
  batch: number,
  hidden: number,
  width: number,
  peephole: FloatArray | null,
): void {
  const unit = batch * hidden;
  const cInitial = c0 ?? new Float64Array(unit);
  for (let t = 0; t < steps; t++) {
    const zt = z.subarray(t * batch * width, (t + 1) * batch * width);
    const gt = gates.subarray(t * 4 * unit, (t + 1) * 4 * unit);
    if (t > 0) {
      for (let b = 0; b < batch; b++) {
        zt.set(
          h.subarray((t - 1) * unit + b * hidden, (t - 1) * unit + (b + 1) * hidden),
          b * width,
        );
      }
    }
    matMulTransposedBAccumulate(gt, zt, W, batch, width, 4 * hidden);
    lstmCellForward(
      h.subarray(t * unit, (t + 1) * unit),
      c.subarray(t * unit, (t + 1) * unit),
      tanhC.subarray(t * unit, (t + 1) * unit),
      gt,
      gt,
      t > 0 ? c.subarray((t - 1) * unit, t * unit) : cInitial,
      batch,
      hidden,
      peephole,
    );
  }
}

// cell backward per step from the last; dh_{t−1} += (dpre_t W)[:, :H] (into dh0 at t = 0)
export function lstmSequenceBackward(
  dPreact: FloatArray,
  dc: FloatArray,
  dh: FloatArray,
  gates: FloatArray,
  tanhC: FloatArray,
  c: FloatArray,
  W: FloatArray,
  c0: FloatArray | null,
  dh0: FloatArray | null,
  steps: number,
  batch: number,
  hidden: number,
  width: number,
  peephole: FloatArray | null,
  dPeephole: FloatArray | null,
): void {
  const unit = batch * hidden;
  const cInitial = c0 ?? new Float64Array(unit);
  for (let t = steps - 1; t >= 0; t--) {
    const dPreT = dPreact.subarray(t * 4 * unit, (t + 1) * 4 * unit);
    lstmCellBackward(
      dPreT,
      dc,
      dh.subarray(t * unit, (t + 1) * unit),
      dc,
      gates.subarray(t * 4 * unit, (t + 1) * 4 * unit),
      tanhC.subarray(t * unit, (t + 1) * unit),
      t > 0 ? c.subarray((t - 1) * unit, t * unit) : cInitial,
      batch,
      hidden,
      peephole,
      dPeephole,
      c.subarray(t * unit, (t + 1) * unit),
    );
    const target = t > 0 ? dh.subarray((t - 1) * unit, t * unit) : dh0;
    if (target) matMulAccumulateColumns(target, dPreT, W, 0, batch, 4 * hidden, hidden, width);
  }
}
