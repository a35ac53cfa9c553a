// The ceiling every kernel is measured against: bench/probe/panel.ts, the
// bare inner loop of a product with one vector (one broadcast, eight loads and
// eight fused multiply-adds per row of W), compiled with the runtime's kernel
// build and timed in GFLOP/s. Shared by bench:floor and bench.
import { fileURLToPath } from "node:url";
import { defaultKernelBuild } from "../mod.ts";
import { compileAssemblyScript } from "../tasks/common/assemblyscript.ts";

/** The probe loop on a gate-matrix-sized W, checked; each call of the result times one round in GFLOP/s. */
export async function ceilingProbe(): Promise<() => number> {
  const probe = fileURLToPath(new URL("./probe/panel.ts", import.meta.url));
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
  const panel = instance.exports.panel as (...args: number[]) => void;
  const memory = new Float32Array((instance.exports.memory as WebAssembly.Memory).buffer);
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
  return () => {
    const start = performance.now();
    panel(W, d, y, rows, repeats);
    return 2 * 32 * rows * repeats / ((performance.now() - start) / 1000) / 1e9;
  };
}
