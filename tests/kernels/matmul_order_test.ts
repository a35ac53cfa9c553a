// The packed path (kernels/gemm_packed.ts, products with enough rows) sums
// every element of C in the order of the direct path (kernels/gemm_direct.ts):
// a product computed whole must equal, bit for bit, the same product computed
// in slices of fewer than 16 rows, which never pack. Sizes are awkward for the
// 4 × 8 tiles and the 256-deep, 128-row blocks, with the char-LM's shapes;
// C starts with ±0 and subnormals among its values, whose signs the order
// decides. Every wasm build, and a shared memory.
import { AssertionError } from "node:assert/strict";
import type { Backend, Tensor } from "../../mod.ts";
import { randomValues } from "../helpers/random.ts";
import { wasmBackends } from "../helpers/parity.ts";

// [M, K, N], each packed whole (kernels/matmul.ts's `packs`: 64 rows, or 32
// with B of 16K elements).
const SHAPES: [number, number, number][] = [
  [64, 1, 4],
  [65, 3, 5],
  [130, 5, 7],
  [64, 17, 17],
  [69, 53, 53],
  [33, 257, 66],
  [257, 53, 17],
  [130, 257, 66],
  [53, 577, 257],
  [577, 17, 53],
  [257, 513, 12],
  [32, 512, 1024],
  [66, 2048, 256],
  [2048, 256, 66],
];
// Rows per slice: below 16, so that every slice takes the direct path; 4-row
// blocks and the strips after them both occur.
const SLICES = [15, 1, 4, 3, 5];

const values = (seed: number, count: number) => {
  const v = randomValues(seed, count);
  for (let i = 0; i < count; i += 7) v[i] = [0, -0, 1e-41, -3e-39][i % 4];
  return v;
};

// Rows [start, start + rows) of a row-major (rows × width) tensor, as a view.
const rowsOf = (be: Backend, t: Tensor, start: number, rows: number) =>
  be.view(t, start * t.shape[1], [rows, t.shape[1]]);

// Columns [start, start + n) of a (rows × width) tensor, copied.
function columnsOf(be: Backend, t: Tensor, start: number, n: number): Tensor {
  const [rows, width] = t.shape;
  const out = be.tensor([rows, n]);
  for (let r = 0; r < rows; r++) {
    out.data.set(t.data.subarray(r * width + start, r * width + start + n), r * n);
  }
  return out;
}

// Calls `slice(start, rows)` over row slices of M that cycle through SLICES.
function bySlices(M: number, slice: (start: number, rows: number) => void): void {
  for (let start = 0, i = 0; start < M; i++) {
    const rows = Math.min(SLICES[i % SLICES.length], M - start);
    slice(start, rows);
    start += rows;
  }
}

// Fails at the first element whose bits differ.
function assertSameBits(actual: Tensor, expected: Tensor, label: string): void {
  const a = new Uint32Array(Float32Array.from(actual.data).buffer);
  const e = new Uint32Array(Float32Array.from(expected.data).buffer);
  const i = a.findIndex((bits, index) => bits !== e[index]);
  if (i >= 0) {
    throw new AssertionError({
      message: `${label}: element ${i} is ${actual.data[i]}, sliced ${expected.data[i]}`,
    });
  }
}

// Slices of 6 rows, then the last 10 to 15: each between 4 and 15 rows.
function byMidSlices(M: number, slice: (start: number, rows: number) => void): void {
  let start = 0;
  for (; M - start > 15; start += 6) slice(start, 6);
  slice(start, M - start);
}

type Product = (be: Backend, C: Tensor, A: Tensor, B: Tensor, bias: Tensor) => void;

// Each product: how to call it whole, and on rows [start, start + rows) of C.
const PRODUCTS: {
  name: string;
  shapeA: (M: number, K: number) => number[];
  shapeB: (K: number, N: number) => number[];
  whole: Product;
  slice: (
    be: Backend,
    C: Tensor,
    A: Tensor,
    B: Tensor,
    bias: Tensor,
    start: number,
    rows: number,
  ) => void;
}[] = [
  {
    name: "matMulForward with bias",
    shapeA: (M, K) => [M, K],
    shapeB: (K, N) => [K, N],
    whole: (be, C, A, B, bias) => be.matMulForward(C, A, B, bias),
    slice: (be, C, A, B, bias, s, r) =>
      be.matMulForward(rowsOf(be, C, s, r), rowsOf(be, A, s, r), B, bias),
  },
  {
    name: "matMulForward",
    shapeA: (M, K) => [M, K],
    shapeB: (K, N) => [K, N],
    whole: (be, C, A, B) => be.matMulForward(C, A, B),
    slice: (be, C, A, B, _, s, r) => be.matMulForward(rowsOf(be, C, s, r), rowsOf(be, A, s, r), B),
  },
  {
    name: "matMulAccumulate",
    shapeA: (M, K) => [M, K],
    shapeB: (K, N) => [K, N],
    whole: (be, C, A, B) => be.matMulAccumulate(C, A, B),
    slice: (be, C, A, B, _, s, r) =>
      be.matMulAccumulate(rowsOf(be, C, s, r), rowsOf(be, A, s, r), B),
  },
  {
    // B is 3 columns wider than C; C takes columns 2 … N + 1.
    name: "matMulAccumulateColumns",
    shapeA: (M, K) => [M, K],
    shapeB: (K, N) => [K, N + 3],
    whole: (be, C, A, B) => be.matMulAccumulateColumns(C, A, B, 2),
    slice: (be, C, A, B, _, s, r) =>
      be.matMulAccumulateColumns(rowsOf(be, C, s, r), rowsOf(be, A, s, r), B, 2),
  },
  {
    name: "matMulTransposedAAccumulate",
    shapeA: (M, K) => [K, M],
    shapeB: (K, N) => [K, N],
    whole: (be, C, A, B) => be.matMulTransposedAAccumulate(C, A, B),
    slice: (be, C, A, B, _, s, r) =>
      be.matMulTransposedAAccumulate(rowsOf(be, C, s, r), columnsOf(be, A, s, r), B),
  },
];

Deno.test("the packed products sum each element in the direct path's order: bit-identical results", () => {
  for (const [M, K, N] of SHAPES) {
    for (const product of PRODUCTS) {
      for (const [build, be] of wasmBackends) {
        const shapeA = product.shapeA(M, K), shapeB = product.shapeB(K, N);
        const A = be.tensor(shapeA, values(M + K, M * K));
        const B = be.tensor(shapeB, values(K + N, shapeB[0] * shapeB[1]));
        const bias = be.tensor([N], values(N, N));
        const start = values(M * N, M * N);
        const whole = be.tensor([M, N], start), sliced = be.tensor([M, N], start);
        product.whole(be, whole, A, B, bias);
        bySlices(M, (s, r) => product.slice(be, sliced, A, B, bias, s, r));
        assertSameBits(whole, sliced, `${product.name} ${M}x${K}x${N} [${build}]`);
      }
    }
  }
});

Deno.test("matMulTransposedBAccumulate packs Bᵀ into the order of A B with B transposed beforehand", () => {
  for (const [M, K, N] of SHAPES) {
    for (const [build, be] of wasmBackends) {
      const A = be.tensor([M, K], values(M + K, M * K));
      const Bt = be.tensor([N, K], values(K + N, N * K));
      const B = be.tensor([K, N]);
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < N; j++) B.data[k * N + j] = Bt.data[j * K + k];
      }
      const start = values(M * N, M * N);
      const packed = be.tensor([M, N], start), plain = be.tensor([M, N], start);
      be.matMulTransposedBAccumulate(packed, A, Bt);
      // With K ≤ 8, slices of 4 to 15 rows take the direct path through a copy
      // of Bᵀ (fewer rows would be matrix-vector products, summed otherwise).
      if (K <= 8) {
        byMidSlices(
          M,
          (s, r) =>
            be.matMulTransposedBAccumulate(rowsOf(be, plain, s, r), rowsOf(be, A, s, r), Bt),
        );
      } else {
        bySlices(M, (s, r) => be.matMulAccumulate(rowsOf(be, plain, s, r), rowsOf(be, A, s, r), B));
      }
      assertSameBits(packed, plain, `matMulTransposedBAccumulate ${M}x${K}x${N} [${build}]`);
    }
  }
});
