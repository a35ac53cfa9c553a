// The lab's orthogonal initialisation, continuing seed 42's stream after the
// dataset draws, against NumPy's QR (LAPACK) with the sign fix.
import assert from "node:assert/strict";
import { generateAnBn } from "../../src/lab/data/anbn.ts";
import { NumpyRandom } from "../../src/data/numpy_random.ts";
import { orthogonalMatrix } from "../../src/init/orthogonal.ts";
import { assertClose } from "../helpers/assert_close.ts";
import { NUMPY_TOLERANCE, numpyFixtures } from "../helpers/numpy_fixtures.ts";

Deno.test("orthogonal U, V, W from seed 42 match NumPy's to 1e-9", () => {
  const random = new NumpyRandom(42);
  generateAnBn(random);
  const { U, V, W } = numpyFixtures.rnn_init;
  assertClose(orthogonalMatrix(50, 4, random), U, NUMPY_TOLERANCE, "U (50, 4)");
  assertClose(orthogonalMatrix(50, 50, random), V, NUMPY_TOLERANCE, "V (50, 50)");
  assertClose(orthogonalMatrix(4, 50, random), W, NUMPY_TOLERANCE, "W (4, 50), wide");
});

Deno.test("orthogonalMatrix() has orthonormal columns (tall) or rows (wide)", () => {
  for (const [rows, cols] of [[7, 3], [3, 7], [5, 5]]) {
    const q = orthogonalMatrix(rows, cols, new NumpyRandom(rows * 10 + cols));
    const tall = rows >= cols;
    const count = tall ? cols : rows;
    for (let a = 0; a < count; a++) {
      for (let b = 0; b < count; b++) {
        let dot = 0;
        for (let k = 0; k < (tall ? rows : cols); k++) {
          dot += tall ? q[k * cols + a] * q[k * cols + b] : q[a * cols + k] * q[b * cols + k];
        }
        assert.ok(Math.abs(dot - (a === b ? 1 : 0)) < 1e-12, `(${a}, ${b}) gives ${dot}`);
      }
    }
  }
});
