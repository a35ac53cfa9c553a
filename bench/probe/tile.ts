// AssemblyScript, compiled by bench/ceiling_probe.ts: the packed product's own
// register tile (kernels/gemm_micro.ts, 4 × 8 sums in eight registers, per k
// two loads of B, four broadcasts of A, eight fused multiply-adds) on one
// micro-panel of A and one of B that stay in L1, over and over. No packing,
// no edges, no stores between depth blocks, no cache misses: the most a
// packed product can do per thread with this build, which is what the
// hardware's 128-bit peak comes to through V8.
import { tile4x8 } from "../../kernels/gemm_micro";

// C (4 × 8, rows 32 bytes apart) += a b over kc steps, `repeats` times.
export function tile(c: usize, a: usize, b: usize, kc: i32, repeats: i32): void {
  for (let r = 0; r < repeats; r++) tile4x8(c, 32, a, b, kc);
}
