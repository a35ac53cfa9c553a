// State dicts as PyTorch's `state_dict()` / `load_state_dict()`: parameter
// name → shape and values, copied out of and back into a module.
import type { Parameter } from "../core/parameter.ts";

/** One entry of a {@linkcode StateDict}. */
export interface StateEntry {
  shape: number[];
  values: Float64Array;
}

/** Parameter name → shape and values. */
export type StateDict = Record<string, StateEntry>;

/**
 * Copies the parameters' values out, under their names.
 *
 * @example
 * ```ts
 * import { loadStateDict, stateDict } from "./state_dict.ts";
 * import { Linear } from "./linear.ts";
 * import { createReferenceBackend } from "../backends/reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const a = new Linear(backend, { inFeatures: 2, outFeatures: 1 });
 * a.weight.value.data.set([3, 4]);
 * const b = new Linear(backend, { inFeatures: 2, outFeatures: 1 });
 * loadStateDict(b.parameters(), stateDict(a.parameters()));
 * assert.deepEqual([...b.weight.value.data], [3, 4]);
 * ```
 */
export function stateDict(parameters: readonly Parameter[]): StateDict {
  const dict: StateDict = {};
  for (const parameter of parameters) {
    dict[parameter.name] = {
      shape: [...parameter.value.shape],
      values: Float64Array.from(parameter.value.data),
    };
  }
  return dict;
}

/**
 * Copies values into the parameters by name. With `strict` (the default, as
 * PyTorch's), a missing or unexpected name or a different shape is a RangeError
 * listing every problem; nothing is copied then.
 */
export function loadStateDict(
  parameters: readonly Parameter[],
  dict: StateDict,
  strict = true,
): void {
  const problems: string[] = [];
  const names = new Set(parameters.map((parameter) => parameter.name));
  for (const parameter of parameters) {
    const entry = dict[parameter.name];
    if (!entry) {
      if (strict) problems.push(`missing '${parameter.name}'`);
    } else if (
      entry.shape.join(",") !== parameter.value.shape.join(",") ||
      entry.values.length !== parameter.value.size
    ) {
      problems.push(
        `'${parameter.name}' is [${entry.shape.join(", ")}], expected [${
          parameter.value.shape.join(", ")
        }]`,
      );
    }
  }
  if (strict) {
    for (const name of Object.keys(dict)) {
      if (!names.has(name)) problems.push(`unexpected '${name}'`);
    }
  }
  if (problems.length) throw new RangeError(`loadStateDict: ${problems.join("; ")}`);
  for (const parameter of parameters) {
    const entry = dict[parameter.name];
    if (entry) parameter.value.data.set(entry.values);
  }
}
