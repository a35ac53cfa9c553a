// An LSTM layer over a whole sequence in one call: the time loop of
// src/models/lstm.ts, kept inside WebAssembly so that a step costs no calls
// from TypeScript. T = steps, B = batch, H = hidden, Z = H + inputs.
import { accumulateTransposedB, matMulAccumulateColumns, needsTransposedB, transpose } from "./matmul";
import { lstmCellBackward, lstmCellForward } from "./lstm_cell";

// z_t[:, :H] = h_{t−1};  gates_t += z_t Wᵀ;  (i, f, g, o, c_t, tanh c_t, h_t) = cell(gates_t, c_{t−1})
// h, c, tanhC: (T·B, H); gates: (T·B, 4H) holding the bias on entry; z: (T·B, Z) holding
// the inputs in columns H…Z and h_{−1} in the first step's columns 0…H; W: (4H, Z);
// c0: (B, H) the initial cell state c_{−1}; scratch: (Z, 4H) floats of working space
export function lstmSequenceForward(
  h: usize, c: usize, tanhC: usize, gates: usize, z: usize, W: usize, c0: usize, scratch: usize,
  steps: i32, batch: i32, hidden: i32, width: i32,
): void {
  const unit = <usize>batch * <usize>hidden << 2;
  const zStep = <usize>batch * <usize>width << 2;
  const gateStep = unit << 2;
  const hRow = <usize>hidden << 2;
  const zRow = <usize>width << 2;
  if (needsTransposedB(batch, width)) transpose(scratch, W, 4 * hidden, width);
  for (let t = 0; t < steps; t++) {
    const zt = z + <usize>t * zStep;
    const gt = gates + <usize>t * gateStep;
    const ht = h + <usize>t * unit;
    if (t > 0) {
      for (let b = 0; b < batch; b++) memory.copy(zt + <usize>b * zRow, ht - unit + <usize>b * hRow, hRow);
    }
    accumulateTransposedB(gt, zt, W, scratch, batch, width, 4 * hidden);
    lstmCellForward(ht, c + <usize>t * unit, tanhC + <usize>t * unit, gt, gt, t > 0 ? c + <usize>(t - 1) * unit : c0, batch, hidden);
  }
}

// From the last step back: the cell turns (dh_t, dc_t) into dpre_t and dc_{t−1};
// then dh_{t−1} += (dpre_t W)[:, :H], the h part of z_t (at t = 0 into dh0, if given).
// dPreact: (T·B, 4H) written; dc: (B, H) the running gradient at c, zero on entry,
// dc_{−1} on exit; dh: (T·B, H) holding the output layer's gradient on entry;
// gates, tanhC, c: from lstmSequenceForward; W: (4H, Z); c0: (B, H) as in the forward
// pass; dh0: (B, H) receiving ∂L/∂h_{−1} added, or 0
export function lstmSequenceBackward(
  dPreact: usize, dc: usize, dh: usize, gates: usize, tanhC: usize, c: usize, W: usize, c0: usize, dh0: usize,
  steps: i32, batch: i32, hidden: i32, width: i32,
): void {
  const unit = <usize>batch * <usize>hidden << 2;
  const gateStep = unit << 2;
  for (let t = steps - 1; t >= 0; t--) {
    const dPreT = dPreact + <usize>t * gateStep;
    lstmCellBackward(
      dPreT, dc, dh + <usize>t * unit, dc, gates + <usize>t * gateStep, tanhC + <usize>t * unit,
      t > 0 ? c + <usize>(t - 1) * unit : c0, batch, hidden,
    );
    if (t > 0) matMulAccumulateColumns(dh + <usize>(t - 1) * unit, dPreT, W, batch, 4 * hidden, hidden, width);
    else if (dh0) matMulAccumulateColumns(dh0, dPreT, W, batch, 4 * hidden, hidden, width);
  }
}
