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
/** As kernels/matmul.ts and gemm_packed.ts: when products are packed, when Bᵀ is not matrix-vector. */
const PACKED_ROWS = 64, PACKED_ROWS_LARGE_B = 32, LARGE_B = 16384;
const PACKED_ROWS_TRANSPOSED_B = 16, PREPACKED_BATCH = 16, SMALL_BATCH = 16;
/** Slack for rounding a start up to a cache line. */
const LINE = 64;

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/** Whether C (M × N) += A B over K packs B on the call (kernels/matmul.ts's `packs`). */
export function packs(M: number, K: number, N: number): boolean {
  return N >= 4 && (M >= PACKED_ROWS || (M >= PACKED_ROWS_LARGE_B && K * N >= LARGE_B));
}

/** Whether C += A Bᵀ with M rows packs Bᵀ, once past needsTransposedB (`packsTransposedB`). */
export function packsTransposedB(M: number, N: number): boolean {
  return N >= 4 && M >= PACKED_ROWS_TRANSPOSED_B;
}

/** Whether a time loop with `batch` rows and N columns packs its weights once (gemm_packed.ts's `prepacks`). */
export function prepacks(batch: number, N: number): boolean {
  return N >= 4 && batch >= PREPACKED_BATCH;
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
  return packs(M, K, N) ? packedGemmBytes(M, K, N) : 0;
}

/** matMulTransposedBAccumulate: packed, or Bᵀ (K × N) for the direct path. */
export function transposedBScratchBytes(M: number, K: number, N: number): number {
  if (!needsTransposedB(M, K)) return 0;
  return packsTransposedB(M, N) ? packedGemmBytes(M, K, N) : K * N * 4;
}

/** Weights W (rows × K, as the Bᵀ of a product with `batch` rows) packed whole, then gemmPrepacked's space. */
function prepackedWeights(batch: number, K: number, N: number): number {
  return LINE + wholePackedBBytes(K, N) + prepackedGemmBytes(batch, K, N);
}

/** lstmSequenceForward: a zero c_{−1} (B × H), then W packed (or Wᵀ, Z × 4H). */
export function lstmForwardScratchBytes(batch: number, hidden: number, width: number): number {
  const zeroCell = batch * hidden * 4;
  return zeroCell +
    (prepacks(batch, 4 * hidden)
      ? prepackedWeights(batch, width, 4 * hidden)
      : width * 4 * hidden * 4);
}

/** lstmSequenceBackward: a zero c_{−1} (B × H), then W[:, :H] (4H × H) packed. */
export function lstmBackwardScratchBytes(batch: number, hidden: number): number {
  const zeroCell = batch * hidden * 4;
  return zeroCell + (prepacks(batch, hidden) ? prepackedWeights(batch, 4 * hidden, hidden) : 0);
}

/** rnnSequenceForward: V packed, or Vᵀ (H × H). */
export function rnnForwardScratchBytes(batch: number, hidden: number): number {
  return prepacks(batch, hidden) ? prepackedWeights(batch, hidden, hidden) : hidden * hidden * 4;
}

/** rnnSequenceBackward: V packed. */
export function rnnBackwardScratchBytes(batch: number, hidden: number): number {
  return prepacks(batch, hidden) ? prepackedWeights(batch, hidden, hidden) : 0;
}
