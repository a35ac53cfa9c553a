// An LSTM layer over a whole sequence in one call: the time loop of
// src/models/lstm.ts, kept inside WebAssembly so that a step costs no calls
// from TypeScript. T = steps, B = batch, H = hidden, Z = H + inputs.
import { accumulateTransposedB, matMulAccumulateColumns, needsTransposedB, transpose } from "./matmul";
import { cellBackward, cellForward } from "./lstm_cell";

// z_t[:, :H] = h_{t−1};  gates_t += z_t Wᵀ;  (i, f, g, o, c_t, tanh c_t, h_t) = cell(gates_t, c_{t−1})
// h, c, tanhC: (T·B, H); gates: (T·B, 4H) holding the bias on entry; z: (T·B, Z) holding
// the inputs in columns H…Z and h_{−1} in the first step's columns 0…H; W: (4H, Z);
// c0: (B, H) the initial cell state c_{−1}, or 0 for zeros; peephole: (3, H) the
// peephole weights p_i, p_f, p_o, or 0 for none; scratch: (B·H + Z·4H) floats of
// working space, a zero c_{−1} when c0 is 0 and then Wᵀ
export function lstmSequenceForward(
  h: usize, c: usize, tanhC: usize, gates: usize, z: usize, W: usize, c0: usize,
  steps: i32, batch: i32, hidden: i32, width: i32, peephole: usize, scratch: usize,
): void {
  const unit = <usize>batch * <usize>hidden << 2;
  const zStep = <usize>batch * <usize>width << 2;
  const gateStep = unit << 2;
  const hRow = <usize>hidden << 2;
  const zRow = <usize>width << 2;
  const transposed = scratch + unit;
  if (!c0) {
    memory.fill(scratch, 0, unit);
    c0 = scratch;
  }
  if (needsTransposedB(batch, width)) transpose(transposed, W, 4 * hidden, width);
  for (let t = 0; t < steps; t++) {
    const zt = z + <usize>t * zStep;
    const gt = gates + <usize>t * gateStep;
    const ht = h + <usize>t * unit;
    if (t > 0) {
      for (let b = 0; b < batch; b++) memory.copy(zt + <usize>b * zRow, ht - unit + <usize>b * hRow, hRow);
    }
    accumulateTransposedB(gt, zt, W, transposed, batch, width, 4 * hidden);
    const cPrev = t > 0 ? c + <usize>(t - 1) * unit : c0;
    if (peephole) cellForward(ht, c + <usize>t * unit, tanhC + <usize>t * unit, gt, gt, cPrev, batch, hidden, peephole, true);
    else cellForward(ht, c + <usize>t * unit, tanhC + <usize>t * unit, gt, gt, cPrev, batch, hidden, 0, false);
  }
}

// From the last step back: the cell turns (dh_t, dc_t) into dpre_t and dc_{t−1};
// then dh_{t−1} += (dpre_t W)[:, :H], the h part of z_t (at t = 0 into dh0, if given).
// dPreact: (T·B, 4H) written; dc: (B, H) the running gradient at c, zero on entry,
// dc_{−1} on exit; dh: (T·B, H) holding the output layer's gradient on entry;
// gates, tanhC, c: from lstmSequenceForward; W: (4H, Z); c0: (B, H) as in the forward
// pass; dh0: (B, H) receiving ∂L/∂h_{−1} added, or 0; peephole as in the forward
// pass, with dPeephole (3, H) receiving its gradient added; scratch: (B·H) floats
// of working space, a zero c_{−1} when c0 is 0
export function lstmSequenceBackward(
  dPreact: usize, dc: usize, dh: usize, gates: usize, tanhC: usize, c: usize, W: usize, c0: usize, dh0: usize,
  steps: i32, batch: i32, hidden: i32, width: i32, peephole: usize, dPeephole: usize, scratch: usize,
): void {
  const unit = <usize>batch * <usize>hidden << 2;
  const gateStep = unit << 2;
  if (!c0) {
    memory.fill(scratch, 0, unit);
    c0 = scratch;
  }
  for (let t = steps - 1; t >= 0; t--) {
    const dPreT = dPreact + <usize>t * gateStep;
    const cPrev = t > 0 ? c + <usize>(t - 1) * unit : c0;
    const gt = gates + <usize>t * gateStep;
    const tc = tanhC + <usize>t * unit;
    const dht = dh + <usize>t * unit;
    if (peephole) {
      cellBackward(dPreT, dc, dht, dc, gt, tc, cPrev, batch, hidden, peephole, dPeephole, c + <usize>t * unit, true);
    } else {
      cellBackward(dPreT, dc, dht, dc, gt, tc, cPrev, batch, hidden, 0, 0, 0, false);
    }
    if (t > 0) matMulAccumulateColumns(dh + <usize>(t - 1) * unit, dPreT, W, 0, batch, 4 * hidden, hidden, width);
    else if (dh0) matMulAccumulateColumns(dh0, dPreT, W, 0, batch, 4 * hidden, hidden, width);
  }
}
