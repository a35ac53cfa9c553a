// Reference activations, the oracle for kernels/activations.ts. Outputs may
// alias inputs.
import type { FloatArray } from "../../core/backend.ts";

/** σ(x) = 1 / (1 + e^{−x}), written so that neither branch overflows. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

// y = tanh(x)
export function tanhForward(y: FloatArray, x: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
}

// dx += dy ⊙ (1 − y²)
export function tanhBackward(dx: FloatArray, y: FloatArray, dy: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) dx[i] += dy[i] * (1 - y[i] * y[i]);
}

// y = σ(x)
export function sigmoidForward(y: FloatArray, x: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) y[i] = sigmoid(x[i]);
}

// dx += dy ⊙ y (1 − y)
export function sigmoidBackward(dx: FloatArray, y: FloatArray, dy: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) dx[i] += dy[i] * y[i] * (1 - y[i]);
}
