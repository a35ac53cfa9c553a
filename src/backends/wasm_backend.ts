// The default backend: f32 kernels in WebAssembly SIMD, tensors living in a
// linear memory and exposed as zero-copy Float32Array views. The memory is the
// backend's own by default, or one it is given — shared with other backends
// and with Workers, which run the same kernels on the same tensors.
import type { Backend, Tensor } from "../core/backend.ts";
import { createCheckedBackend, type RawKernels, type Storage } from "./checked_backend.ts";
import type { RawKernel } from "./kernel_table.ts";
import { shapeSize } from "../core/shapes.ts";
import { type Allocator, allocatorFor } from "./wasm/allocator.ts";
import {
  createKernelMemory,
  defaultKernelBuild,
  instantiateKernels,
  isSharedMemory,
  type KernelBuild,
  type KernelExports,
  kernelModule,
} from "./wasm/kernels.ts";

class WasmTensor implements Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  /** Byte offset of element 0 in linear memory. */
  readonly byteOffset: number;
  readonly owner: WasmStorage;
  /** The allocated tensor whose storage this one uses (itself unless a view). */
  readonly root: WasmTensor;
  freed = false;
  #view: Float32Array | null = null;
  #generation = -1;

  constructor(
    owner: WasmStorage,
    shape: readonly number[],
    size: number,
    byteOffset: number,
    root?: WasmTensor,
  ) {
    this.owner = owner;
    this.shape = Object.freeze([...shape]);
    this.size = size;
    this.byteOffset = byteOffset;
    this.root = root ?? this;
  }

  get data(): Float32Array {
    if (this.root.freed) {
      throw new TypeError(
        `This tensor (shape [${this.shape.join(", ")}]) was freed; its data is gone`,
      );
    }
    const allocator = this.owner.allocator;
    if (this.#generation !== allocator.generation || this.#view === null) {
      this.#view = new Float32Array(allocator.memory.buffer, this.byteOffset, this.size);
      this.#generation = allocator.generation;
    }
    return this.#view;
  }

  /** Frees the storage at the end of a `using` block. */
  [Symbol.dispose](): void {
    if (this.root === this && !this.freed) this.owner.free(this);
  }
}

class WasmStorage implements Storage {
  readonly allocator: Allocator;
  // Tensors dropped without free() still return their memory once collected.
  readonly #finalizer = new FinalizationRegistry<number>((start) => this.allocator.release(start));

  constructor(allocator: Allocator) {
    this.allocator = allocator;
  }

  tensor(shape: readonly number[]): Tensor {
    const size = shapeSize(shape);
    const start = this.allocator.allocate(size * 4);
    const tensor = new WasmTensor(this, shape, size, start);
    tensor.data.fill(0);
    this.#finalizer.register(tensor, start, tensor);
    return tensor;
  }

  view(source: Tensor, offset: number, shape: readonly number[]): Tensor {
    const parent = source as WasmTensor;
    return new WasmTensor(
      this,
      shape,
      shapeSize(shape),
      parent.byteOffset + offset * 4,
      parent.root,
    );
  }

  free(tensor: Tensor): void {
    const wasmTensor = tensor as WasmTensor;
    if (wasmTensor.root !== wasmTensor) return;
    wasmTensor.freed = true;
    // The backend that allocated it may be another one on the same memory.
    wasmTensor.owner.#finalizer.unregister(wasmTensor);
    this.allocator.release(wasmTensor.byteOffset);
  }

  // Any backend on the same memory can run its kernels on the tensor.
  owns(tensor: Tensor): boolean {
    return tensor instanceof WasmTensor && tensor.owner.allocator === this.allocator &&
      !tensor.root.freed;
  }
}

/** Options for {@linkcode createWasmBackend}. */
export interface WasmBackendOptions {
  /** Which compiled kernels to run; by default relaxed SIMD where the runtime supports it. */
  build?: KernelBuild;
  /**
   * The memory to keep the tensors in, shared or not; it must declare a maximum
   * (at most 65536 pages). Backends on one memory use each other's tensors. By
   * default the backend creates its own.
   */
  memory?: WebAssembly.Memory;
  /**
   * Without `memory`: create a shared memory where the runtime allows it (Deno;
   * a browser page only when cross-origin isolated), else an ordinary one.
   */
  shared?: boolean;
}

/** A {@linkcode Backend} on WebAssembly, with what a Worker needs to run its kernels too. */
export interface WasmBackend extends Backend {
  /** The memory every tensor of this backend lives in. */
  readonly memory: WebAssembly.Memory;
  /** The compiled kernels it runs; a Worker instantiates them on `memory` with `instantiateKernels`. */
  readonly module: WebAssembly.Module;
  /** Where element 0 of `tensor` lies in `memory`, in bytes: the pointer a raw kernel takes. */
  byteOffset(tensor: Tensor): number;
  /** Bytes of `memory` handed out to tensors and working space now (a leak shows here). */
  readonly bytesInUse: number;
}

// Working space grown on demand and kept, for kernels that need it.
function workingSpace(allocator: Allocator): (bytes: number) => number {
  let start = -1, size = 0;
  return (bytes) => {
    if (bytes > size) {
      if (start >= 0) allocator.release(start);
      size = Math.max(bytes, size * 2);
      start = allocator.allocate(size);
    }
    return start;
  };
}

function wasmKernels(exports: KernelExports, storage: WasmStorage): RawKernels {
  const { allocator } = storage;
  const scratch = workingSpace(allocator), targets = workingSpace(allocator);
  // One view of the whole memory for copying targets in, renewed after growth.
  let int32: Int32Array<ArrayBufferLike> = new Int32Array(0), generation = -1;
  return {
    kernel: (name) =>
      typeof exports[name] === "function" ? exports[name] as unknown as RawKernel : undefined,
    argument: (tensor) => storage.owns(tensor) ? (tensor as WasmTensor).byteOffset : undefined,
    absent: 0,
    int32(values) {
      const start = targets(values.length * 4);
      if (generation !== allocator.generation) {
        int32 = new Int32Array(allocator.memory.buffer);
        generation = allocator.generation;
      }
      int32.set(values, start / 4);
      return start;
    },
    scratch,
  };
}

/**
 * Creates a backend running the AssemblyScript kernels as WebAssembly SIMD.
 * Tensors are Float32Array views into its memory: its own, or `options.memory`.
 *
 * @param options Which kernel build to run, and on which memory.
 * @returns A new WebAssembly backend.
 *
 * @example Softmax of a row of logits
 * ```ts
 * import { createWasmBackend } from "./wasm_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createWasmBackend();
 * const logits = backend.tensor([3], [1, 2, 3]);
 * const probs = backend.tensor([3]);
 * backend.softmaxForward(probs, logits);
 * assert.ok(Math.abs(probs.data[2] - 0.6652409) < 1e-6);
 * ```
 *
 * @example Two backends on one shared memory use each other's tensors
 * ```ts
 * import { createWasmBackend } from "./wasm_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 1024, shared: true });
 * const first = createWasmBackend({ memory });
 * const second = createWasmBackend({ memory });
 * const x = first.tensor([2], [3, 4]);
 * assert.equal(second.sumSquares(x), 25);
 * assert.ok(first.memory.buffer instanceof SharedArrayBuffer);
 * ```
 */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const build = options.build ?? defaultKernelBuild();
  if (options.memory && options.shared !== undefined) {
    if (options.shared !== isSharedMemory(options.memory)) {
      throw new TypeError(
        `createWasmBackend: shared is ${options.shared}, but the given memory is ${
          options.shared ? "not shared" : "shared"
        }; a given memory decides (create it with or without shared: true)`,
      );
    }
  }
  const memory = options.memory ?? createKernelMemory(build, options.shared ?? false);
  const shared = isSharedMemory(memory);
  const module = kernelModule(build, shared);
  const exports = instantiateKernels(memory, module);
  const storage = new WasmStorage(allocatorFor(memory, exports.heapBase()));
  const description = shared ? `wasm (${build}, shared memory)` : `wasm (${build})`;
  const backend = createCheckedBackend("wasm", description, storage, wasmKernels(exports, storage));
  // A getter, defined rather than assigned: Object.assign would copy today's value.
  Object.defineProperty(backend, "bytesInUse", { get: () => storage.allocator.bytesInUse });
  return Object.assign(backend as Backend & { readonly bytesInUse: number }, {
    memory,
    module,
    byteOffset(tensor: Tensor): number {
      if (!storage.owns(tensor)) {
        throw new TypeError(
          `byteOffset: the tensor (shape [${tensor.shape}]) is not a live tensor of this memory`,
        );
      }
      return (tensor as WasmTensor).byteOffset;
    },
  });
}
