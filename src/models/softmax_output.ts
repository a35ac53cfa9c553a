// The output layer both lab models end in: logits o_t = W h_t + b, softmax,
// and the cross-entropy summed over the unpadded targets.
// R = rows (T·B), H = hidden, V = vocabulary.
import type { Backend, Tensor } from "../backend.ts";
import type { Parameter } from "./model.ts";
import { fillRows } from "./workspace.ts";

// o = h Wᵀ + b;  probs = softmax(o);  returns Σ_r −log probs_r[target_r]
// logits, probs: (R, V); h: (R, H); W: (V, H); b: (V); targets: R integers, −1 for padding
export function softmaxOutputForward(
  backend: Backend,
  logits: Tensor,
  probs: Tensor,
  h: Tensor,
  W: Parameter,
  b: Parameter,
  targets: ArrayLike<number>,
): number {
  fillRows(logits, b.value);
  backend.matMulTransposedBAccumulate(logits, h, W.value);
  return backend.crossEntropyForward(probs, logits, targets);
}

// do = probs − onehot(target);  dW += doᵀ h;  db += Σ_r do_r;  dh += do W
// dLogits: (R, V) scratch; ones: (R) of ones; dh: (R, H) receives the gradient at h
export function softmaxOutputBackward(
  backend: Backend,
  dh: Tensor,
  dLogits: Tensor,
  ones: Tensor,
  probs: Tensor,
  h: Tensor,
  W: Parameter,
  b: Parameter,
  targets: ArrayLike<number>,
): void {
  backend.zero(dLogits);
  backend.crossEntropyBackward(dLogits, probs, targets, 1);
  backend.matMulTransposedAAccumulate(W.grad, dLogits, h);
  backend.matVecTransposedAccumulate(b.grad, dLogits, ones);
  backend.matMulAccumulate(dh, dLogits, W.value);
}
