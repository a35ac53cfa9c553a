// Picking a backend by name, as the tasks' --backend flag does.
import type { Backend, BackendName } from "../core/backend.ts";
import { createReferenceBackend } from "./reference_backend.ts";
import { createWasmBackend } from "./wasm_backend.ts";

const shared = new Map<BackendName, Backend>();

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
 * `"wasm"` (the default) runs the f32 SIMD kernels; `"reference"` is the
 * Float64 TypeScript oracle.
 *
 * @param name `"wasm"` or `"reference"`.
 * @returns The shared backend.
 *
 * @example Pick the backend from a flag
 * ```ts
 * import { getBackend } from "./get_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = getBackend("reference");
 * assert.equal(backend.name, "reference");
 * ```
 */
export function getBackend(name: BackendName | string = "wasm"): Backend {
  if (name !== "wasm" && name !== "reference") {
    throw new RangeError(
      `Unknown backend '${name}': expected one of ${BACKEND_NAMES.join(", ")}`,
    );
  }
  let backend = shared.get(name);
  if (!backend) {
    backend = name === "wasm" ? createWasmBackend() : createReferenceBackend();
    shared.set(name, backend);
  }
  return backend;
}
