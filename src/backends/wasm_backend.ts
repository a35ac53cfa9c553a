// The default backend: f32 kernels in WebAssembly SIMD, tensors living in a
// linear memory and exposed as zero-copy Float32Array views. The memory is the
// backend's own by default, or one it is given — shared with other backends
// and with Workers, which run the same kernels on the same tensors. With more
// than one thread, the large products and the sequence kernels are split by
// rows across helper Workers on that shared memory (wasm/kernel_threads.ts),
// with results bit-identical to one thread's.
import type { Backend, Tensor } from "../core/backend.ts";
import { createCheckedBackend, type RawKernels, type Storage } from "./checked_backend.ts";
import type { RawKernel } from "./kernel_table.ts";
import { shapeSize } from "../core/shapes.ts";
import { type Allocator, allocatorFor } from "./wasm/allocator.ts";
import { KernelThreads, type KernelThreadTiming, workersAvailable } from "./wasm/kernel_threads.ts";
import { ROW_SLICINGS, splitRows } from "./wasm/row_slices.ts";
import {
  createKernelMemory,
  defaultKernelBuild,
  instantiateKernels,
  isSharedMemory,
  type KernelBuild,
  type KernelExports,
  kernelModule,
  sharedMemorySupported,
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
   * More than one thread implies it.
   */
  shared?: boolean;
  /**
   * Threads to run the kernels on, the calling one included: by default the
   * number of cores where Workers can share a memory (see
   * {@linkcode defaultThreadCount}), else 1. Helper threads start on the first
   * call large enough to split and end with {@linkcode WasmBackend.dispose} (or
   * by themselves after a second without work). Results do not depend on it.
   */
  threads?: number;
  /**
   * The fewest floating-point operations per thread for which a call is split
   * (default 2²⁰, about 40 µs of work); smaller calls run on the calling
   * thread alone, where a helper's wake-up would cost more than it saves.
   */
  minWorkPerThread?: number;
  /** How long helper threads spin and sleep between jobs (for tests). */
  threadTiming?: KernelThreadTiming;
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
  /** Threads the kernels run on, the calling one included (1 after dispose). */
  readonly threads: number;
  /** Slices of kernel calls that helper threads have run so far (0 on one thread). */
  readonly helperSlices: number;
  /** Why the backend runs on one thread although more were asked for, if it does. */
  readonly threadNotice: string | undefined;
  /**
   * Starts the helper threads now and resolves when all are ready (they
   * otherwise start on first need, and the calling thread works alone until
   * then). For benchmarks, whose first timed call should be threaded.
   */
  threadsReady(): Promise<void>;
}

/**
 * The threads a wasm backend runs on by default: the cores this runtime
 * reports (`navigator.hardwareConcurrency`) where Workers can share a memory
 * with it, else 1.
 *
 * @returns The thread count.
 *
 * @example
 * ```ts
 * import { defaultThreadCount } from "./wasm_backend.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(defaultThreadCount(), Math.max(1, navigator.hardwareConcurrency));
 * ```
 */
export function defaultThreadCount(): number {
  return workersAvailable() && sharedMemorySupported() ? cores() : 1;
}

const cores = () => Math.max(1, Math.floor(globalThis.navigator?.hardwareConcurrency ?? 1));

// Why more threads cannot run here, or undefined when they can.
function noThreadsReason(memory: WebAssembly.Memory | undefined): string | undefined {
  // Not isolated, a page has no SharedArrayBuffer at all: say the cause, not the symptom.
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return "the page is not cross-origin isolated, so it cannot share memory with Workers";
  }
  if (!workersAvailable()) return "this runtime has no Workers with Atomics.waitAsync";
  if (!sharedMemorySupported()) return "this runtime cannot share WebAssembly memory";
  if (memory && !isSharedMemory(memory)) return "the memory it was given is not shared";
  return undefined;
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

const MIN_WORK_PER_THREAD = 2 ** 20;

function wasmKernels(
  exports: KernelExports,
  storage: WasmStorage,
  threads: KernelThreads | undefined,
  minWorkPerThread: number,
): RawKernels {
  const { allocator } = storage;
  const scratch = workingSpace(allocator), targets = workingSpace(allocator);
  // Each helper thread's own working space, and the size the current call asked for.
  const helperScratch: ((bytes: number) => number)[] = [];
  let scratchBytes = 0;
  // One view of the whole memory for copying targets in, renewed after growth.
  let int32: Int32Array<ArrayBufferLike> = new Int32Array(0), generation = -1;
  const names = Object.keys(ROW_SLICINGS);

  // The raw kernel, or for one that threads split, the kernel run in slices.
  function split(name: string, run: (...args: number[]) => number): RawKernel {
    const slicing = ROW_SLICINGS[name];
    if (!threads || !slicing) return run as unknown as RawKernel;
    const index = names.indexOf(name);
    const local = (args: number[]) => void run(...args);
    return ((...args: number[]) => {
      if (threads.ended || slicing.unsplittable?.(args)) return run(...args);
      const wanted = minWorkPerThread > 0
        ? Math.min(threads.count, Math.floor(slicing.work(args) / minWorkPerThread))
        : threads.count;
      if (wanted < 2) return run(...args);
      const rows = splitRows(slicing.rows(args), wanted, slicing.minRows);
      if (rows.length < 2) return run(...args);
      const bytes = scratchBytes;
      const slices = rows.map(([first, count], slice) => {
        const sliced = slicing.slice(args, first, count);
        if (slice > 0 && slicing.scratchIndex !== undefined) {
          helperScratch[slice] ??= workingSpace(allocator);
          sliced[slicing.scratchIndex] = bytes > 0 ? helperScratch[slice](bytes) : 0;
        }
        return sliced;
      });
      threads.run(index, slices, local);
    }) as unknown as RawKernel;
  }

  return {
    kernel: (name) => typeof exports[name] === "function" ? split(name, exports[name]) : undefined,
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
    scratch(bytes) {
      scratchBytes = bytes;
      return scratch(bytes);
    },
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
  // An unshared memory, given or asked for, chooses one thread; otherwise, one per core.
  const unshared = options.shared === false ||
    (options.memory !== undefined && !isSharedMemory(options.memory));
  // Where threads cannot run, the default still asks for them, so that the notice says why.
  const asked = options.threads ?? (unshared ? 1 : cores());
  if (!Number.isInteger(asked) || asked < 1) {
    throw new RangeError(`createWasmBackend: threads must be a whole number ≥ 1, got ${asked}`);
  }
  const minWork = options.minWorkPerThread ?? MIN_WORK_PER_THREAD;
  if (!(minWork >= 0)) {
    throw new RangeError(`createWasmBackend: minWorkPerThread must be ≥ 0, got ${minWork}`);
  }
  const threadNotice = asked > 1
    ? (options.shared === false ? "shared: false was asked for" : noThreadsReason(options.memory))
    : undefined;
  const threadCount = threadNotice ? 1 : asked;
  const memory = options.memory ?? createKernelMemory(build, options.shared ?? threadCount > 1);
  const shared = isSharedMemory(memory);
  const module = kernelModule(build, shared);
  const exports = instantiateKernels(memory, module);
  const storage = new WasmStorage(allocatorFor(memory, exports.heapBase()));
  const threads = threadCount > 1
    ? new KernelThreads(
      module,
      memory,
      Object.keys(ROW_SLICINGS),
      threadCount,
      options.threadTiming,
    )
    : undefined;
  const how = [build, shared ? "shared memory" : "", threads ? `${threadCount} threads` : ""]
    .filter((part) => part !== "").join(", ");
  const description = threadNotice ? `wasm (${how}; 1 thread: ${threadNotice})` : `wasm (${how})`;
  const backend = createCheckedBackend(
    "wasm",
    description,
    storage,
    wasmKernels(exports, storage, threads, minWork),
    () => threads?.end(),
  );
  // Getters, defined rather than assigned: Object.assign would copy today's value.
  Object.defineProperty(backend, "bytesInUse", { get: () => storage.allocator.bytesInUse });
  Object.defineProperty(backend, "threads", {
    get: () => threads && !threads.ended ? threads.count : 1,
  });
  Object.defineProperty(backend, "helperSlices", { get: () => threads?.slices ?? 0 });
  return Object.assign(
    backend as Backend & {
      readonly bytesInUse: number;
      readonly threads: number;
      readonly helperSlices: number;
    },
    {
      memory,
      module,
      threadNotice,
      byteOffset(tensor: Tensor): number {
        if (!storage.owns(tensor)) {
          throw new TypeError(
            `byteOffset: the tensor (shape [${tensor.shape}]) is not a live tensor of this memory`,
          );
        }
        return (tensor as WasmTensor).byteOffset;
      },
      threadsReady: () => threads ? threads.whenReady() : Promise.resolve(),
    },
  );
}
