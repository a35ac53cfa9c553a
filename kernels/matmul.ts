// Matrix-matrix kernels: M, K, N as in C (M, N) = A (M, K) B (K, N); every
// matrix row-major f32. Products with enough rows go through the packed,
// cache-blocked path (gemm_packed.ts), where packing absorbs any transpose;
// the rest through the direct register-blocked one (gemm_direct.ts). Both sum
// every element in the same order, so which one runs never changes a result.
// `scratch` is working space the caller sizes with src/backends/wasm/gemm_scratch.ts.
import { ACCUMULATE, BIAS, ZERO, gemmDirect } from "./gemm_direct";
import { gemmPacked } from "./gemm_packed";
import { matVecForward } from "./matvec";

const SMALL_BATCH: i32 = 16;
// When packing pays (src/backends/wasm/gemm_scratch.ts mirrors these), as measured:
// packing B costs K·N copies, which M rows must repay. From 64 rows it always
// does; from 32 once B has 16K elements (a smaller B stays in L1, where the
// direct path reads it at full speed); a transposed B from 16 rows, packing
// replacing a transpose that costs as much. Below 4 columns never: the direct
// path's scalar cells have a summation order of their own.
const PACKED_ROWS: i32 = 64;
const PACKED_ROWS_LARGE_B: i32 = 32;
const LARGE_B: i32 = 16384;
const PACKED_ROWS_TRANSPOSED_B: i32 = 16;

/** Whether C (M × N) += A B over K goes through the packed path, packing B on every call. */
// @ts-ignore: decorator
@inline export function packs(M: i32, K: i32, N: i32): bool {
  return N >= 4 && (M >= PACKED_ROWS || (M >= PACKED_ROWS_LARGE_B && K * N >= LARGE_B));
}

/** Whether C += A Bᵀ with M rows, already past needsTransposedB, packs Bᵀ. */
// @ts-ignore: decorator
@inline export function packsTransposedB(M: i32, N: i32): bool {
  return N >= 4 && M >= PACKED_ROWS_TRANSPOSED_B;
}

// C (=, = bias +, +=) A B, A's element (i, k) at A + 4 (i aRowStride + k aColumnStride),
// B's rows bRowStride floats apart.
// @ts-ignore: decorator
@inline function gemm(
  C: usize, A: usize, aRowStride: i32, aColumnStride: i32, B: usize, bRowStride: i32, bias: usize,
  M: i32, K: i32, N: i32, mode: i32, scratch: usize,
): void {
  if (packs(M, K, N)) gemmPacked(C, A, aRowStride, aColumnStride, B, bRowStride, 1, bias, M, K, N, mode, scratch);
  else gemmDirect(C, A, aRowStride, aColumnStride, B, bRowStride, bias, M, K, N, mode);
}

// C = A B + bias
// C: (M, N), A: (M, K), B: (K, N), bias: (N) broadcast over rows, or 0
export function matMulForward(C: usize, A: usize, B: usize, bias: usize, M: i32, K: i32, N: i32, scratch: usize): void {
  gemm(C, A, K, 1, B, N, bias, M, K, N, bias ? BIAS : ZERO, scratch);
}

// C += A B
// C: (M, N), A: (M, K), B: (K, N)
export function matMulAccumulate(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32, scratch: usize): void {
  gemm(C, A, K, 1, B, N, 0, M, K, N, ACCUMULATE, scratch);
}

// C += A B[:, start : start + n], a block of n columns of B
// C: (M, n), A: (M, K), B: (K, N), start + n ≤ N
export function matMulAccumulateColumns(
  C: usize, A: usize, B: usize, start: i32, M: i32, K: i32, n: i32, N: i32, scratch: usize,
): void {
  gemm(C, A, K, 1, B + (<usize>start << 2), N, 0, M, K, n, ACCUMULATE, scratch);
}

// C += Aᵀ B
// C: (M, N), A: (K, M), B: (K, N); aStride: A's row length when these M columns
// of A are a slice of a wider A (a thread's rows of C), or 0 for M
export function matMulTransposedAAccumulate(
  C: usize, A: usize, B: usize, M: i32, K: i32, N: i32, scratch: usize, aStride: i32,
): void {
  gemm(C, A, 1, aStride > 0 ? aStride : M, B, N, 0, M, K, N, ACCUMULATE, scratch);
}

// C += A Bᵀ
// C: (M, N), A: (M, K), B: (N, K)
export function matMulTransposedBAccumulate(C: usize, A: usize, B: usize, M: i32, K: i32, N: i32, scratch: usize): void {
  if (!needsTransposedB(M, K)) {
    // Few rows of A (a batch, or a single sequence step): each row of C is
    // B a_i + C_i, a matrix-vector product with reductions of its own.
    const cRow = <usize>N << 2;
    const aRow = <usize>K << 2;
    for (let i = 0; i < M; i++) {
      const c = C + <usize>i * cRow;
      matVecForward(c, B, A + <usize>i * aRow, c, N, K);
    }
  } else if (packsTransposedB(M, N)) {
    gemmPacked(C, A, K, 1, B, 1, K, 0, M, K, N, ACCUMULATE, scratch);
  } else {
    transpose(scratch, B, N, K);
    gemmDirect(C, A, K, 1, scratch, N, 0, M, K, N, ACCUMULATE);
  }
}

/** Whether C += A Bᵀ with M rows is a product of matrices rather than matrix-vector products. */
// @ts-ignore: decorator
@inline export function needsTransposedB(M: i32, K: i32): bool {
  // A short inner size leaves the matrix-vector path little to do per row but
  // its reductions, while the transpose (K·N copies) costs next to nothing.
  return M >= SMALL_BATCH || (K <= 8 && M >= 4);
}

// out = inᵀ
// out: (C, R), input: (R, C)
export function transpose(out: usize, input: usize, rows: i32, columns: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = input + ((<usize>r * <usize>columns) << 2);
    for (let c = 0; c < columns; c++) {
      store<f32>(out + ((<usize>c * <usize>rows + <usize>r) << 2), load<f32>(row + (<usize>c << 2)));
    }
  }
}
