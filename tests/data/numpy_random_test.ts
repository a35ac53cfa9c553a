// NumpyRandom draws what NumPy 1.24's legacy RandomState draws, for several
// seeds: raw MT19937 words, random_sample, randint and randn (whose polar
// method caches every second value, hence the odd counts in the fixture).
import assert from "node:assert/strict";
import { NumpyRandom } from "../../src/data/numpy_random.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { NUMPY_TOLERANCE, numpyFixtures } from "../helpers/numpy_fixtures.ts";

for (const [seed, expected] of Object.entries(numpyFixtures.mt19937)) {
  Deno.test(`NumpyRandom(${seed}) reproduces NumPy's legacy draws`, () => {
    const fresh = () => new NumpyRandom(Number(seed));
    let random = fresh();
    assert.deepEqual(expected.raw32.map(() => random.nextUint32()), expected.raw32);
    random = fresh();
    assertClose(expected.random_sample.map(() => random.randomSample()), expected.random_sample, {
      atol: 0,
      rtol: 0,
    }, "random_sample");
    random = fresh();
    assert.deepEqual(expected.randint_1_12.map(() => random.randint(1, 12)), expected.randint_1_12);
    random = fresh();
    assert.deepEqual(
      expected.randint_0_1000.map(() => random.randint(0, 1000)),
      expected.randint_0_1000,
    );
    random = fresh();
    assertClose(
      expected.randn.map(() => random.standardNormal()),
      expected.randn,
      NUMPY_TOLERANCE,
      "randn",
    );
    assertClose(fresh().randn(15), expected.randn_3x5, NUMPY_TOLERANCE, "randn(3, 5)");
  });
}

Deno.test("NumpyRandom refuses seeds NumPy refuses", () => {
  assert.throws(() => new NumpyRandom(-1), RangeError);
  assert.throws(() => new NumpyRandom(2 ** 32), RangeError);
  assert.throws(() => new NumpyRandom(1.5), RangeError);
  assert.throws(() => new NumpyRandom(42).randint(3, 3), RangeError);
});
