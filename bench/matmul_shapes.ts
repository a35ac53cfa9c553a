// The matrix kernels at 512³ and at the char-LM's shapes, each round timing
// every case once and the probe's ceiling once (interleaved, the best of the
// rounds kept, so a spell of load on a shared machine spoils one round of
// everything rather than one measurement). Prints GFLOP/s and the share of
// the ceiling; --json for one line. Run from the repository root:
//
//   deno run --allow-read --allow-env --allow-sys bench/matmul_shapes.ts [--rounds N] [--json]
import { parseArgs } from "node:util";
import { getBackend } from "../src/backends/get_backend.ts";
import type { Backend, Tensor } from "../src/core/backend.ts";
import { ceilingProbe } from "./ceiling_probe.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { rounds: { type: "string", default: "7" }, json: { type: "boolean", default: false } },
});

interface Shape {
  label: string;
  /** Multiply-adds per call. */
  madds: number;
  run: () => void;
}

function filled(be: Backend, shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b);
  return be.tensor(shape, Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 0.5));
}

// C (M, N) over K: every product in the form the kernel takes.
function shapes(be: Backend): Shape[] {
  const list: Shape[] = [];
  const add = (label: string, M: number, K: number, N: number, run: () => void) =>
    list.push({ label, madds: M * K * N, run });
  const forward = (M: number, K: number, N: number) => {
    const [C, A, B, bias] = [
      be.tensor([M, N]),
      filled(be, [M, K]),
      filled(be, [K, N]),
      filled(be, [N]),
    ];
    add(`matMulForward ${M}x${K}x${N}`, M, K, N, () => be.matMulForward(C, A, B, bias));
  };
  const accumulate = (M: number, K: number, N: number) => {
    const [C, A, B] = [be.tensor([M, N]), filled(be, [M, K]), filled(be, [K, N])];
    add(`matMulAccumulate ${M}x${K}x${N}`, M, K, N, () => be.matMulAccumulate(C, A, B));
  };
  const transposedA = (M: number, K: number, N: number) => {
    const [C, A, B] = [be.tensor([M, N]), filled(be, [K, M]), filled(be, [K, N])];
    add(
      `matMulTransposedAAccumulate ${M}x${K}x${N}`,
      M,
      K,
      N,
      () => be.matMulTransposedAAccumulate(C, A, B),
    );
  };
  const transposedB = (M: number, K: number, N: number) => {
    const [C, A, B] = [be.tensor([M, N]), filled(be, [M, K]), filled(be, [N, K])];
    add(
      `matMulTransposedBAccumulate ${M}x${K}x${N}`,
      M,
      K,
      N,
      () => be.matMulTransposedBAccumulate(C, A, B),
    );
  };
  for (const f of [forward, accumulate, transposedA, transposedB]) f(512, 512, 512);
  forward(32, 512, 1024);
  transposedB(32, 512, 1024);
  // The char-LM's update: weight gradients, input projections, input gradients.
  transposedA(1024, 2048, 256);
  transposedA(66, 2048, 256);
  transposedB(2048, 256, 1024);
  transposedB(2048, 256, 66);
  accumulate(2048, 1024, 256);
  accumulate(2048, 66, 256);
  // One LSTM layer's time loop, 64 steps of batch 32, hidden 256: forward
  // (32×256·256×1024 per step) and backward (32×1024·1024×256 per step).
  const T = 64, B = 32, H = 256, rows = T * B;
  const t = (w: number) => be.tensor([rows, w]);
  const [h, c, tanhC, gates, z, dPre, dh] = [t(H), t(H), t(H), t(4 * H), t(H), t(4 * H), t(H)];
  const W = filled(be, [4 * H, H]), dc = be.tensor([B, H]);
  list.push({
    label: `lstmSequenceForward ${T}x(${B}x${H}x${4 * H})`,
    madds: T * B * H * 4 * H,
    run: () => {
      be.zero(gates);
      be.lstmSequenceForward(h, c, tanhC, gates, z, W, B);
    },
  });
  list.push({
    label: `lstmSequenceBackward ${T}x(${B}x${4 * H}x${H})`,
    madds: T * B * H * 4 * H,
    run: () => {
      be.zero(dc);
      be.copy(dh, h);
      be.lstmSequenceBackward(dPre, dc, dh, gates, tanhC, c, W, B);
    },
  });
  return list;
}

const backend = getBackend("wasm");
const list = shapes(backend);
const probe = await ceilingProbe();
const best = list.map(() => Infinity);
let peak = 0;
for (let round = 0; round < Number(values.rounds); round++) {
  peak = Math.max(peak, probe());
  list.forEach((s, i) => {
    // Enough calls for about 50 ms at 40 GFLOP/s.
    const calls = Math.max(1, Math.round(1e9 / (2 * s.madds)));
    s.run();
    const start = performance.now();
    for (let k = 0; k < calls; k++) s.run();
    best[i] = Math.min(best[i], (performance.now() - start) / calls);
  });
}
const rows = list.map((s, i) => {
  const gflops = 2 * s.madds / best[i] / 1e6;
  return { shape: s.label, ms: best[i], gflops, share: gflops / peak };
});
if (values.json) console.log(JSON.stringify({ peak, rows }));
else {
  console.log(`ceiling (bench/probe/panel.ts): ${peak.toFixed(1)} GFLOP/s`);
  for (const r of rows) {
    console.log(
      `${r.shape.padEnd(44)} ${r.ms.toFixed(3).padStart(9)} ms ${
        r.gflops.toFixed(1).padStart(6)
      } GFLOP/s ${(100 * r.share).toFixed(0).padStart(4)} %`,
    );
  }
}
