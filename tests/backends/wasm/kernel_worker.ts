/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
// A Worker for tests/wasm/shared_memory_test.ts: it receives the kernels'
// module and a shared memory, runs one kernel on tensors that the main thread
// allocated (by byte offset), and says what it did. It may not allocate in
// that memory: a backend of its own is refused, and the refusal is reported.
import { instantiateKernels } from "../../../src/backends/wasm/kernels.ts";
import { createWasmBackend } from "../../../src/backends/wasm_backend.ts";

/** What the main thread sends: y = tanh(x) over n elements, at byte offsets y and x. */
export interface KernelRequest {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  y: number;
  x: number;
  n: number;
}

/** What the worker answers. */
export interface KernelReply {
  done: boolean;
  /** Why a backend of its own on the same memory was refused. */
  refusal: string;
}

self.onmessage = (event: MessageEvent<KernelRequest>) => {
  const { module, memory, y, x, n } = event.data;
  let refusal = "";
  try {
    createWasmBackend({ memory });
  } catch (error) {
    refusal = String(error);
  }
  const kernels = instantiateKernels(memory, module);
  kernels.tanhForward(y, x, n);
  self.postMessage({ done: true, refusal } satisfies KernelReply);
};
