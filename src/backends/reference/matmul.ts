// Reference matrix-matrix kernels, the oracle for kernels/matmul.ts.
// C (M, N), A (M, K), B (K, N), all row-major. The loops run i, k, j so the
// inner loop walks rows of B and C contiguously.
import type { FloatArray } from "../../core/backend.ts";

// C = A B + bias
// C: (M, N), A: (M, K), B: (K, N), bias: (N) or null
export function matMulForward(
  C: FloatArray,
  A: FloatArray,
  B: FloatArray,
  bias: FloatArray | null,
  M: number,
  K: number,
  N: number,
): void {
  for (let i = 0; i < M; i++) {
    const c = i * N;
    for (let j = 0; j < N; j++) C[c + j] = bias ? bias[j] : 0;
    for (let k = 0; k < K; k++) {
      const a = A[i * K + k];
      const b = k * N;
      for (let j = 0; j < N; j++) C[c + j] += a * B[b + j];
    }
  }
}

// C += A B
// C: (M, N), A: (M, K), B: (K, N)
export function matMulAccumulate(
  C: FloatArray,
  A: FloatArray,
  B: FloatArray,
  M: number,
  K: number,
  N: number,
): void {
  for (let i = 0; i < M; i++) {
    const c = i * N;
    for (let k = 0; k < K; k++) {
      const a = A[i * K + k];
      const b = k * N;
      for (let j = 0; j < N; j++) C[c + j] += a * B[b + j];
    }
  }
}

// C += A B[:, start : start + n]
// C: (M, n), A: (M, K), B: (K, N), start + n ≤ N
export function matMulAccumulateColumns(
  C: FloatArray,
  A: FloatArray,
  B: FloatArray,
  start: number,
  M: number,
  K: number,
  n: number,
  N: number,
): void {
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const a = A[i * K + k];
      for (let j = 0; j < n; j++) C[i * n + j] += a * B[k * N + start + j];
    }
  }
}

// C += Aᵀ B
// C: (M, N), A: (K, M), B: (K, N)
export function matMulTransposedAAccumulate(
  C: FloatArray,
  A: FloatArray,
  B: FloatArray,
  M: number,
  K: number,
  N: number,
): void {
  for (let k = 0; k < K; k++) {
    const b = k * N;
    for (let i = 0; i < M; i++) {
      const a = A[k * M + i];
      const c = i * N;
      for (let j = 0; j < N; j++) C[c + j] += a * B[b + j];
    }
  }
}

// C += A Bᵀ
// C: (M, N), A: (M, K), B: (N, K)
export function matMulTransposedBAccumulate(
  C: FloatArray,
  A: FloatArray,
  B: FloatArray,
  M: number,
  K: number,
  N: number,
): void {
  for (let i = 0; i < M; i++) {
    const a = i * K;
    for (let j = 0; j < N; j++) {
      const b = j * K;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += A[a + k] * B[b + k];
      C[i * N + j] += sum;
    }
  }
}
