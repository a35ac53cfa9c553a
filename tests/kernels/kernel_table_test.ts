// The kernel table is the one list of kernels: every kernel method of both
// backends comes from it, and each entry has a WebAssembly export and a
// reference twin that take the same arguments (the wasm kernel one more, its
// working space, where the entry says so).
import assert from "node:assert/strict";
import { createReferenceBackend } from "../../src/backends/reference_backend.ts";
import { createWasmBackend } from "../../src/backends/wasm_backend.ts";
import { KERNEL_NAMES, KERNEL_TABLE } from "../../src/backends/kernel_table.ts";
import { REFERENCE_TWINS } from "../../src/backends/reference_backend.ts";
import { instantiateKernels } from "../../src/backends/wasm/kernels.ts";
import { WASM_BUILDS } from "../helpers/parity.ts";
import { ROW_SLICINGS } from "../../src/backends/wasm/row_slices.ts";

// What a backend has besides kernels: storage, clipping, and (wasm) its memory.
const NOT_KERNELS = new Set([
  "name",
  "description",
  "tensor",
  "view",
  "free",
  "zero",
  "copy",
  "clipGradNorm",
  "dispose",
  "memory",
  "threadNotice",
  "threadsReady",
  "module",
  "byteOffset",
]);

Deno.test("every kernel method of both backends is an entry of the kernel table", () => {
  for (const backend of [createReferenceBackend(), createWasmBackend()]) {
    const kernels = Object.keys(backend).filter((key) => !NOT_KERNELS.has(key)).sort();
    assert.deepEqual(kernels, [...KERNEL_NAMES].sort(), backend.description);
    for (const name of KERNEL_NAMES) {
      assert.equal(typeof (backend as unknown as Record<string, unknown>)[name], "function", name);
    }
  }
});

Deno.test("every table entry has a wasm export and a reference twin of matching arity", () => {
  const rawNames = new Set<string>();
  for (const build of WASM_BUILDS) {
    const exports = instantiateKernels(new WebAssembly.Memory({ initial: 1, maximum: 64 }), build);
    for (const name of KERNEL_NAMES) {
      const entry = KERNEL_TABLE[name];
      const raw = entry.raw ?? name;
      rawNames.add(raw);
      const kernel = exports[raw], twin = REFERENCE_TWINS[raw];
      assert.equal(typeof kernel, "function", `${build} export ${raw}`);
      assert.equal(typeof twin, "function", `reference twin ${raw}`);
      // A kernel that threads slice takes the whole's stride after its working space.
      const stride = ROW_SLICINGS[raw]?.strideIndex;
      if (stride !== undefined) assert.equal(stride, kernel.length - 1, `${raw}: stride last`);
      assert.equal(
        kernel.length,
        (twin as () => void).length + (entry.scratch ? 1 : 0) + (stride !== undefined ? 1 : 0),
        `${raw}: the wasm kernel takes ${kernel.length} arguments, its twin ${
          (twin as () => void).length
        }${entry.scratch ? " plus working space" : ""}${
          stride !== undefined ? " plus a slice's stride" : ""
        }`,
      );
    }
    // Nothing is exported that the table does not call.
    const stale = Object.keys(exports).filter((key) =>
      !rawNames.has(key) && key !== "heapBase" && key !== "memory"
    );
    assert.deepEqual(stale, [], `${build} exports kernels that no table entry calls`);
  }
});
