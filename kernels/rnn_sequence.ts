// A vanilla RNN layer over a whole sequence in one call: the time loop of
// src/models/rnn.ts inside WebAssembly. T = steps, B = batch, H = hidden.
import { accumulateTransposedB, matMulAccumulate, needsTransposedB, transpose } from "./matmul";
import { tanhBackward, tanhForward } from "./activations";

// h_t = tanh(h_t + h_{t−1} Vᵀ), with h_t holding U x_t + b_hidden on entry
// h: (T·B, H); V: (H, H); scratch: (H, H) floats of working space
export function rnnSequenceForward(h: usize, V: usize, steps: i32, batch: i32, hidden: i32, scratch: usize): void {
  const unit = <usize>batch * <usize>hidden << 2;
  if (needsTransposedB(batch, hidden)) transpose(scratch, V, hidden, hidden);
  for (let t = 0; t < steps; t++) {
    const ht = h + <usize>t * unit;
    if (t > 0) accumulateTransposedB(ht, ht - unit, V, scratch, batch, hidden, hidden);
    tanhForward(ht, ht, batch * hidden);
  }
}

// From the last step back: dpre_t += dh_t ⊙ (1 − h_t²);  dh_{t−1} += dpre_t V
// dPreact: (T·B, H), zero on entry; dh: (T·B, H) holding the output layer's
// gradient on entry; h: from rnnSequenceForward; V: (H, H)
export function rnnSequenceBackward(dPreact: usize, dh: usize, h: usize, V: usize, steps: i32, batch: i32, hidden: i32): void {
  const unit = <usize>batch * <usize>hidden << 2;
  for (let t = steps - 1; t >= 0; t--) {
    const offset = <usize>t * unit;
    tanhBackward(dPreact + offset, h + offset, dh + offset, batch * hidden);
    if (t > 0) matMulAccumulate(dh + offset - unit, dPreact + offset, V, batch, hidden, hidden);
  }
}
