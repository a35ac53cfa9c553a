// Block sizes of the packed product (gemm_packed.ts), each named after the
// level of the memory hierarchy it is chosen to fit (x86-64, this machine: a
// 32 KB L1 and a 1 MB L2 per core, L3 shared). src/backends/wasm/gemm_scratch.ts mirrors
// them to size the working space; tests/kernels/gemm_scratch_test.ts runs the
// kernels in exactly that much space, fenced, so the two cannot drift apart.

/** Rows of C in one register tile: four broadcasts of A per k. */
export const MR: i32 = 4;
/** Columns of C in one register tile: two vectors of B per k, 4 × 2 sums in registers. */
export const NR: i32 = 8;
/**
 * Depth of one pass over a tile: the micro-panels it reads, B's KC × NR
 * (8 KB) and A's MR × KC (4 KB), stay in L1 while the next tiles reuse them.
 */
export const KC_L1: i32 = 256;
/** Rows of A packed at a time: MC × KC floats (128 KB) stay in L2 while every panel of B passes. */
export const MC_L2: i32 = 128;
/** Columns of B packed at a time: KC × NC floats (2 MB) are read from L3 once per block of A. */
export const NC_L3: i32 = 2048;

/** n rounded up to a multiple of `to` (a power of two). */
// @ts-ignore: decorator
@inline export function roundUp(n: i32, to: i32): i32 {
  return (n + to - 1) & ~(to - 1);
}
