// A NumPy-compatible random number generator: MT19937 seeded as
// `np.random.seed(seed)`, with NumPy's legacy `randint`, `random_sample` and
// `randn` (the polar method with its cached second value), so a seed here
// draws exactly the numbers NumPy's global RandomState would.

const N = 624;
const M = 397;

/** A {@linkcode NumpyRandom}'s whole state, JSON-serialisable. */
export interface NumpyRandomState {
  key: number[];
  position: number;
  /** The second normal of the last polar draw, when one is waiting. */
  gauss: number | null;
}

/**
 * MT19937 with NumPy's legacy distributions. One object carries all of a
 * run's randomness: pass it around rather than calling `Math.random`.
 *
 * @example The lab's first sequence length
 * ```ts
 * import { NumpyRandom } from "./numpy_random.ts";
 * import assert from "node:assert/strict";
 *
 * const random = new NumpyRandom(42);
 * assert.equal(random.randint(1, 12), 7); // np.random.seed(42); np.random.randint(1, 12)
 * ```
 */
export class NumpyRandom {
  readonly #key = new Uint32Array(N);
  #position = N;
  #gauss = 0;
  #hasGauss = false;

  /** Seeds like `np.random.seed(seed)` for an integer seed in [0, 2³²). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Seed must be an integer between 0 and 2^32 - 1, got ${seed}`);
    }
    this.#key[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const previous = this.#key[i - 1] ^ (this.#key[i - 1] >>> 30);
      this.#key[i] = (Math.imul(1812433253, previous) + i) >>> 0;
    }
  }

  /**
   * Everything the generator's future draws depend on, as plain JSON (NumPy's
   * `get_state()`: the key, the position, the cached normal).
   *
   * @example A restored generator draws what the original would have
   * ```ts
   * import { NumpyRandom } from "./numpy_random.ts";
   * import assert from "node:assert/strict";
   *
   * const random = new NumpyRandom(7);
   * random.standardNormal(); // leaves a cached second normal
   * const copy = new NumpyRandom(0);
   * copy.restore(JSON.parse(JSON.stringify(random.state())));
   * assert.deepEqual([copy.standardNormal(), copy.randint(0, 9)], [random.standardNormal(), random.randint(0, 9)]);
   * ```
   */
  state(): NumpyRandomState {
    return {
      key: [...this.#key],
      position: this.#position,
      gauss: this.#hasGauss ? this.#gauss : null,
    };
  }

  /** Continues from a {@linkcode NumpyRandom.state}; throws a RangeError on a malformed one. */
  restore(state: NumpyRandomState): void {
    const { key, position, gauss } = state ?? {};
    if (
      !Array.isArray(key) || key.length !== N ||
      !key.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffffffff) ||
      !Number.isInteger(position) || position < 0 || position > N ||
      !(gauss === null || typeof gauss === "number")
    ) {
      throw new RangeError(
        `Not a NumpyRandom state: expected ${N} 32-bit words, a position in 0..${N} and a cached normal or null`,
      );
    }
    this.#key.set(key);
    this.#position = position;
    this.#hasGauss = gauss !== null;
    this.#gauss = gauss ?? 0;
  }

  /** The next raw 32-bit output of MT19937. */
  nextUint32(): number {
    if (this.#position >= N) this.#twist();
    let y = this.#key[this.#position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  #twist(): void {
    const key = this.#key;
    for (let i = 0; i < N; i++) {
      const y = (key[i] & 0x80000000) | (key[(i + 1) % N] & 0x7fffffff);
      key[i] = key[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.#position = 0;
  }

  /** A double in [0, 1) from 53 random bits, as `np.random.random_sample()`. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * An integer in [low, high), as `np.random.randint(low, high)`: NumPy's
   * legacy masked rejection sampling (draws & mask until within range).
   */
  randint(low: number, high: number): number {
    if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
      throw new RangeError(`randint needs integers low < high, got [${low}, ${high})`);
    }
    const range = high - low - 1;
    if (range > 0xffffffff) throw new RangeError(`randint range ${range + 1} exceeds 2^32`);
    if (range === 0) return low;
    let mask = range;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0; while (value > range);
    return low + value;
  }

  /** A standard normal draw, as `np.random.randn()` (legacy polar method). */
  standardNormal(): number {
    if (this.#hasGauss) {
      this.#hasGauss = false;
      return this.#gauss;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.randomSample() - 1;
      x2 = 2 * this.randomSample() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt(-2 * Math.log(r2) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  /** `count` standard normal draws in order, as the flat `np.random.randn(...shape)`. */
  randn(count: number): Float64Array {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = this.standardNormal();
    return values;
  }

  /** A uniformly shuffled copy of `items` (Fisher–Yates, drawing with {@linkcode NumpyRandom.randint}). */
  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.randint(0, i + 1);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}
