// Reference RNN time loop, the oracle for kernels/rnn_sequence.ts.
// T = steps, B = batch, H = hidden.
import type { FloatArray } from "../../core/backend.ts";
import { tanhBackward, tanhForward } from "./activations.ts";
import { matMulAccumulate, matMulTransposedBAccumulate } from "./matmul.ts";

// h_t = tanh(h_t + h_{t−1} Vᵀ), with h_t holding U x_t + b_hidden on entry
export function rnnSequenceForward(
  h: FloatArray,
  V: FloatArray,
  steps: number,
  batch: number,
  hidden: number,
): void {
  const unit = batch * hidden;
  for (let t = 0; t < steps; t++) {
    const ht = h.subarray(t * unit, (t + 1) * unit);
    if (t > 0) {
      matMulTransposedBAccumulate(
        ht,
        h.subarray((t - 1) * unit, t * unit),
        V,
        batch,
        hidden,
        hidden,
      );
    }
    tanhForward(ht, ht, unit);
  }
}

// dpre_t += dh_t ⊙ (1 − h_t²);  dh_{t−1} += dpre_t V, from the last step back
export function rnnSequenceBackward(
  dPreact: FloatArray,
  dh: FloatArray,
  h: FloatArray,
  V: FloatArray,
  steps: number,
  batch: number,
  hidden: number,
): void {
  const unit = batch * hidden;
  for (let t = steps - 1; t >= 0; t--) {
    const dPreT = dPreact.subarray(t * unit, (t + 1) * unit);
    tanhBackward(
      dPreT,
      h.subarray(t * unit, (t + 1) * unit),
      dh.subarray(t * unit, (t + 1) * unit),
      unit,
    );
    if (t > 0) {
      matMulAccumulate(dh.subarray((t - 1) * unit, t * unit), dPreT, V, batch, hidden, hidden);
    }
  }
}
