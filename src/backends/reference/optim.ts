// Reference clipping helpers and parameter updates, the oracle for
// kernels/optim.ts. Semantics follow PyTorch's torch.optim.
import type { FloatArray } from "../../core/backend.ts";

// Σ x²
export function sumSquares(x: FloatArray, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += x[i] * x[i];
  return total;
}

// x *= s
export function scaleInPlace(x: FloatArray, n: number, s: number): void {
  for (let i = 0; i < n; i++) x[i] *= s;
}

// g = s grad + λ p;  v = μ v + g;  p −= lr v  (p −= lr g when μ = 0); grad = 0 if zeroGrad
export function sgdStep(
  param: FloatArray,
  grad: FloatArray,
  velocity: FloatArray | null,
  n: number,
  lr: number,
  momentum: number,
  weightDecay: number,
  gradScale: number,
  zeroGrad: boolean,
): void {
  for (let i = 0; i < n; i++) {
    let g = grad[i] * gradScale + weightDecay * param[i];
    if (zeroGrad) grad[i] = 0;
    if (momentum !== 0 && velocity) {
      g = momentum * velocity[i] + g;
      velocity[i] = g;
    }
    param[i] -= lr * g;
  }
}

// g = s grad + λ p;  m = β1 m + (1 − β1) g;  v = β2 v + (1 − β2) g²;  p −= (lr / bc1) m / (√v / √bc2 + ε)
export function adamStep(
  param: FloatArray,
  grad: FloatArray,
  m: FloatArray,
  v: FloatArray,
  n: number,
  lr: number,
  beta1: number,
  beta2: number,
  eps: number,
  weightDecay: number,
  biasCorrection1: number,
  biasCorrection2Sqrt: number,
  gradScale: number,
  zeroGrad: boolean,
): void {
  const stepSize = lr / biasCorrection1;
  for (let i = 0; i < n; i++) {
    const g = grad[i] * gradScale + weightDecay * param[i];
    if (zeroGrad) grad[i] = 0;
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    param[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / biasCorrection2Sqrt + eps));
  }
}
