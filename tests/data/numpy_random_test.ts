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

Deno.test("NumpyRandom.restore() continues exactly, across a twist and a cached normal", () => {
  const random = new NumpyRandom(42);
  for (let i = 0; i < 1000; i++) random.nextUint32(); // past the first twist
  random.standardNormal(); // leaves the polar method's second value cached
  const copy = new NumpyRandom(1);
  copy.restore(JSON.parse(JSON.stringify(random.state())));
  const draws = (r: NumpyRandom) =>
    Array.from({ length: 700 }, (_, i) => i % 3 ? r.standardNormal() : r.randint(0, 1000));
  assert.deepEqual(draws(copy), draws(random));
});

Deno.test("NumpyRandom.restore() refuses a state that is not one", () => {
  const random = new NumpyRandom(0);
  const good = random.state();
  for (
    const bad of [
      { ...good, key: good.key.slice(1) },
      { ...good, position: 625 },
      { ...good, key: good.key.map(() => -1) },
      { ...good, gauss: "x" },
    ]
  ) assert.throws(() => random.restore(bad as never), /Not a NumpyRandom state/);
});
