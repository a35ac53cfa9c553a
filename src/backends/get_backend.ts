// Picking a backend by name, as the tasks' --backend flag does.
import type { Backend, BackendName } from "../core/backend.ts";
import { createReferenceBackend } from "./reference_backend.ts";
import { createWasmBackend } from "./wasm_backend.ts";

const shared = new Map<string, Backend>();

/**
 * The backend names {@linkcode getBackend} accepts.
 *
 * @example Offer every backend behind a --backend flag
 * ```ts
 * import { BACKEND_NAMES, getBackend } from "./get_backend.ts";
 * import assert from "node:assert/strict";
 *
 * for (const name of BACKEND_NAMES) assert.equal(getBackend(name).name, name);
 * assert.throws(() => getBackend("gpu"), /expected one of wasm, reference/);
 * ```
 */
export const BACKEND_NAMES: readonly BackendName[] = ["wasm", "reference"];

/**
 * Returns the process-wide backend of that name, creating it on first use.
 * `"wasm"` (the default) runs the f32 SIMD kernels, on as many threads as
 * there are cores unless `threads` says otherwise; `"reference"` is the
 * Float64 TypeScript oracle. Work that cannot be split — one sequence at a
 * time, or a Worker among others that take every core — asks for one thread:
 * that backend keeps its tensors in an unshared memory, where the kernels run
 * a few per cent faster.
 *
 * @param name `"wasm"` or `"reference"`.
 * @param threads For wasm: the threads (see `createWasmBackend`); one backend per count.
 * @returns The shared backend.
 *
 * @example Pick the backend from a flag
 * ```ts
 * import { getBackend } from "./get_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = getBackend("reference");
 * assert.equal(backend.name, "reference");
 * assert.equal(getBackend("wasm", 1), getBackend("wasm", 1));
 * assert.notEqual(getBackend("wasm", 1), getBackend("wasm", 2));
 * ```
 */
export function getBackend(name: BackendName | string = "wasm", threads?: number): Backend {
  if (name !== "wasm" && name !== "reference") {
    throw new RangeError(
      `Unknown backend '${name}': expected one of ${BACKEND_NAMES.join(", ")}`,
    );
  }
  const key = name === "wasm" ? `wasm ${threads ?? "default"}` : name;
  let backend = shared.get(key);
  if (!backend) {
    backend = name === "wasm" ? createWasmBackend({ threads }) : createReferenceBackend();
    shared.set(key, backend);
  }
  return backend;
}

/**
 * The wasm threads for training with `batchSize` rows at a time: 1 for one
 * sequence at a time (its products are too small to split, and one thread
 * runs on an unshared memory), else undefined, the default of one per core.
 *
 * @param batchSize Sequences per update.
 * @returns The `threads` argument for {@linkcode getBackend}.
 *
 * @example
 * ```ts
 * import { getBackend, threadsForBatch } from "./get_backend.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(threadsForBatch(1), 1);
 * assert.equal(threadsForBatch(32), undefined);
 * assert.equal(getBackend("wasm", threadsForBatch(1)).description.includes("threads"), false);
 * ```
 */
export function threadsForBatch(batchSize: number): number | undefined {
  return batchSize > 1 ? undefined : 1;
}
