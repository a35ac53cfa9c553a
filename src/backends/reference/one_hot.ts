// Twins of kernels/one_hot.ts: token ids as inputs, a gather of W's columns
// and its scatter-add backward, as plain loops over W (G, V).
import type { FloatArray } from "../../core/backend.ts";

// target_r += W[:, ids_r]; negative ids (padding) add nothing. target: (R, G), W: (G, V)
export function gatherColumnsAccumulate(
  target: FloatArray,
  W: FloatArray,
  ids: ArrayLike<number>,
  rows: number,
  G: number,
  V: number,
): void {
  for (let r = 0; r < rows; r++) {
    const id = ids[r];
    if (id < 0) continue;
    for (let g = 0; g < G; g++) target[r * G + g] += W[g * V + id];
  }
}

// dW[:, ids_r] += dTarget_r, rows in order; negative ids skipped. dW: (G, V), dTarget: (R, G)
export function scatterColumnsAccumulate(
  dW: FloatArray,
  dTarget: FloatArray,
  ids: ArrayLike<number>,
  rows: number,
  G: number,
  V: number,
): void {
  for (let r = 0; r < rows; r++) {
    const id = ids[r];
    if (id < 0) continue;
    for (let g = 0; g < G; g++) dW[g * V + id] += dTarget[r * G + g];
  }
}
