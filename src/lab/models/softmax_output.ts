// The output layer both lab models end in: logits o_t = W h_t + b, softmax,
// and the cross-entropy summed over the unpadded targets. It works on the
// model's workspace rows h, logits, probs (forward) and dLogits, dh, ones
// (backward). R = rows (T·B), H = hidden, V = vocabulary.
import type { Backend, Tensor } from "../../core/backend.ts";
import type { Parameter } from "../../core/parameter.ts";
import { fillRows, type Workspace } from "../../core/workspace.ts";

// o = h Wᵀ + b;  probs = softmax(o);  returns Σ_r −log probs_r[target_r]
// logits, probs: (R, V); h: (R, H); W: (V, H); b: (V); targets: R integers, −1 for padding
export function softmaxOutputForward(
  backend: Backend,
  space: Workspace,
  rows: number,
  W: Parameter,
  b: Parameter,
  targets: ArrayLike<number>,
): number {
  const logits = space.rows("logits", rows);
  fillRows(logits, b.value);
  backend.matMulTransposedBAccumulate(logits, space.rows("h", rows), W.value);
  return backend.crossEntropyForward(probs(space, rows), logits, targets);
}

// do = probs − onehot(target);  dW += doᵀ h;  db += Σ_r do_r;  dh = do W
// Returns dh (R, H), the gradient at h that the recurrence starts from, and
// ones (R), a column of ones the models reuse for their own bias gradients.
export function softmaxOutputBackward(
  backend: Backend,
  space: Workspace,
  rows: number,
  W: Parameter,
  b: Parameter,
  targets: ArrayLike<number>,
): { dh: Tensor; ones: Tensor } {
  const ones = space.rows("ones", rows);
  ones.data.fill(1);
  const dh = space.rows("dh", rows);
  backend.zero(dh);
  const dLogits = space.rows("dLogits", rows);
  backend.zero(dLogits);
  backend.crossEntropyBackward(dLogits, probs(space, rows), targets, 1);
  backend.matMulTransposedAAccumulate(W.grad, dLogits, space.rows("h", rows));
  backend.matVecTransposedAccumulate(b.grad, dLogits, ones);
  backend.matMulAccumulate(dh, dLogits, W.value);
  return { dh, ones };
}

function probs(space: Workspace, rows: number): Tensor {
  return space.rows("probs", rows);
}
