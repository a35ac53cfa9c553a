// An LSTM layer over a whole sequence in one call: the time loop of
// src/models/lstm.ts, kept inside WebAssembly so that a step costs no calls
// from TypeScript. T = steps, B = batch, H = hidden, Z = H + inputs.
// With a batch large enough to pack (gemm_packed.ts's `prepacks`), W is packed once
// per call, in the micro-kernel's order, and every step's product streams the
// packed copy: read in order, each panel reused by the whole batch while it
// is in L1. Smaller batches keep the direct and matrix-vector paths.
import { ACCUMULATE, gemmDirect } from "./gemm_direct";
import { gemmPrepacked, packWholeB, prepacks, wholePackedBBytes } from "./gemm_packed";
import { needsTransposedB, transpose } from "./matmul";
import { matVecForward } from "./matvec";
import { cellBackward, cellForward } from "./lstm_cell";

// Where packed weights start in working space: after `used` bytes, on a cache line.
// @ts-ignore: decorator
@inline function packedAt(scratch: usize, used: usize): usize {
  return (scratch + used + 63) & ~63;
}

// z_t[:, :H] = h_{t−1};  gates_t += z_t Wᵀ;  (i, f, g, o, c_t, tanh c_t, h_t) = cell(gates_t, c_{t−1})
// h, c, tanhC: (T·B, H); gates: (T·B, 4H) holding the bias on entry; z: (T·B, Z) holding
// the inputs in columns H…Z and h_{−1} in the first step's columns 0…H; W: (4H, Z);
// c0: (B, H) the initial cell state c_{−1}, or 0 for zeros; peephole: (3, H) the
// peephole weights p_i, p_f, p_o, or 0 for none; scratch: working space
// (src/backends/wasm/gemm_scratch.ts), a zero c_{−1} when c0 is 0 and then W packed or Wᵀ;
// stride: the rows of one step when these B rows are a slice of a larger
// batch (a thread's share), or 0 when they are the whole batch
export function lstmSequenceForward(
  h: usize, c: usize, tanhC: usize, gates: usize, z: usize, W: usize, c0: usize,
  steps: i32, batch: i32, hidden: i32, width: i32, peephole: usize, scratch: usize, stride: i32,
): void {
  const rows = <usize>(stride > 0 ? stride : batch);
  const slice = <usize>batch * <usize>hidden << 2;
  const unit = rows * <usize>hidden << 2;
  const zStep = rows * <usize>width << 2;
  const gateStep = unit << 2;
  const hRow = <usize>hidden << 2;
  const zRow = <usize>width << 2;
  const gateWidth = 4 * hidden;
  const packed = prepacks(batch, gateWidth);
  const weights = packed ? packedAt(scratch, slice) : scratch + slice;
  if (!c0) {
    memory.fill(scratch, 0, slice);
    c0 = scratch;
  }
  // Wᵀ's element (k, j) is W's (j, k): strides 1 and Z.
  if (packed) packWholeB(weights, W, 1, width, width, gateWidth);
  else if (needsTransposedB(batch, width)) transpose(weights, W, gateWidth, width);
  const gemmScratch = weights + wholePackedBBytes(width, gateWidth);
  for (let t = 0; t < steps; t++) {
    const zt = z + <usize>t * zStep;
    const gt = gates + <usize>t * gateStep;
    const ht = h + <usize>t * unit;
    if (t > 0) {
      for (let b = 0; b < batch; b++) memory.copy(zt + <usize>b * zRow, ht - unit + <usize>b * hRow, hRow);
    }
    if (packed) gemmPrepacked(gt, zt, width, 1, weights, batch, width, gateWidth, gemmScratch);
    else if (needsTransposedB(batch, width)) gemmDirect(gt, zt, width, 1, weights, gateWidth, 0, batch, width, gateWidth, ACCUMULATE);
    else for (let b = 0; b < batch; b++) {
      const g = gt + (<usize>b * <usize>gateWidth << 2);
      matVecForward(g, W, zt + <usize>b * zRow, g, gateWidth, width);
    }
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
// pass, with dPeephole (3, H) receiving its gradient added; scratch: working
// space (src/backends/wasm/gemm_scratch.ts), a zero c_{−1} when c0 is 0, then W[:, :H] packed;
// stride as in the forward pass (a slice of the batch must not have peepholes:
// dPeephole sums over all rows)
export function lstmSequenceBackward(
  dPreact: usize, dc: usize, dh: usize, gates: usize, tanhC: usize, c: usize, W: usize, c0: usize, dh0: usize,
  steps: i32, batch: i32, hidden: i32, width: i32, peephole: usize, dPeephole: usize, scratch: usize,
  stride: i32,
): void {
  const slice = <usize>batch * <usize>hidden << 2;
  const unit = <usize>(stride > 0 ? stride : batch) * <usize>hidden << 2;
  const gateStep = unit << 2;
  const gateWidth = 4 * hidden;
  const packed = prepacks(batch, hidden);
  const weights = packedAt(scratch, slice);
  const gemmScratch = weights + wholePackedBBytes(gateWidth, hidden);
  if (!c0) {
    memory.fill(scratch, 0, slice);
    c0 = scratch;
  }
  // W[:, :H]: rows Z floats apart.
  if (packed) packWholeB(weights, W, width, 1, gateWidth, hidden);
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
    const dhPrev = t > 0 ? dh + <usize>(t - 1) * unit : dh0;
    if (!dhPrev) continue;
    if (packed) gemmPrepacked(dhPrev, dPreT, gateWidth, 1, weights, batch, gateWidth, hidden, gemmScratch);
    else gemmDirect(dhPrev, dPreT, gateWidth, 1, W, width, 0, batch, gateWidth, hidden, ACCUMULATE);
  }
}
