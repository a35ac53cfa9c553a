// A tiny seeded generator for test inputs (mulberry32), so every failing
// case is reproducible from its seed.

/** Returns a generator of uniform numbers in [0, 1). */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` values uniform in [low, high), rounded to f32 so that the f32 and
 * f64 backends start from exactly the same numbers.
 */
export function randomValues(seed: number, count: number, low = -1, high = 1): Float32Array {
  const next = seededUniform(seed);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = low + (high - low) * next();
  return values;
}
