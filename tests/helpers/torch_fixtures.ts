// The fixtures written by tests/fixtures/make_torch_fixtures.py with real
// PyTorch 1.13 in float64 (version recorded inside).
import fixtures from "../fixtures/torch_fixtures.json" with { type: "json" };

export const torchFixtures = fixtures;

/** A recorded tensor. */
export interface FixtureTensor {
  shape: number[];
  values: number[];
}

/** Tolerances of the issue: Float64 reference ≤ 1e-6 relative (we see ~1e-12), wasm f32 ≤ 1e-4. */
export const TORCH_REFERENCE = { atol: 1e-10, rtol: 1e-6 };
export const TORCH_WASM = { atol: 1e-5, rtol: 1e-4 };
