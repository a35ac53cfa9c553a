// The working space of the wasm matrix kernels, in bytes: what
// kernels/gemm_packed.ts lays out for its packed blocks, with the block sizes
// of kernels/gemm_blocking.ts and the choice of path of kernels/matmul.ts
// mirrored here. tests/kernels/gemm_scratch_test.ts runs every kernel that
// takes working space in exactly these many bytes, fenced on both sides.
// The reference twins take none.

/** Register tile, rows × columns (MR × NR). */
const MR = 4, NR = 8;
/** Block sizes: depth for L1, rows of A for L2, columns of B for L3. */
const KC_L1 = 256, MC_L2 = 128, NC_L3 = 2048;
/** As kernels/matmul.ts: rows from which products are packed, and from which Bᵀ is not matrix-vector. */
const PACKED_ROWS = 16, SMALL_BATCH = 16;
/** Slack for rounding a start up to a cache line. */
const LINE = 64;

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** Whether a product with M rows and N columns is packed (kernels/matmul.ts's `packs`). */
export function packs(M: number, N: number): boolean {
  return M >= PACKED_ROWS && N >= 4;
}

/** Whether C += A Bᵀ with M rows is not a set of matrix-vector products (`needsTransposedB`). */
export function needsTransposedB(M: number, K: number): boolean {
  return M >= SMALL_BATCH || (K <= 8 && M >= 4);
}

/** A block of A, the edge tile and the tail sums: gemmPrepacked's working space. */
export function prepackedGemmBytes(M: number, K: number, N: number): number {
  const packedA = Math.min(MC_L2, roundUp(M, MR)) * Math.min(KC_L1, K) * 4;
  const tail = N % 4 !== 0 ? M * 16 : 0;
  return LINE + packedA + MR * NR * 4 + tail;
}

/** gemmPacked's working space: gemmPrepacked's and a block of B. */
export function packedGemmBytes(M: number, K: number, N: number): number {
  return prepackedGemmBytes(M, K, N) + Math.min(KC_L1, K) * Math.min(NC_L3, roundUp(N, NR)) * 4;
}

/** All of B (K × N) packed for gemmPrepacked. */
export function wholePackedBBytes(K: number, N: number): number {
  return K * roundUp(N, NR) * 4;
}

/** matMulForward, matMulAccumulate(Columns), matMulTransposedAAccumulate: C (M × N) over K. */
export function matMulScratchBytes(M: number, K: number, N: number): number {
  return packs(M, N) ? packedGemmBytes(M, K, N) : 0;
}

/** matMulTransposedBAccumulate: packed, or Bᵀ (K × N) for the direct path. */
export function transposedBScratchBytes(M: number, K: number, N: number): number {
  if (!needsTransposedB(M, K)) return 0;
  return packs(M, N) ? packedGemmBytes(M, K, N) : K * N * 4;
}

/** Weights W (rows × K, as the Bᵀ of a product with `batch` rows) packed whole, then gemmPrepacked's space. */
function prepackedWeights(batch: number, K: number, N: number): number {
  return LINE + wholePackedBBytes(K, N) + prepackedGemmBytes(batch, K, N);
}

/** lstmSequenceForward: a zero c_{−1} (B × H), then W packed (or Wᵀ, Z × 4H). */
export function lstmForwardScratchBytes(batch: number, hidden: number, width: number): number {
  const zeroCell = batch * hidden * 4;
  return zeroCell +
    (packs(batch, 4 * hidden)
      ? prepackedWeights(batch, width, 4 * hidden)
      : width * 4 * hidden * 4);
}

/** lstmSequenceBackward: a zero c_{−1} (B × H), then W[:, :H] (4H × H) packed. */
export function lstmBackwardScratchBytes(batch: number, hidden: number): number {
  const zeroCell = batch * hidden * 4;
  return zeroCell + (packs(batch, hidden) ? prepackedWeights(batch, 4 * hidden, hidden) : 0);
}

/** rnnSequenceForward: V packed, or Vᵀ (H × H). */
export function rnnForwardScratchBytes(batch: number, hidden: number): number {
  return packs(batch, hidden) ? prepackedWeights(batch, hidden, hidden) : hidden * hidden * 4;
}

/** rnnSequenceBackward: V packed. */
export function rnnBackwardScratchBytes(batch: number, hidden: number): number {
  return packs(batch, hidden) ? prepackedWeights(batch, hidden, hidden) : 0;
}
