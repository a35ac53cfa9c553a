// Where an nn module's weights come from at construction: the generator its
// options name, or else a fresh one with a fixed seed. Construction never
// draws from a generator the caller did not hand over, so a run that calls
// initialize(random) afterwards sees that generator untouched.
import { NumpyRandom } from "../data/numpy_random.ts";
import type { UniformSource } from "../core/random_source.ts";

/**
 * The seed of the generator an nn module draws its initial weights from when
 * its options give none: two modules built alike start alike.
 */
export const DEFAULT_INIT_SEED = 0;

/**
 * `random`, or a new `NumpyRandom(DEFAULT_INIT_SEED)` when it is absent.
 *
 * @example Without a generator, construction starts from the documented seed
 * ```ts
 * import { DEFAULT_INIT_SEED, initSource } from "./init_source.ts";
 * import { NumpyRandom } from "../data/numpy_random.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(initSource().randomSample(), new NumpyRandom(DEFAULT_INIT_SEED).randomSample());
 * const mine = new NumpyRandom(7);
 * assert.equal(initSource(mine), mine);
 * ```
 */
export function initSource(random?: UniformSource): UniformSource {
  return random ?? new NumpyRandom(DEFAULT_INIT_SEED);
}
