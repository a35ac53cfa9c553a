// Orthogonal initialisation as the lab does it with NumPy: QR of a standard
// normal matrix, columns of Q multiplied by the signs of R's diagonal (which
// makes Q unique, so any correct QR gives NumPy's Q), transposed for wide
// matrices. R = rows, C = columns.
import type { Backend, Tensor } from "../core/backend.ts";

import type { NormalSource } from "../core/random_source.ts";

export type { NormalSource };

// Reduced Householder QR of a (m, n) row-major matrix with m ≥ n: returns Q
// (m, n) with its columns already multiplied by sign(diag R).
function signFixedQ(a: Float64Array, m: number, n: number): Float64Array {
  const reflectors: Float64Array[] = [];
  const diagonal = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // v = x − α e₁ with α = −sign(x₀) ‖x‖ (no cancellation), normalised.
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[i * n + j] ** 2;
    norm = Math.sqrt(norm);
    const x0 = a[j * n + j];
    const alpha = x0 >= 0 ? -norm : norm;
    const v = new Float64Array(m - j);
    for (let i = j; i < m; i++) v[i - j] = a[i * n + j];
    v[0] -= alpha;
    let vNorm = 0;
    for (const value of v) vNorm += value * value;
    vNorm = Math.sqrt(vNorm);
    if (vNorm > 0) { for (let i = 0; i < v.length; i++) v[i] /= vNorm; }
    // A[j:, j:] −= 2 v (vᵀ A[j:, j:])
    for (let c = j; c < n; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i - j] * a[i * n + c];
      for (let i = j; i < m; i++) a[i * n + c] -= 2 * v[i - j] * dot;
    }
    diagonal[j] = a[j * n + j];
    reflectors.push(v);
  }
  // Q = H₀ H₁ … H_{n−1} I[:, :n], applied from the last reflector back.
  const q = new Float64Array(m * n);
  for (let j = 0; j < n; j++) q[j * n + j] = 1;
  for (let j = n - 1; j >= 0; j--) {
    const v = reflectors[j];
    for (let c = 0; c < n; c++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i - j] * q[i * n + c];
      for (let i = j; i < m; i++) q[i * n + c] -= 2 * v[i - j] * dot;
    }
  }
  for (let c = 0; c < n; c++) {
    const sign = Math.sign(diagonal[c]);
    for (let i = 0; i < m; i++) q[i * n + c] *= sign;
  }
  return q;
}

/**
 * The lab's `init_orthogonal` for a (rows, cols) matrix: draws
 * `randn(rows, cols)` from `random` in row-major order, then returns the
 * sign-fixed Q of its QR decomposition (of its transpose when wide).
 *
 * @returns A (rows, cols) row-major array with orthonormal columns (or rows, when wide).
 *
 * @example Columns come out orthonormal
 * ```ts
 * import { orthogonalMatrix } from "./orthogonal.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import assert from "node:assert/strict";
 *
 * const q = orthogonalMatrix(3, 2, new NumpyRandom(0));
 * const dot = q[0] * q[1] + q[2] * q[3] + q[4] * q[5];
 * assert.ok(Math.abs(dot) < 1e-12);
 * ```
 */
export function orthogonalMatrix(rows: number, cols: number, random: NormalSource): Float64Array {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new RangeError(`Orthogonal initialisation needs a matrix shape, got (${rows}, ${cols})`);
  }
  const drawn = new Float64Array(rows * cols);
  for (let i = 0; i < drawn.length; i++) drawn[i] = random.standardNormal();
  if (rows >= cols) return signFixedQ(drawn, rows, cols);
  // Wide: factor the (cols, rows) transpose, then transpose Q back.
  const tall = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) tall[c * rows + r] = drawn[r * cols + c];
  }
  const q = signFixedQ(tall, cols, rows);
  const result = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) result[r * cols + c] = q[c * rows + r];
  }
  return result;
}

/**
 * Fills a matrix tensor on its backend with {@linkcode orthogonalMatrix} values.
 *
 * @example The same draws as orthogonalMatrix, written into a tensor
 * ```ts
 * import { initOrthogonal, orthogonalMatrix } from "./orthogonal.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const W = backend.tensor([3, 2]);
 * initOrthogonal(backend, W, new NumpyRandom(0));
 * assert.deepEqual([...W.data], [...orthogonalMatrix(3, 2, new NumpyRandom(0))]);
 * ```
 */
export function initOrthogonal(backend: Backend, tensor: Tensor, random: NormalSource): void {
  if (tensor.shape.length !== 2) {
    throw new RangeError(
      `Orthogonal initialisation needs a matrix, got shape [${tensor.shape.join(", ")}]`,
    );
  }
  const values = orthogonalMatrix(tensor.shape[0], tensor.shape[1], random);
  const target = backend.tensor(tensor.shape, values);
  backend.copy(tensor, target);
  backend.free(target);
}
