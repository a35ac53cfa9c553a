// Parameters carved out of one block of values and one of gradients, so that
// the training loop's per-update work (the gradient norm, the optimizer step)
// is one kernel call over the whole model instead of one per tensor.
import type { Backend } from "./backend.ts";
import type { Parameter } from "./parameter.ts";
import { shapeSize } from "./shapes.ts";

/** One parameter to allocate: its name and shape. */
export interface ParameterSpec {
  name: string;
  shape: readonly number[];
}

/**
 * Allocates `specs` as views of one value tensor and one gradient tensor, each
 * parameter starting on a 4-element (16-byte) boundary; the padding between
 * them stays zero in both blocks, so it is inert under SGD, Adam and norms.
 *
 * @returns The block (`storage`, to optimize and free) and the named views, in order.
 *
 * @example
 * ```ts
 * import { parameterBlock } from "./parameter_block.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const { storage, parameters } = parameterBlock(createReferenceBackend(), [
 *   { name: "W", shape: [2, 3] },
 *   { name: "b", shape: [2] },
 * ]);
 * assert.equal(storage.value.size, 8 + 4);
 * assert.deepEqual(parameters.map((p) => p.name), ["W", "b"]);
 * ```
 */
export function parameterBlock(
  backend: Backend,
  specs: readonly ParameterSpec[],
): { storage: Parameter; parameters: Parameter[] } {
  const offsets: number[] = [];
  let size = 0;
  for (const spec of specs) {
    offsets.push(size);
    size += Math.ceil(shapeSize(spec.shape) / 4) * 4;
  }
  const storage: Parameter = {
    name: "parameters",
    value: backend.tensor([size]),
    grad: backend.tensor([size]),
  };
  const parameters = specs.map((spec, i) => ({
    name: spec.name,
    value: backend.view(storage.value, offsets[i], spec.shape),
    grad: backend.view(storage.grad, offsets[i], spec.shape),
  }));
  return { storage, parameters };
}
