// Times every Backend kernel on the wasm backend (the runtime's default build,
// plus the plain-SIMD build for matrix kernels) and on the reference backend,
// at the lab's and the char model's shapes (bench/kernel_cases.ts). One group
// per kernel and shape, the default wasm build as its baseline.
//
//   deno task bench                              the table, with GFLOP/s and speed-ups
//   deno bench bench/kernels_bench.ts            deno's own report
//   deno bench bench/kernels_bench.ts -- --filter matMul   warm up only what will run
//
// `deno bench --filter` selects what is measured but cannot stop this module
// warming every case at load; the same filter after `--` (as tasks/bench.ts
// passes it) skips the others.
import { parseArgs } from "node:util";
import { createReferenceBackend, createWasmBackend, defaultKernelBuild } from "../mod.ts";
import type { Backend } from "../mod.ts";
import { benchName, KERNEL_CASES, seededRandom } from "./kernel_cases.ts";

// Plain TypeScript runs several times slower during its first seconds, until
// the optimizing compiler has seen it hot; wasm tiers up from its baseline
// compiler the same way. Each case is called in a loop for this long at load,
// before deno bench's own short warm-up, so that it measures optimized code.
// (The reference matMulTransposedBAccumulate at 32x2048x577 needs about four
// calls, ~170 ms, to settle; the loop always makes at least one call.)
const WARM_UP_MS = 150;
// Reference calls beyond this many flops take 30 to 120 ms each, so they get
// a few samples instead of deno bench's 500 ms budget, keeping the whole run
// near a minute.
const HEAVY_FLOPS = 5e7;

const { values: flags } = parseArgs({
  args: Deno.args,
  options: { filter: { type: "string" } },
});

// The same test deno bench applies to --filter: a substring, or /regexp/.
function selected(name: string): boolean {
  const filter = flags.filter;
  if (!filter) return true;
  if (filter.length > 1 && filter.startsWith("/") && filter.endsWith("/")) {
    return new RegExp(filter.slice(1, -1)).test(name);
  }
  return name.includes(filter);
}

// Calls `run` for `milliseconds` (at least once). The function warmed must be
// the very one handed to Deno.bench: a fresh wrapper such as `() => run()`
// starts cold however hot `run` is, and the reference kernels timed through
// one ran 3 to 6 times slower for their first second of measurement.
function warmUp(run: () => void, milliseconds: number): void {
  const end = performance.now() + milliseconds;
  do run(); while (performance.now() < end);
}

interface Variant {
  label: string;
  backend: Backend;
  baseline: boolean;
  matrixOnly: boolean;
}

const build = defaultKernelBuild();
const variants: Variant[] = [
  { label: `wasm ${build}`, backend: createWasmBackend(), baseline: true, matrixOnly: false },
  ...(build === "simd" ? [] : [{
    label: "wasm simd",
    backend: createWasmBackend({ build: "simd" }),
    baseline: false,
    matrixOnly: true,
  }]),
  { label: "reference", backend: createReferenceBackend(), baseline: false, matrixOnly: false },
];

for (const [index, c] of KERNEL_CASES.entries()) {
  for (const variant of variants) {
    const name = benchName(c, variant.label);
    if ((variant.matrixOnly && !c.matrix) || !selected(name)) continue;
    if (c.wasmOnly && variant.backend.name === "reference") continue;
    // Same seed for every backend: identical inputs, up to f32 rounding.
    const run = c.setup(variant.backend, seededRandom(index + 1));
    const heavy = variant.backend.name === "reference" && c.unit === "flop" &&
      c.work >= HEAVY_FLOPS;
    warmUp(run, WARM_UP_MS);
    Deno.bench({
      name,
      group: `${c.kernel} ${c.shape}`,
      baseline: variant.baseline,
      ...(heavy ? { n: 4, warmup: 2 } : {}),
      fn: run,
    });
  }
}
