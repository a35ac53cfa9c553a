// WebAssembly memory that backends and Workers share: two kernel instances
// on one memory use each other's tensors; a backend on a shared memory gives
// the same numbers as one on its own memory; growth keeps tensors and views
// valid; and a Worker runs a kernel on tensors the main thread allocated.
// Tolerances against the reference as in tests/kernels/ (f32 dot products:
// 10⁻⁶ √K, here ×10 for three products in a row; LSTM sequences 10⁻⁴; Adam
// 10⁻⁶ + 10⁻⁵ relative); between the two wasm backends: exact.
import assert from "node:assert/strict";
import type { Backend, Tensor } from "../../../mod.ts";
import { createWasmBackend } from "../../../src/backends/wasm_backend.ts";
import { defaultKernelBuild } from "../../../src/backends/wasm/kernels.ts";
import { assertClose, type Tolerance } from "../../helpers/assert_close.ts";
import { type Inputs, reference, runOn } from "../../helpers/parity.ts";
import { randomValues } from "../../helpers/random.ts";
import type { KernelReply, KernelRequest } from "./kernel_worker.ts";

const PAGE = 65536;
const AWKWARD = [1, 3, 5, 53, 257];

function sharedMemory(maximum = 4096): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: 1, maximum, shared: true });
}

Deno.test("two backends on one shared memory run their kernels on each other's tensors", () => {
  const memory = sharedMemory();
  const first = createWasmBackend({ memory });
  const W = first.tensor([2, 3], [1, 2, 3, 4, 5, 6]);
  const x = first.tensor([3], [1, 0, -1]);
  // A second instance writes the kernels' static data into the memory again,
  // below every tensor: the first backend's tensors are untouched.
  const second = createWasmBackend({ memory });
  assert.deepEqual([...W.data], [1, 2, 3, 4, 5, 6]);
  const y = second.tensor([2]);
  second.matVecForward(y, W, x);
  assert.deepEqual([...y.data], [-2, -2]);
  first.tanhForward(y, y);
  assert.deepEqual([...y.data], [...first.tensor([2], [Math.tanh(-2), Math.tanh(-2)]).data]);
  // One allocator: the second backend's tensors do not overlap the first's.
  const z = second.tensor([1000]);
  for (const tensor of [W, x, y]) {
    const start = first.byteOffset(tensor), end = start + 4 * tensor.size;
    const zStart = second.byteOffset(z);
    assert.ok(zStart >= end || zStart + 4 * z.size <= start, "tensors must not overlap");
  }
  second.free(W);
  assert.throws(() => first.matVecForward(y, W, x), TypeError);
  const threads = first.threads > 1 ? `, ${first.threads} threads` : "";
  assert.equal(first.description, `wasm (${defaultKernelBuild()}, shared memory${threads})`);
});

// Runs `call` on the reference, a default wasm backend and one on a shared memory.
function checkShared(
  label: string,
  inputs: Inputs,
  call: (backend: Backend, tensors: Record<string, Tensor>) => number | void,
  names: string[],
  tolerance: Tolerance,
): void {
  const expected = runOn(reference, inputs, call);
  const own = runOn(ownBackend, inputs, call);
  const shared = runOn(sharedBackend, inputs, call);
  for (const name of names) {
    assert.deepEqual(
      shared.values[name],
      own.values[name],
      `${label} ${name}: shared ≠ own memory`,
    );
    assertClose(shared.values[name], expected.values[name], tolerance, `${label} ${name}`);
  }
}

const ownBackend = createWasmBackend();
const sharedBackend = createWasmBackend({ shared: true });

Deno.test("a backend on a shared memory computes matrix products as on its own memory", () => {
  for (const M of AWKWARD) {
    for (const [K, N] of [[3, 257], [257, 5], [53, 53]]) {
      const t = 1e-6 * Math.sqrt(K);
      checkShared(
        `matmul M=${M} K=${K} N=${N}`,
        {
          C: { shape: [M, N] },
          D: { shape: [M, K], values: randomValues(M + K, M * K) },
          A: { shape: [M, K], values: randomValues(M * 3 + K, M * K) },
          B: { shape: [K, N], values: randomValues(K * 5 + N, K * N) },
          Bt: { shape: [N, K], values: randomValues(K * 7 + N, K * N) },
          bias: { shape: [N], values: randomValues(N + 17, N) },
        },
        (b, { C, D, A, B, Bt, bias }) => {
          b.matMulForward(C, A, B, bias);
          b.matMulTransposedBAccumulate(C, A, Bt);
          b.matMulAccumulateColumns(D, C, Bt, 0);
        },
        ["C", "D"],
        { atol: 10 * t, rtol: 10 * t },
      );
    }
  }
});

Deno.test("a backend on a shared memory runs LSTM sequences as on its own memory", () => {
  for (const hidden of AWKWARD) {
    for (const batch of hidden === 257 ? [1, 3] : [1, 3, 5]) {
      const steps = 3, inputs = 4, rows = steps * batch, width = hidden + inputs;
      const z = randomValues(rows + width, rows * width);
      for (let r = batch; r < rows; r++) z.fill(0, r * width, r * width + hidden);
      checkShared(
        `lstm sequence B=${batch} H=${hidden}`,
        {
          h: { shape: [rows, hidden] },
          c: { shape: [rows, hidden] },
          tanhC: { shape: [rows, hidden] },
          gates: { shape: [rows, 4 * hidden], values: randomValues(3, rows * 4 * hidden) },
          z: { shape: [rows, width], values: z },
          W: {
            shape: [4 * hidden, width],
            values: randomValues(hidden + width, 4 * hidden * width, -0.5, 0.5),
          },
          c0: { shape: [batch, hidden], values: randomValues(13, batch * hidden) },
          dPre: { shape: [rows, 4 * hidden] },
          dc: { shape: [batch, hidden] },
          dh: { shape: [rows, hidden], values: randomValues(11, rows * hidden) },
          dh0: { shape: [batch, hidden] },
        },
        (b, t) => {
          b.lstmSequenceForward(t.h, t.c, t.tanhC, t.gates, t.z, t.W, batch, { c0: t.c0 });
          b.lstmSequenceBackward(t.dPre, t.dc, t.dh, t.gates, t.tanhC, t.c, t.W, batch, {
            c0: t.c0,
            dh0: t.dh0,
          });
        },
        ["h", "c", "gates", "dPre", "dc", "dh", "dh0"],
        { atol: 1e-4, rtol: 1e-4 },
      );
    }
  }
});

Deno.test("a backend on a shared memory takes Adam steps as on its own memory", () => {
  for (const n of AWKWARD) {
    checkShared(
      `adam n=${n}`,
      {
        param: { shape: [n], values: randomValues(n, n) },
        grad: { shape: [n], values: randomValues(n + 1, n) },
        m: { shape: [n] },
        v: { shape: [n] },
      },
      (b, { param, grad, m, v }) => {
        for (let step = 1; step <= 3; step++) {
          b.adamStep(param, grad, m, v, { lr: 0.01, step, weightDecay: 0.1, gradScale: 0.5 });
        }
      },
      ["param", "m", "v"],
      { atol: 1e-6, rtol: 1e-5 },
    );
  }
});

Deno.test("growing a shared memory keeps every tensor and view valid, up to its maximum", () => {
  const memory = sharedMemory(40);
  const backend = createWasmBackend({ memory });
  const W = backend.tensor([3, 2], [1, 2, 3, 4, 5, 6]);
  const x = backend.tensor([2], [1, -1]);
  const row = backend.view(W, 2, [2]);
  const oldView = W.data;
  // 20 pages, then 9 more: doubling to 42 pages would pass the maximum of 40,
  // so the second growth takes just what it needs.
  const a = backend.tensor([20 * PAGE / 4]);
  const b = backend.tensor([9 * PAGE / 4]);
  assert.ok(memory.buffer.byteLength <= 40 * PAGE && memory.buffer.byteLength >= 30 * PAGE);
  // A shared memory's old views are not detached; they keep their old buffer.
  assert.equal(oldView.length, 6);
  assert.ok(oldView.buffer.byteLength < memory.buffer.byteLength);
  assert.deepEqual([...W.data], [1, 2, 3, 4, 5, 6]);
  assert.equal(W.data.buffer.byteLength, memory.buffer.byteLength, "views are renewed");
  assert.deepEqual([...row.data], [3, 4]);
  oldView[2] = 10;
  assert.equal(row.data[0], 10, "old and new views see the same memory");
  b.data[b.size - 1] = 7;
  assert.equal(b.data[b.size - 1], 7);
  const y = backend.tensor([3]);
  backend.matVecForward(y, W, x);
  assert.deepEqual([...y.data], [-1, 6, -1]);
  assert.throws(() => backend.tensor([11 * PAGE / 4]), /larger maximum/);
  for (const tensor of [a, b]) backend.free(tensor);
});

Deno.test("a backend runs on a given unshared memory; a memory it cannot link to is refused", () => {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 100 });
  const backend = createWasmBackend({ memory });
  const x = backend.tensor([2], [3, 4]);
  assert.equal(backend.sumSquares(x), 25);
  assert.equal(backend.memory, memory);
  assert.equal(backend.description, `wasm (${defaultKernelBuild()})`);
  assert.throws(
    () => createWasmBackend({ memory: new WebAssembly.Memory({ initial: 1 }) }),
    (error: unknown) => error instanceof TypeError && /give it a maximum/.test(error.message),
  );
  assert.throws(
    () => createWasmBackend({ memory, shared: true }),
    /the given memory is not shared/,
  );
  assert.equal(createWasmBackend({ memory, shared: false }).memory, memory);
});

Deno.test("a Worker runs a kernel on tensors the main thread allocated in a shared memory", async () => {
  const backend = createWasmBackend({ shared: true });
  const n = 257;
  const x = backend.tensor([n], randomValues(5, n, -3, 3));
  const y = backend.tensor([n]);
  const expected = backend.tensor([n]);
  backend.tanhForward(expected, x);
  const worker = new Worker(new URL("./kernel_worker.ts", import.meta.url), { type: "module" });
  try {
    const reply = new Promise<KernelReply>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<KernelReply>) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(`the worker failed: ${event.message}`));
    });
    worker.postMessage(
      {
        module: backend.module,
        memory: backend.memory,
        y: backend.byteOffset(y),
        x: backend.byteOffset(x),
        n,
      } satisfies KernelRequest,
    );
    const { done, refusal } = await reply;
    assert.ok(done);
    assert.deepEqual([...y.data], [...expected.data], "the worker's tanh, read by the main thread");
    assert.match(refusal, /already has an allocator in another thread/);
  } finally {
    worker.terminate();
  }
});
