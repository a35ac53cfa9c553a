// Loads the committed kernel binaries. The relaxed-SIMD build (fused
// multiply-add) is preferred where the runtime validates it; otherwise the
// plain SIMD build, which every current engine runs. The kernels import their
// memory, so an instance runs on whichever WebAssembly.Memory it is given,
// shared between threads or not.
import { decodeBase64 } from "./base64.ts";
import { relaxedSimdBase64, simdBase64 } from "./kernels_wasm.generated.ts";
import { findMemoryImport, MAXIMUM_PAGES, withSharedMemoryImport } from "./memory_import.ts";

/** Which compiled variant of the kernels to run. */
export type KernelBuild = "simd" | "relaxed-simd";

/**
 * One instance's exports: every kernel of kernels/index.ts by name (pointers
 * are byte offsets into the memory), and `heapBase()`, the first byte above
 * the kernels' static data.
 */
export type KernelExports = Readonly<Record<string, (...args: number[]) => number>>;

const binaries: Record<KernelBuild, string> = {
  "simd": simdBase64,
  "relaxed-simd": relaxedSimdBase64,
};
const modules = new Map<string, WebAssembly.Module>();
let relaxedSupported: boolean | undefined;
let sharedSupported: boolean | undefined;

/**
 * Whether this runtime validates the relaxed-SIMD build (Deno does; Node 20 does not).
 *
 * @example The default build follows it
 * ```ts
 * import { defaultKernelBuild, relaxedSimdSupported } from "./kernels.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(defaultKernelBuild(), relaxedSimdSupported() ? "relaxed-simd" : "simd");
 * ```
 */
export function relaxedSimdSupported(): boolean {
  relaxedSupported ??= WebAssembly.validate(decodeBase64(relaxedSimdBase64) as BufferSource);
  return relaxedSupported;
}

/**
 * The best build this runtime can run.
 *
 * @example Pin a backend to the build it would pick anyway
 * ```ts
 * import { defaultKernelBuild } from "./kernels.ts";
 * import { createWasmBackend } from "../wasm_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createWasmBackend({ build: defaultKernelBuild() });
 * const probs = backend.tensor([2]);
 * backend.softmaxForward(probs, backend.tensor([2], [0, 0]));
 * assert.deepEqual([...probs.data], [0.5, 0.5]);
 * ```
 */
export function defaultKernelBuild(): KernelBuild {
  return relaxedSimdSupported() ? "relaxed-simd" : "simd";
}

/**
 * Whether this runtime can create a WebAssembly memory shared with Workers:
 * Deno can; a browser page only when it is cross-origin isolated.
 *
 * @example Under Deno
 * ```ts
 * import { sharedMemorySupported } from "./kernels.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(sharedMemorySupported(), true);
 * ```
 */
export function sharedMemorySupported(): boolean {
  if (sharedSupported === undefined) {
    // A page that is not cross-origin isolated may construct one, but cannot
    // send it to a Worker; treat it as unsupported.
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
    try {
      sharedSupported = isolated !== false &&
        new WebAssembly.Memory({ initial: 0, maximum: 1, shared: true }).buffer instanceof
          SharedArrayBuffer;
    } catch {
      sharedSupported = false;
    }
  }
  return sharedSupported;
}

/**
 * Whether a memory is shared (its buffer is a SharedArrayBuffer).
 *
 * @example
 * ```ts
 * import { isSharedMemory } from "./kernels.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isSharedMemory(new WebAssembly.Memory({ initial: 1 })), false);
 * const shared = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
 * assert.equal(isSharedMemory(shared), true);
 * ```
 */
export function isSharedMemory(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer === "function" && memory.buffer instanceof SharedArrayBuffer;
}

const validated = new Map<KernelBuild, Uint8Array>();

function kernelBytes(build: KernelBuild): Uint8Array {
  let bytes = validated.get(build);
  if (!bytes) {
    bytes = decodeBase64(binaries[build]);
    if (!WebAssembly.validate(bytes as BufferSource)) {
      throw new Error(
        `This runtime cannot run the ${build} WebAssembly kernels; use the reference backend instead`,
      );
    }
    validated.set(build, bytes);
  }
  return bytes;
}

/**
 * The compiled kernels of a build, for a shared or an unshared memory
 * (compiled once, then cached). A Worker instantiates the same module on the
 * same memory with {@linkcode instantiateKernels}.
 *
 * @param build Which kernels.
 * @param shared Whether they will run on a shared memory.
 * @returns The module.
 *
 * @example Its only import is the memory
 * ```ts
 * import { kernelModule } from "./kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const module = kernelModule("simd", false);
 * assert.deepEqual(WebAssembly.Module.imports(module), [
 *   { module: "env", name: "memory", kind: "memory" },
 * ]);
 * ```
 */
export function kernelModule(build: KernelBuild, shared: boolean): WebAssembly.Module {
  const key = `${build}${shared ? " shared" : ""}`;
  let module = modules.get(key);
  if (!module) {
    const bytes = withSharedMemoryImport(kernelBytes(build), shared);
    module = new WebAssembly.Module(bytes);
    modules.set(key, module);
  }
  return module;
}

/**
 * A new memory for a build of the kernels: the pages their static data needs,
 * growable to {@linkcode MAXIMUM_PAGES}, shared if asked and supported.
 *
 * @param build Which kernels will run on it.
 * @param shared Whether to share it with Workers; ignored where the runtime cannot.
 * @returns The memory.
 *
 * @example
 * ```ts
 * import { createKernelMemory, isSharedMemory } from "./kernels.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isSharedMemory(createKernelMemory("simd", false)), false);
 * assert.equal(isSharedMemory(createKernelMemory("simd", true)), true);
 * ```
 */
export function createKernelMemory(build: KernelBuild, shared: boolean): WebAssembly.Memory {
  return new WebAssembly.Memory({
    initial: findMemoryImport(kernelBytes(build))?.minimum ?? 1,
    maximum: MAXIMUM_PAGES,
    shared: shared && sharedMemorySupported(),
  });
}

/**
 * A fresh instance of the kernels running on `memory`. Instantiating writes
 * the kernels' static data (constant tables, below `heapBase()`) into the
 * memory again; the kernels never write there, so another instance already
 * running on the memory is unaffected.
 *
 * @param memory The memory to run on; it must declare a maximum size.
 * @param kernels A build (by default the best this runtime runs), or a module from
 * {@linkcode kernelModule} (as a Worker receives it).
 * @returns The instance's exports.
 *
 * @example Run a kernel on raw pointers
 * ```ts
 * import { instantiateKernels } from "./kernels.ts";
 * import assert from "node:assert/strict";
 *
 * const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
 * const exports = instantiateKernels(memory, "simd");
 * const start = exports.heapBase();
 * const values = new Float32Array(memory.buffer, start, 3);
 * values.set([3, 0, 4]);
 * assert.equal(exports.sumSquares(start, 3), 25);
 * ```
 */
export function instantiateKernels(
  memory: WebAssembly.Memory,
  kernels: KernelBuild | WebAssembly.Module = defaultKernelBuild(),
): KernelExports {
  const module = kernels instanceof WebAssembly.Module
    ? kernels
    : kernelModule(kernels, isSharedMemory(memory));
  try {
    return new WebAssembly.Instance(module, { env: { memory } }).exports as KernelExports;
  } catch (error) {
    if (!(error instanceof WebAssembly.LinkError)) throw error;
    throw new TypeError(
      `The kernels cannot run on this WebAssembly.Memory (${error.message}): give it a maximum ` +
        `of at most ${MAXIMUM_PAGES} pages, as new WebAssembly.Memory({ initial, maximum }) or ` +
        "with shared: true, and pass a module compiled for shared memory exactly when it is shared",
      { cause: error },
    );
  }
}
