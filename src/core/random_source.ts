// What initialisation, dropout and sampling draw from. `NumpyRandom` is the
// implementation; layers depend only on these shapes, so any seeded generator works.

/** Draws uniform numbers in [0, 1), like `NumpyRandom.randomSample`. */
export interface UniformSource {
  randomSample(): number;
}

/** Draws standard normals in order, like `np.random.randn`. */
export interface NormalSource {
  standardNormal(): number;
}

/** Draws uniform and standard-normal numbers, as `NumpyRandom` does. */
export interface RandomSource extends UniformSource, NormalSource {}
