// Binary cross-entropy on logits (PyTorch's BCEWithLogitsLoss, summed): one
// independent sigmoid per class, for multi-hot targets — the classic
// next-symbol-set protocol, where every legal next word is a 1.
// N = rows, C = classes; a row whose `rowTarget` is negative is padding.
import type { Tensor } from "../core/backend.ts";

// softplus(x) = log(1 + eˣ), written so that neither branch overflows.
const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

// loss = Σ_n Σ_c softplus(x_nc) − y_nc x_nc over rows not padded;  probs = σ(logits)
// probs, logits: (N, C); targets: N·C values in [0, 1]; rowTarget: N, negative on padding
/**
 * Summed binary cross-entropy of `logits` against multi-hot `targets`,
 * skipping rows whose `rowTarget` is negative; writes σ(logits) into `probs`.
 *
 * @example Logit 0 costs ln 2 per class, whatever the target
 * ```ts
 * import { bceWithLogitsForward } from "./bce_with_logits.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const probs = backend.tensor([1, 3]);
 * const loss = bceWithLogitsForward(probs, backend.tensor([1, 3]), [1, 0, 1], [0]);
 * assert.ok(Math.abs(loss - 3 * Math.log(2)) < 1e-12);
 * assert.deepEqual([...probs.data], [0.5, 0.5, 0.5]);
 * ```
 */
export function bceWithLogitsForward(
  probs: Tensor,
  logits: Tensor,
  targets: ArrayLike<number>,
  rowTarget: ArrayLike<number>,
): number {
  const [rows, classes] = checkShapes("bceWithLogitsForward", probs, logits, targets, rowTarget);
  const x = logits.data, p = probs.data;
  let loss = 0;
  for (let n = 0; n < rows; n++) {
    for (let c = 0; c < classes; c++) {
      const i = n * classes + c;
      p[i] = 1 / (1 + Math.exp(-x[i]));
      if (rowTarget[n] >= 0) loss += softplus(x[i]) - targets[i] * x[i];
    }
  }
  return loss;
}

// dlogits_nc += scale (σ(x_nc) − y_nc) on rows not padded
/**
 * Adds the gradient of {@linkcode bceWithLogitsForward}'s loss at the logits,
 * times `scale`, into `dLogits`.
 *
 * @example
 * ```ts
 * import { bceWithLogitsBackward } from "./bce_with_logits.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const dLogits = backend.tensor([1, 2]);
 * bceWithLogitsBackward(dLogits, backend.tensor([1, 2], [0.5, 0.25]), [1, 0], [0], 1);
 * assert.deepEqual([...dLogits.data], [-0.5, 0.25]);
 * ```
 */
export function bceWithLogitsBackward(
  dLogits: Tensor,
  probs: Tensor,
  targets: ArrayLike<number>,
  rowTarget: ArrayLike<number>,
  scale: number,
): void {
  const [rows, classes] = checkShapes("bceWithLogitsBackward", dLogits, probs, targets, rowTarget);
  const d = dLogits.data, p = probs.data;
  for (let n = 0; n < rows; n++) {
    if (rowTarget[n] < 0) continue;
    for (let c = 0; c < classes; c++) {
      const i = n * classes + c;
      d[i] += scale * (p[i] - targets[i]);
    }
  }
}

function checkShapes(
  name: string,
  a: Tensor,
  b: Tensor,
  targets: ArrayLike<number>,
  rowTarget: ArrayLike<number>,
): [number, number] {
  const [rows, classes] = b.shape;
  if (
    b.shape.length !== 2 || a.shape.length !== 2 || a.shape[0] !== rows ||
    a.shape[1] !== classes || targets.length !== rows * classes || rowTarget.length !== rows
  ) {
    throw new RangeError(
      `${name}: shapes [${a.shape.join(", ")}] and [${
        b.shape.join(", ")
      }] with ${targets.length} targets and ${rowTarget.length} row marks do not agree`,
    );
  }
  return [rows, classes];
}
