// Parity of the packed products (kernels/gemm_packed.ts) with the reference
// at sizes awkward for the 4 × 8 tiles and the 256-deep, 128-row and
// 2048-column blocks (1, 3, 5, 17, 53, 257, 577), and at the char-LM's shapes
// (2-layer LSTM 256, batch 32 × 64 steps, 66 symbols), for every product and
// mode. The largest shapes are checked on a sample of C's rows (the first,
// some in the middle, the last), the reference computing only those.
// Tolerance as for dot products: |Δ| ≤ 1e-6 √K (1 + |expected|).
import type { Backend, Tensor } from "../../mod.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { randomValues } from "../helpers/random.ts";
import { reference, runOn, wasmBackends } from "../helpers/parity.ts";

// [M, K, N]
const AWKWARD: [number, number, number][] = [
  [17, 257, 5],
  [53, 5, 257],
  [257, 17, 53],
  [577, 3, 17],
  [17, 577, 257],
  [257, 257, 257],
  [577, 53, 577],
  [5, 577, 577],
  [1, 257, 577],
  [3, 577, 53],
  [257, 1, 3],
  [16, 2100, 2055],
];
// One update of the char-LM: per-step products (32 rows), whole-sequence ones (2048).
const CHAR_LM: [number, number, number][] = [
  [32, 256, 1024],
  [32, 1024, 256],
  [32, 512, 1024],
  [2048, 256, 1024],
  [2048, 256, 66],
  [2048, 1024, 256],
  [2048, 66, 256],
  [1024, 2048, 256],
  [66, 2048, 256],
];
const SAMPLED = 5e7;

const tolerance = (K: number) => ({ atol: 1e-6 * Math.sqrt(K), rtol: 1e-6 * Math.sqrt(K) });

interface Product {
  name: string;
  shapeA(M: number, K: number): number[];
  shapeB(K: number, N: number): number[];
  call(be: Backend, C: Tensor, A: Tensor, B: Tensor, bias: Tensor): void;
}

const rowMajor = (M: number, K: number) => [M, K];
const PRODUCTS: Product[] = [
  {
    name: "matMulForward + bias",
    shapeA: rowMajor,
    shapeB: rowMajor,
    call: (be, C, A, B, bias) => be.matMulForward(C, A, B, bias),
  },
  {
    name: "matMulForward",
    shapeA: rowMajor,
    shapeB: rowMajor,
    call: (be, C, A, B) => be.matMulForward(C, A, B),
  },
  {
    name: "matMulAccumulate",
    shapeA: rowMajor,
    shapeB: rowMajor,
    call: (be, C, A, B) => be.matMulAccumulate(C, A, B),
  },
  {
    name: "matMulAccumulateColumns",
    shapeA: rowMajor,
    shapeB: (K, N) => [K, N + 3],
    call: (be, C, A, B) => be.matMulAccumulateColumns(C, A, B, 1),
  },
  {
    name: "matMulTransposedAAccumulate",
    shapeA: (M, K) => [K, M],
    shapeB: rowMajor,
    call: (be, C, A, B) => be.matMulTransposedAAccumulate(C, A, B),
  },
  {
    name: "matMulTransposedBAccumulate",
    shapeA: rowMajor,
    shapeB: (K, N) => [N, K],
    call: (be, C, A, B) => be.matMulTransposedBAccumulate(C, A, B),
  },
];

// The rows of C checked: all, or a sample with the edges when the product is large.
function checkedRows(M: number, K: number, N: number): [number, number][] {
  if (M * K * N < SAMPLED) return [[0, M]];
  const middle = Math.floor(M / 2) - 3;
  return [[0, 5], [middle, 6], [M - 7, 7]];
}

// The reference's C rows [start, start + rows): A's rows (or, for Aᵀ, its columns) cut out.
function referenceRows(
  product: Product,
  inputs: { A: Float32Array; B: Float32Array; C: Float32Array; bias: Float32Array },
  M: number,
  K: number,
  N: number,
  start: number,
  rows: number,
): Float32Array {
  const transposedA = product.name === "matMulTransposedAAccumulate";
  const A = transposedA
    ? Float32Array.from(
      { length: K * rows },
      (_, i) => inputs.A[Math.floor(i / rows) * M + start + i % rows],
    )
    : inputs.A.subarray(start * K, (start + rows) * K);
  const C = reference.tensor([rows, N], inputs.C.subarray(start * N, (start + rows) * N));
  product.call(
    reference,
    C,
    reference.tensor(product.shapeA(rows, K), A),
    reference.tensor(product.shapeB(K, N), inputs.B),
    reference.tensor([N], inputs.bias),
  );
  return Float32Array.from(C.data);
}

Deno.test("the packed products match the reference at awkward sizes and the char-LM's shapes", () => {
  for (const [M, K, N] of [...AWKWARD, ...CHAR_LM]) {
    for (const product of PRODUCTS) {
      const shapeB = product.shapeB(K, N);
      const inputs = {
        A: randomValues(M + 2 * K, M * K),
        B: randomValues(K + 3 * N, shapeB[0] * shapeB[1]),
        C: randomValues(M * N, M * N),
        bias: randomValues(N, N),
      };
      const expected = checkedRows(M, K, N).map(([start, rows]) =>
        [start, rows, referenceRows(product, inputs, M, K, N, start, rows)] as const
      );
      for (const [build, be] of wasmBackends) {
        const C = be.tensor([M, N], inputs.C);
        product.call(
          be,
          C,
          be.tensor(product.shapeA(M, K), inputs.A),
          be.tensor(shapeB, inputs.B),
          be.tensor([N], inputs.bias),
        );
        for (const [start, rows, values] of expected) {
          assertClose(
            C.data.subarray(start * N, (start + rows) * N),
            values,
            tolerance(K),
            `${product.name} ${M}x${K}x${N} rows ${start}…${start + rows - 1} [${build}]`,
          );
        }
      }
    }
  }
});

// The char-LM's layer (batch 32, hidden 256, z = h only) and an awkward one,
// a few steps each: the sequence kernels' packed weights against the reference.
Deno.test("the sequence kernels with packed weights match the reference at the char-LM's layer", () => {
  const TOLERANCE = { atol: 1e-4, rtol: 1e-4 };
  for (const [T, B, H, I] of [[3, 32, 256, 0], [3, 17, 257, 5]]) {
    const rows = T * B, Z = H + I;
    const z = randomValues(rows + Z, rows * Z);
    for (let r = B; r < rows; r++) z.fill(0, r * Z, r * Z + H);
    const inputs = {
      h: { shape: [rows, H] },
      c: { shape: [rows, H] },
      tanhC: { shape: [rows, H] },
      gates: { shape: [rows, 4 * H], values: randomValues(3, rows * 4 * H, -0.5, 0.5) },
      z: { shape: [rows, Z], values: z },
      W: { shape: [4 * H, Z], values: randomValues(H + Z, 4 * H * Z, -0.1, 0.1) },
      dPre: { shape: [rows, 4 * H] },
      dc: { shape: [B, H] },
      dh: { shape: [rows, H], values: randomValues(11, rows * H) },
      V: { shape: [H, H], values: randomValues(H, H * H, -0.1, 0.1) },
      r: { shape: [rows, H], values: randomValues(5, rows * H) },
      dr: { shape: [rows, H], values: randomValues(7, rows * H) },
      dPreR: { shape: [rows, H] },
    };
    const run = (be: Backend, t: Record<string, Tensor>) => {
      be.lstmSequenceForward(t.h, t.c, t.tanhC, t.gates, t.z, t.W, B);
      be.lstmSequenceBackward(t.dPre, t.dc, t.dh, t.gates, t.tanhC, t.c, t.W, B);
      be.rnnSequenceForward(t.r, t.V, B);
      be.rnnSequenceBackward(t.dPreR, t.dr, t.r, t.V, B);
    };
    const expected = runOn(reference, inputs, run);
    for (const [build, be] of wasmBackends) {
      const actual = runOn(be, inputs, run);
      for (const name of ["h", "c", "gates", "dPre", "dc", "dh", "r", "dPreR", "dr"]) {
        assertClose(
          actual.values[name],
          expected.values[name],
          TOLERANCE,
          `sequence ${name} T=${T} B=${B} H=${H} I=${I} [${build}]`,
        );
      }
    }
  }
});
