// The fixtures written by tests/fixtures/make_numpy_fixtures.py with real
// NumPy (version recorded inside), typed loosely for the tests.
import fixtures from "../fixtures/numpy_fixtures.json" with { type: "json" };

export const numpyFixtures = fixtures;

/** The relative tolerance for Float64 TypeScript maths against NumPy. */
export const NUMPY_TOLERANCE = { atol: 1e-12, rtol: 1e-9 };
