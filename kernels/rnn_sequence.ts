// A vanilla RNN layer over a whole sequence in one call: the time loop of
// src/models/rnn.ts inside WebAssembly. T = steps, B = batch, H = hidden.
// As in lstm_sequence.ts, a batch large enough to pack has V packed once per
// call and every step's product streams the packed copy.
import { tanhBackward, tanhForward } from "./activations";
import { ACCUMULATE, gemmDirect } from "./gemm_direct";
import { gemmPrepacked, packWholeB, prepacks, wholePackedBBytes } from "./gemm_packed";
import { needsTransposedB, transpose } from "./matmul";
import { matVecForward } from "./matvec";

// h_t = tanh(h_t + h_{t−1} Vᵀ), with h_t holding U x_t + b_hidden on entry
// h: (T·B, H); V: (H, H); scratch: working space (src/backends/wasm/gemm_scratch.ts), V packed or Vᵀ;
// stride: the rows of one step when these B rows are a slice of a larger batch, or 0
export function rnnSequenceForward(
  h: usize, V: usize, steps: i32, batch: i32, hidden: i32, scratch: usize, stride: i32,
): void {
  const unit = <usize>(stride > 0 ? stride : batch) * <usize>hidden << 2;
  const row = <usize>hidden << 2;
  const packed = prepacks(batch, hidden);
  const weights = (scratch + 63) & ~63;
  const gemmScratch = weights + wholePackedBBytes(hidden, hidden);
  // Vᵀ's element (k, j) is V's (j, k).
  if (packed) packWholeB(weights, V, 1, hidden, hidden, hidden);
  else if (needsTransposedB(batch, hidden)) transpose(scratch, V, hidden, hidden);
  for (let t = 0; t < steps; t++) {
    const ht = h + <usize>t * unit;
    if (t > 0) {
      const previous = ht - unit;
      if (packed) gemmPrepacked(ht, previous, hidden, 1, weights, batch, hidden, hidden, gemmScratch);
      else if (needsTransposedB(batch, hidden)) gemmDirect(ht, previous, hidden, 1, scratch, hidden, 0, batch, hidden, hidden, ACCUMULATE);
      else for (let b = 0; b < batch; b++) matVecForward(ht + <usize>b * row, V, previous + <usize>b * row, ht + <usize>b * row, hidden, hidden);
    }
    tanhForward(ht, ht, batch * hidden);
  }
}

// From the last step back: dpre_t += dh_t ⊙ (1 − h_t²);  dh_{t−1} += dpre_t V
// dPreact: (T·B, H), zero on entry; dh: (T·B, H) holding the output layer's
// gradient on entry; h: from rnnSequenceForward; V: (H, H); scratch: working
// space (src/backends/wasm/gemm_scratch.ts), V packed; stride as in the forward pass
export function rnnSequenceBackward(
  dPreact: usize, dh: usize, h: usize, V: usize, steps: i32, batch: i32, hidden: i32, scratch: usize,
  stride: i32,
): void {
  const unit = <usize>(stride > 0 ? stride : batch) * <usize>hidden << 2;
  const packed = prepacks(batch, hidden);
  const weights = (scratch + 63) & ~63;
  const gemmScratch = weights + wholePackedBBytes(hidden, hidden);
  if (packed) packWholeB(weights, V, hidden, 1, hidden, hidden);
  for (let t = steps - 1; t >= 0; t--) {
    const offset = <usize>t * unit;
    tanhBackward(dPreact + offset, h + offset, dh + offset, batch * hidden);
    if (t == 0) continue;
    const dhPrev = dh + offset - unit;
    if (packed) gemmPrepacked(dhPrev, dPreact + offset, hidden, 1, weights, batch, hidden, hidden, gemmScratch);
    else gemmDirect(dhPrev, dPreact + offset, hidden, 1, V, hidden, 0, batch, hidden, hidden, ACCUMULATE);
  }
}
