// Reference softmax and cross-entropy, the oracle for kernels/softmax.ts.
// R = rows, C = classes; the row maximum is subtracted before exponentiating.
import type { FloatArray } from "../../core/backend.ts";

function rowMax(x: FloatArray, start: number, columns: number): number {
  let m = -Infinity;
  for (let c = 0; c < columns; c++) m = Math.max(m, x[start + c]);
  return m;
}

// probs = softmax(logits) per row; probs may alias logits
export function softmaxForward(
  probs: FloatArray,
  logits: FloatArray,
  rows: number,
  columns: number,
): void {
  for (let r = 0; r < rows; r++) {
    const start = r * columns;
    const m = rowMax(logits, start, columns);
    let sum = 0;
    for (let c = 0; c < columns; c++) {
      probs[start + c] = Math.exp(logits[start + c] - m);
      sum += probs[start + c];
    }
    for (let c = 0; c < columns; c++) probs[start + c] /= sum;
  }
}

// out = (logits − m) − log Σ e^{logits − m} per row
export function logSoftmaxForward(
  out: FloatArray,
  logits: FloatArray,
  rows: number,
  columns: number,
): void {
  for (let r = 0; r < rows; r++) {
    const start = r * columns;
    const m = rowMax(logits, start, columns);
    let sum = 0;
    for (let c = 0; c < columns; c++) sum += Math.exp(logits[start + c] - m);
    // (x − m) − log Σ rather than x − (m + log Σ): at |m| near 3e38 the
    // latter loses log Σ entirely to rounding.
    const logSum = Math.log(sum);
    for (let c = 0; c < columns; c++) out[start + c] = (logits[start + c] - m) - logSum;
  }
}

// Σ_r −log softmax(logits_r)[target_r] over rows with target ≥ 0; probs = softmax(logits)
export function crossEntropyForward(
  probs: FloatArray,
  logits: FloatArray,
  targets: ArrayLike<number>,
  rows: number,
  columns: number,
): number {
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const start = r * columns;
    const target = targets[r];
    const targetLogit = target >= 0 ? logits[start + target] : 0;
    const m = rowMax(logits, start, columns);
    let sum = 0;
    for (let c = 0; c < columns; c++) {
      probs[start + c] = Math.exp(logits[start + c] - m);
      sum += probs[start + c];
    }
    for (let c = 0; c < columns; c++) probs[start + c] /= sum;
    if (target >= 0) loss += (m - targetLogit) + Math.log(sum);
  }
  return loss;
}

// dLogits += scale (probs − onehot(target)) per row with target ≥ 0
export function crossEntropyBackward(
  dLogits: FloatArray,
  probs: FloatArray,
  targets: ArrayLike<number>,
  rows: number,
  columns: number,
  scale: number,
): void {
  for (let r = 0; r < rows; r++) {
    const target = targets[r];
    if (target < 0) continue;
    const start = r * columns;
    for (let c = 0; c < columns; c++) dLogits[start + c] += scale * probs[start + c];
    dLogits[start + target] -= scale;
  }
}
