// WebAssembly memory: growth keeps every live tensor valid, freed memory is
// reused, and freed tensors cannot be used by mistake.
import assert from "node:assert/strict";
import { createWasmBackend } from "../../../mod.ts";

Deno.test("growing WebAssembly memory keeps every live tensor and view valid", () => {
  // Unshared, so that growth detaches the old buffer (a shared one only grows).
  const backend = createWasmBackend({ shared: false, threads: 1 });
  const W = backend.tensor([3, 2], [1, 2, 3, 4, 5, 6]);
  const x = backend.tensor([2], [1, -1]);
  const row = backend.view(W, 2, [2]);
  const oldView = W.data;
  // 256 MiB forces the memory to grow several times over.
  const big = backend.tensor([64, 1024, 1024]);
  assert.equal(oldView.length, 0, "a view taken before growth is detached");
  assert.deepEqual([...W.data], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...row.data], [3, 4]);
  assert.equal(big.data[big.size - 1], 0);
  // Kernels keep computing on the old tensors, and writes through views land.
  const y = backend.tensor([3]);
  backend.matVecForward(y, W, x);
  assert.deepEqual([...y.data], [-1, -1, -1]);
  row.data[0] = 10;
  assert.equal(W.data[2], 10);
  backend.free(big);
});

Deno.test("freed memory is reused and a freed tensor refuses further use", () => {
  const backend = createWasmBackend();
  const first = backend.tensor([1000], new Array(1000).fill(7));
  backend.free(first);
  assert.throws(() => first.data, TypeError);
  assert.throws(() => backend.tanhForward(first, first), TypeError);
  // The same block comes back, zero-filled, not holding the old 7s.
  const second = backend.tensor([1000]);
  assert.ok(second.data.every((v) => v === 0));
  const a = backend.tensor([10]), b = backend.tensor([10]);
  assert.notEqual(a.data.byteOffset, b.data.byteOffset);
  assert.ok(b.data.byteOffset - a.data.byteOffset >= 40, "tensors must not overlap");
});
