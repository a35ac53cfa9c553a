// Sequence lengths in padded, time-major batches (row t·B + b is step t of
// sequence b), with PyTorch's packed-sequence meaning: a sequence stops at
// its length, its output is zero after it, its final state is the one there.
import type { Tensor } from "../core/backend.ts";

// One length per batch row, each in 1 … steps; all `steps` when none are given.
export function checkLengths(
  lengths: readonly number[] | undefined,
  batch: number,
  steps: number,
): number[] {
  if (!lengths) return Array(batch).fill(steps);
  if (lengths.length !== batch || lengths.some((n) => !Number.isInteger(n) || n < 1 || n > steps)) {
    throw new RangeError(
      `forward: lengths [${lengths.join(", ")}] must give ${batch} integers in 1 … ${steps}`,
    );
  }
  return [...lengths];
}

// Zeroes the rows of time-major (T·B, H) data at steps t ≥ lengths[b].
export function zeroPastLengths(
  tensor: Tensor,
  lengths: readonly number[],
  batch: number,
  H: number,
): void {
  const data = tensor.data, steps = data.length / (batch * H);
  for (let b = 0; b < batch; b++) {
    for (let t = lengths[b]; t < steps; t++) {
      data.fill(0, (t * batch + b) * H, (t * batch + b + 1) * H);
    }
  }
}
