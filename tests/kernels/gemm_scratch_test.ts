// The working space that src/backends/wasm/gemm_scratch.ts asks for is what the
// kernels use: every kernel with a `scratch` entry runs here in exactly that
// many bytes, fenced on both sides and at several alignments, on sizes that
// straddle the block sizes and the choice of path (K around 256, M around 16,
// 32, 64 and 128, N around 4, 8 and 2048); the fences must be untouched and
// the results those of the ordinary backend, bit for bit.
import assert from "node:assert/strict";
import type { Backend, Tensor } from "../../mod.ts";
import { KERNEL_TABLE, type KernelName, type RawKernel } from "../../src/backends/kernel_table.ts";
import { createWasmBackend, type WasmBackend } from "../../src/backends/wasm_backend.ts";
import { instantiateKernels } from "../../src/backends/wasm/kernels.ts";
import { randomValues } from "../helpers/random.ts";
import { WASM_BUILDS } from "../helpers/parity.ts";

const FENCE = 256, PATTERN = 0xa5;
// Offsets of the working space from a cache line: the kernels round up themselves.
const MISALIGNMENTS = [0, 16, 48];

/**
 * `name`'s method on `backend`'s memory, running in fenced working space of
 * exactly the bytes it asks for; check() then asserts the fences are intact.
 */
function fenced(
  backend: WasmBackend,
  build: (typeof WASM_BUILDS)[number],
  name: KernelName,
  misalign: number,
) {
  const exports = instantiateKernels(backend.memory, build);
  const entry = KERNEL_TABLE[name];
  let region: Tensor | null = null, start = 0, bytes = 0;
  const method = entry.bind(exports[entry.raw ?? name] as unknown as RawKernel, {
    t: (tensor) => tensor ? backend.byteOffset(tensor) : 0,
    int32: () => {
      throw new Error("not used");
    },
    scratch: (size) => {
      bytes = size;
      region = backend.tensor([Math.ceil((2 * FENCE + 64 + size) / 4)]);
      start = backend.byteOffset(region) + FENCE + misalign;
      const memory = new Uint8Array(backend.memory.buffer);
      memory.fill(PATTERN, backend.byteOffset(region), start);
      memory.fill(PATTERN, start + size, start + size + FENCE);
      return start;
    },
  }, name) as (...args: unknown[]) => void;
  const check = (label: string) => {
    const memory = new Uint8Array(backend.memory.buffer);
    const before = memory.subarray(start - FENCE, start),
      after = memory.subarray(start + bytes, start + bytes + FENCE);
    assert.ok(
      before.every((b) => b === PATTERN),
      `${label}: wrote below its ${bytes} bytes of working space`,
    );
    assert.ok(
      after.every((b) => b === PATTERN),
      `${label}: wrote past its ${bytes} bytes of working space`,
    );
    if (region) backend.free(region);
  };
  return { method, check };
}

type Case = {
  name: KernelName;
  label: string;
  inputs: Record<string, number[]>;
  call: (m: (...args: unknown[]) => void, t: Record<string, Tensor>) => void;
};

const product = (name: KernelName, M: number, K: number, N: number): Case => {
  const transposedA = name === "matMulTransposedAAccumulate",
    transposedB = name === "matMulTransposedBAccumulate";
  const columns = name === "matMulAccumulateColumns";
  return {
    name,
    label: `${name} ${M}x${K}x${N}`,
    inputs: {
      C: [M, N],
      A: transposedA ? [K, M] : [M, K],
      B: transposedB ? [N, K] : [K, columns ? N + 5 : N],
      bias: [N],
    },
    call: (m, t) =>
      name === "matMulForward"
        ? m(t.C, t.A, t.B, t.bias)
        : columns
        ? m(t.C, t.A, t.B, 3)
        : m(t.C, t.A, t.B),
  };
};

const PRODUCT_SHAPES: [number, number, number][] = [
  [31, 128, 128],
  [32, 128, 128],
  [32, 127, 128],
  [63, 3, 9],
  [64, 3, 9],
  [15, 3, 9],
  [16, 1, 4],
  [17, 255, 5],
  [16, 256, 3],
  [17, 257, 7],
  [129, 513, 9],
  [257, 17, 66],
  [17, 5, 2049],
  [16, 300, 2055],
  [4, 8, 13],
];
const PRODUCTS: KernelName[] = [
  "matMulForward",
  "matMulAccumulate",
  "matMulAccumulateColumns",
  "matMulTransposedAAccumulate",
  "matMulTransposedBAccumulate",
];

const sequences = (T: number, B: number, H: number, I: number): Case[] => {
  const rows = T * B, Z = H + I;
  const lstm = {
    h: [rows, H],
    c: [rows, H],
    tanhC: [rows, H],
    gates: [rows, 4 * H],
    z: [rows, Z],
    W: [4 * H, Z],
    dPre: [rows, 4 * H],
    dc: [B, H],
    dh: [rows, H],
  };
  return [
    {
      name: "lstmSequenceForward",
      label: `lstmSequenceForward ${T}x${B}x${H}x${I}`,
      inputs: lstm,
      call: (m, t) => m(t.h, t.c, t.tanhC, t.gates, t.z, t.W, B),
    },
    {
      name: "lstmSequenceBackward",
      label: `lstmSequenceBackward ${T}x${B}x${H}x${I}`,
      inputs: lstm,
      call: (m, t) => m(t.dPre, t.dc, t.dh, t.gates, t.tanhC, t.c, t.W, B),
    },
    {
      name: "rnnSequenceForward",
      label: `rnnSequenceForward ${T}x${B}x${H}`,
      inputs: { h: [rows, H], V: [H, H] },
      call: (m, t) => m(t.h, t.V, B),
    },
    {
      name: "rnnSequenceBackward",
      label: `rnnSequenceBackward ${T}x${B}x${H}`,
      inputs: { dPre: [rows, H], dh: [rows, H], h: [rows, H], V: [H, H] },
      call: (m, t) => m(t.dPre, t.dh, t.h, t.V, B),
    },
  ];
};
const SEQUENCE_SHAPES: [number, number, number, number][] = [
  [2, 15, 5, 2],
  [2, 16, 3, 1],
  [2, 16, 4, 0],
  [3, 17, 33, 3],
  [2, 130, 9, 300],
];

const CASES: Case[] = [
  ...PRODUCT_SHAPES.flatMap(([M, K, N]) => PRODUCTS.map((name) => product(name, M, K, N))),
  ...SEQUENCE_SHAPES.flatMap(([T, B, H, I]) => sequences(T, B, H, I)),
];

function tensors(backend: Backend, inputs: Record<string, number[]>): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(inputs).map(([name, shape], i) => {
      const size = shape.reduce((a, b) => a * b);
      return [name, backend.tensor(shape, randomValues(i + size, size, -0.5, 0.5))];
    }),
  );
}

Deno.test("the matrix and sequence kernels stay inside the working space the table gives them", () => {
  for (const build of WASM_BUILDS) {
    const backend = createWasmBackend({ build });
    for (const c of CASES) {
      const expected = tensors(backend, c.inputs);
      c.call(backend[c.name] as (...args: unknown[]) => void, expected);
      for (const misalign of MISALIGNMENTS) {
        const actual = tensors(backend, c.inputs);
        const { method, check } = fenced(backend, build, c.name, misalign);
        c.call(method, actual);
        const label = `${c.label} at +${misalign} [${build}]`;
        check(label);
        for (const name of Object.keys(c.inputs)) {
          assert.deepEqual(
            new Uint32Array(Float32Array.from(actual[name].data).buffer),
            new Uint32Array(Float32Array.from(expected[name].data).buffer),
            `${label}: ${name}`,
          );
        }
        for (const t of Object.values(actual)) backend.free(t);
      }
      for (const t of Object.values(expected)) backend.free(t);
    }
  }
});
