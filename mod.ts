/**
 * Recurrent neural networks from scratch, for Deno: vanilla RNN, LSTM and GRU
 * with hand-written forward and backward passes on WebAssembly SIMD kernels,
 * and a Float64 TypeScript reference backend that checks every number.
 *
 * This module re-exports the numeric core: the {@linkcode Backend} interface
 * that everything is written against, and its two implementations.
 *
 * @example Run a kernel on the default (WebAssembly) backend
 * ```ts
 * import { getBackend } from "./mod.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = getBackend("wasm");
 * const W = backend.tensor([2, 2], [1, 2, 3, 4]);
 * const x = backend.tensor([2], [1, 1]);
 * const y = backend.tensor([2]);
 * backend.matVecForward(y, W, x);
 * assert.deepEqual([...y.data], [3, 7]);
 * ```
 *
 * @module
 */
export type {
  AdamOptions,
  Backend,
  BackendName,
  FloatArray,
  SgdOptions,
  Tensor,
} from "./src/backend.ts";
export { BACKEND_NAMES, getBackend } from "./src/backends.ts";
export { createReferenceBackend } from "./src/reference_backend.ts";
export { createWasmBackend, type WasmBackendOptions } from "./src/wasm_backend.ts";
export { defaultKernelBuild, type KernelBuild, relaxedSimdSupported } from "./src/wasm/kernels.ts";
export { formatShape, shapeSize } from "./src/shapes.ts";
