// Runs one kernel call on the reference backend and on each wasm build with
// identical inputs, and returns every tensor's contents afterwards.
import type { Backend, Tensor, WasmBackend } from "../../mod.ts";
import { createReferenceBackend, createWasmBackend, relaxedSimdSupported } from "../../mod.ts";
import { defaultKernelBuild, type KernelBuild } from "../../src/backends/wasm/kernels.ts";

/** The wasm builds this runtime can run: both under Deno. */
export const WASM_BUILDS: readonly KernelBuild[] = relaxedSimdSupported()
  ? ["simd", "relaxed-simd"]
  : ["simd"];

export const reference: Backend = createReferenceBackend();

/**
 * Backends on 2 and 3 threads that split every call they can, however small
 * (so that the tests' awkward sizes are cut, unevenly too), with their
 * helpers started before any test runs.
 */
export const threadedBackends: ReadonlyMap<number, WasmBackend> = new Map(
  [2, 3].map((threads) => [threads, createWasmBackend({ threads, minWorkPerThread: 0 })]),
);
await Promise.all([...threadedBackends.values()].map((backend) => backend.threadsReady()));

/**
 * Each wasm build on its own memory, unshared on one thread; the default
 * build on a shared memory (as a Worker would share it); and the threaded
 * backends, by label.
 */
export const wasmBackends: ReadonlyMap<string, Backend> = new Map([
  ...WASM_BUILDS.map((build) =>
    [build, createWasmBackend({ build, shared: false, threads: 1 })] as const
  ),
  [
    `${defaultKernelBuild()}, shared memory`,
    createWasmBackend({ build: defaultKernelBuild(), shared: true, threads: 1 }),
  ],
  ...[...threadedBackends].map(([threads, backend]) =>
    [`${defaultKernelBuild()}, ${threads} threads`, backend] as const
  ),
]);

/** Tensor name → shape and initial values (zeros when omitted). */
export type Inputs = Record<string, { shape: number[]; values?: ArrayLike<number> }>;

/** What a kernel call left behind: each tensor's values, and its return value. */
export interface Outcome {
  values: Record<string, Float64Array>;
  result: number | void;
}

/** Creates the tensors on `backend`, runs `call`, reads everything back, frees. */
export function runOn(
  backend: Backend,
  inputs: Inputs,
  call: (backend: Backend, tensors: Record<string, Tensor>) => number | void,
): Outcome {
  const tensors: Record<string, Tensor> = {};
  for (const [name, { shape, values }] of Object.entries(inputs)) {
    tensors[name] = backend.tensor(shape, values);
  }
  const result = call(backend, tensors);
  const values: Record<string, Float64Array> = {};
  for (const [name, tensor] of Object.entries(tensors)) {
    values[name] = Float64Array.from(tensor.data);
    backend.free(tensor);
  }
  return { values, result };
}
