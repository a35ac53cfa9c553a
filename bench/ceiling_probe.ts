// The ceilings every kernel is measured against, each compiled with the
// runtime's kernel build and timed in GFLOP/s. bench/probe/panel.ts: the bare
// inner loop of a product with one vector (one broadcast, eight loads and
// eight fused multiply-adds per row of W), the most one sequence at a time
// can do. bench/probe/tile.ts: the packed product's register tile on panels
// in L1, the most any packed product can do. Shared by bench:floor, bench and
// bench:charlm.
import { fileURLToPath } from "node:url";
import { defaultKernelBuild } from "../mod.ts";
import { compileAssemblyScript } from "../tasks/common/assemblyscript.ts";

// A probe's module on one page of memory (the probes place their data in it).
async function probeExports(file: string): Promise<WebAssembly.Exports> {
  const probe = fileURLToPath(new URL(`./probe/${file}`, import.meta.url));
  const build = defaultKernelBuild() === "relaxed-simd" ? ["--enable", "relaxed-simd"] : [];
  const binary = await compileAssemblyScript(probe, [
    "-O3",
    "--runtime",
    "stub",
    "--initialMemory",
    "1",
    "--enable",
    "simd",
    ...build,
  ]);
  const { instance } = await WebAssembly.instantiate(binary as BufferSource, {});
  return instance.exports;
}

// Each call of the result runs `round` once and returns its GFLOP/s.
function gflopsOf(flops: number, round: () => void): () => number {
  return () => {
    const start = performance.now();
    round();
    return flops / ((performance.now() - start) / 1000) / 1e9;
  };
}

/** The probe loop on a gate-matrix-sized W, checked; each call of the result times one round in GFLOP/s. */
export async function ceilingProbe(): Promise<() => number> {
  const exports = await probeExports("panel.ts");
  const panel = exports.panel as (...args: number[]) => void;
  const memory = new Float32Array((exports.memory as WebAssembly.Memory).buffer);
  // 338 rows of 32 floats ≈ 10,800 weights, the lab's 200×54 gate matrix;
  // y, d and W in the module's first memory page, as byte offsets, above the
  // static data that kernels/simd.ts brings along (its coefficient tables).
  const rows = 338, repeats = 4000;
  const [y, d, W] = [8192, 9216, 12288];
  const weights = Float32Array.from({ length: 32 * rows }, (_, i) => Math.sin(i) / 64);
  const scales = Float32Array.from({ length: rows }, (_, r) => Math.cos(r));
  memory.set(weights, W / 4);
  memory.set(scales, d / 4);
  // One pass checked against TypeScript first: the loop really does the work counted.
  panel(W, d, y, rows, 1);
  for (let column = 0; column < 32; column++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += weights[32 * r + column] * scales[r];
    if (Math.abs(memory[y / 4 + column] - sum) > 1e-3) {
      throw new Error(`bench/probe/panel.ts computed ${memory[y / 4 + column]} for ${sum}`);
    }
  }
  return gflopsOf(2 * 32 * rows * repeats, () => panel(W, d, y, rows, repeats));
}

/**
 * The register-tile probe, checked; each call of the result times one round
 * in GFLOP/s: 4 × 8 × 256 multiply-adds per tile, 20,000 tiles.
 */
export async function tileCeilingProbe(): Promise<() => number> {
  const exports = await probeExports("tile.ts");
  const tile = exports.tile as (...args: number[]) => void;
  const memory = new Float32Array((exports.memory as WebAssembly.Memory).buffer);
  // C, A's micro-panel (kc × 4) and B's (kc × 8), as byte offsets in the first
  // page, above the static data of kernels/simd.ts; 12 KB in all, inside L1.
  const kc = 256, repeats = 20_000;
  const [c, a, b] = [8192, 12288, 16384];
  const aPanel = Float32Array.from({ length: 4 * kc }, (_, i) => Math.sin(i) / 64);
  const bPanel = Float32Array.from({ length: 8 * kc }, (_, i) => Math.cos(i) / 64);
  memory.set(aPanel, a / 4);
  memory.set(bPanel, b / 4);
  memory.fill(0, c / 4, c / 4 + 32);
  // One tile checked against TypeScript first: the loop really does the work counted.
  tile(c, a, b, kc, 1);
  for (let row = 0; row < 4; row++) {
    for (let column = 0; column < 8; column++) {
      let sum = 0;
      for (let k = 0; k < kc; k++) sum += aPanel[4 * k + row] * bPanel[8 * k + column];
      const got = memory[c / 4 + 8 * row + column];
      if (Math.abs(got - sum) > 1e-3) {
        throw new Error(`bench/probe/tile.ts computed ${got} for ${sum}`);
      }
    }
  }
  return gflopsOf(2 * 4 * 8 * kc * repeats, () => tile(c, a, b, kc, repeats));
}
