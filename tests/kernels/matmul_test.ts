// Parity of kernels/matmul.ts with src/backends/reference/matmul.ts on shapes that hit
// every edge of the 4×8 register blocks (M, N not multiples of 4 or 8).
// Tolerance as for dot products: |Δ| ≤ 1e-6 √K (1 + |expected|).
import type { Backend, Tensor } from "../../mod.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

// [M, K, N]
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 3, 3],
  [4, 4, 4],
  [5, 5, 5],
  [17, 17, 17],
  [53, 53, 53],
  [3, 5, 17],
  [17, 3, 5],
  [4, 54, 8],
  [15, 50, 50],
  [16, 50, 50],
  [9, 7, 13],
  [200, 54, 53],
  [512, 577, 53],
  [53, 577, 512],
];

const tolerance = (K: number) => {
  const t = 1e-6 * Math.sqrt(K);
  return { atol: t, rtol: t };
};

Deno.test("matMulForward() computes A B (+ bias) like the reference at awkward sizes", () => {
  for (const [M, K, N] of SHAPES) {
    for (const withBias of [true, false]) {
      const inputs = {
        C: { shape: [M, N], values: randomValues(1, M * N) }, // overwritten, not accumulated
        A: { shape: [M, K], values: randomValues(M * 3 + K, M * K) },
        B: { shape: [K, N], values: randomValues(K * 5 + N, K * N) },
        bias: { shape: [N], values: randomValues(N + 17, N) },
      };
      const expected = runOn(
        reference,
        inputs,
        (b, t) => b.matMulForward(t.C, t.A, t.B, withBias ? t.bias : undefined),
      );
      for (const [build, backend] of wasmBackends) {
        const actual = runOn(
          backend,
          inputs,
          (b, t) => b.matMulForward(t.C, t.A, t.B, withBias ? t.bias : undefined),
        );
        assertClose(
          actual.values.C,
          expected.values.C,
          tolerance(K),
          `matMulForward ${M}x${K}x${N} bias=${withBias} [${build}]`,
        );
      }
    }
  }
});

Deno.test("matMulAccumulate() adds A B onto C like the reference", () => {
  for (const [M, K, N] of SHAPES) {
    const inputs = {
      C: { shape: [M, N], values: randomValues(4, M * N) },
      A: { shape: [M, K], values: randomValues(M * 5 + K, M * K) },
      B: { shape: [K, N], values: randomValues(K * 3 + N, K * N) },
    };
    const expected = runOn(reference, inputs, (b, t) => b.matMulAccumulate(t.C, t.A, t.B));
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, (b, t) => b.matMulAccumulate(t.C, t.A, t.B));
      assertClose(
        actual.values.C,
        expected.values.C,
        tolerance(K),
        `matMulAccumulate ${M}x${K}x${N} [${build}]`,
      );
    }
  }
});

Deno.test("matMulAccumulateColumns() adds A B[:, :n] onto C like the reference", () => {
  for (const [M, K, N] of SHAPES) {
    for (
      const [start, n] of new Set([[0, 1], [0, Math.max(1, N - 4)], [0, N], [N - 1, 1], [
        Math.min(4, N - 1),
        N - Math.min(4, N - 1),
      ]])
    ) {
      const inputs = {
        C: { shape: [M, n], values: randomValues(5, M * n) },
        A: { shape: [M, K], values: randomValues(M * 7 + K, M * K) },
        B: { shape: [K, N], values: randomValues(K * 9 + N, K * N) },
      };
      const call = (b: Backend, t: Record<string, Tensor>) =>
        b.matMulAccumulateColumns(t.C, t.A, t.B, start);
      const expected = runOn(reference, inputs, call);
      for (const [build, backend] of wasmBackends) {
        const actual = runOn(backend, inputs, call);
        assertClose(
          actual.values.C,
          expected.values.C,
          tolerance(K),
          `matMulAccumulateColumns ${M}x${K}x${N}[:, ${start}:${start + n}] [${build}]`,
        );
      }
    }
  }
});

Deno.test("matMulTransposedAAccumulate() adds Aᵀ B onto C like the reference", () => {
  for (const [M, K, N] of SHAPES) {
    const inputs = {
      C: { shape: [M, N], values: randomValues(2, M * N) },
      A: { shape: [K, M], values: randomValues(K * 3 + M, K * M) },
      B: { shape: [K, N], values: randomValues(K * 7 + N, K * N) },
    };
    const expected = runOn(
      reference,
      inputs,
      (b, t) => b.matMulTransposedAAccumulate(t.C, t.A, t.B),
    );
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, (b, t) => b.matMulTransposedAAccumulate(t.C, t.A, t.B));
      assertClose(
        actual.values.C,
        expected.values.C,
        tolerance(K),
        `matMulTransposedAAccumulate ${M}x${K}x${N} [${build}]`,
      );
    }
  }
});

Deno.test("matMulTransposedBAccumulate() adds A Bᵀ onto C like the reference", () => {
  for (const [M, K, N] of SHAPES) {
    const inputs = {
      C: { shape: [M, N], values: randomValues(3, M * N) },
      A: { shape: [M, K], values: randomValues(M * 11 + K, M * K) },
      B: { shape: [N, K], values: randomValues(N * 13 + K, N * K) },
    };
    const expected = runOn(
      reference,
      inputs,
      (b, t) => b.matMulTransposedBAccumulate(t.C, t.A, t.B),
    );
    for (const [build, backend] of wasmBackends) {
      const actual = runOn(backend, inputs, (b, t) => b.matMulTransposedBAccumulate(t.C, t.A, t.B));
      assertClose(
        actual.values.C,
        expected.values.C,
        tolerance(K),
        `matMulTransposedBAccumulate ${M}x${K}x${N} [${build}]`,
      );
    }
  }
});
