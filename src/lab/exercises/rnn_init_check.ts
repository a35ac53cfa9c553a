// Exercise B's checks: initOrthogonal against the library's orthogonalMatrix
// on the same seeded draws (tall, wide and square), and initRnn's shapes, draw
// order and zero biases.
import { NumpyRandom } from "../../data/numpy_random.ts";
import { orthogonalMatrix } from "../../init/orthogonal.ts";
import type { CheckContext } from "./context.ts";
import {
  call,
  exported,
  firstMismatch,
  identify,
  isNumbers,
  sameValues,
  shapeText,
  type Suspect,
} from "./diagnosis.ts";
import type { Diagnosis, Grading } from "./verdict.ts";

type Randn = () => number;
type InitOrthogonal = (rows: number, cols: number, randn: Randn) => ArrayLike<number>;

const TOL = { atol: 1e-9, rtol: 1e-9 };

// A generator that replays given draws (to predict what other reading orders give).
function replay(values: ArrayLike<number>) {
  let i = 0;
  return { standardNormal: () => values[i++] };
}

// Largest deviation of QᵀQ (tall) or QQᵀ (wide) from the identity, and where.
function orthonormality(q: ArrayLike<number>, rows: number, cols: number) {
  const wide = rows < cols;
  const [n, m] = wide ? [rows, cols] : [cols, rows];
  // vectors: the columns of a tall matrix, the rows of a wide one
  const entry = (vector: number, i: number) => wide ? q[vector * cols + i] : q[i * cols + vector];
  let worst = { error: 0, a: 0, b: 0, dot: 1 };
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += entry(a, i) * entry(b, i);
      const error = Math.abs(dot - (a === b ? 1 : 0));
      if (!(error <= worst.error)) worst = { error, a, b, dot };
    }
  }
  return { ...worst, kind: wide ? "rows" : "columns" };
}

/** The checks of exercise B. */
export function checkRnnInit(ctx: CheckContext, g: Grading): void {
  const initOrthogonal = exported<InitOrthogonal>(g, ctx.module, ctx.file, "initOrthogonal");
  const initRnn = exported<(h: number, k: number, randn: Randn) => Record<string, unknown>>(
    g,
    ctx.module,
    ctx.file,
    "initRnn",
  );
  for (const [rows, cols, seed] of [[5, 3, 1], [3, 5, 2], [4, 4, 3]]) {
    const check = `initOrthogonal(${rows}, ${cols}, randn) with np.random.seed(${seed})`;
    const random = new NumpyRandom(seed);
    let draws = 0;
    const got: unknown = call(g, check, "initOrthogonal", () =>
      initOrthogonal(rows, cols, () => {
        draws++;
        return random.standardNormal();
      }));
    if (!isNumbers(got, rows * cols)) {
      g.fail({
        check,
        message: `expected ${rows * cols} numbers (${rows}×${cols}, row-major), got ${
          isNumbers(got) ? got.length : typeof got
        }`,
      });
    }
    if (draws !== rows * cols) {
      g.fail({
        check,
        message: `it drew ${draws} normal numbers; randn(${rows}, ${cols}) draws ${rows * cols}`,
        diagnosis: {
          key: "draw-count",
          title: "the number of draws differs from randn(R, C)'s",
          explanation:
            "Every later matrix continues the same stream, so drawing more or fewer numbers shifts all of them. Draw exactly R·C numbers, once.",
        },
      });
    }
    const expected = orthogonalMatrix(rows, cols, new NumpyRandom(seed));
    const wrong = firstMismatch("Q", expected, got, [rows, cols], TOL);
    if (!wrong) continue;
    const rawDraws = new NumpyRandom(seed).randn(rows * cols);
    const columnMajor = Float64Array.from({ length: rows * cols }, (_, i) => {
      const r = Math.floor(i / cols), c = i % cols;
      return rawDraws[c * rows + r];
    });
    const shape = orthonormality(got, rows, cols);
    const suspects: Suspect[] = [
      {
        test: () => sameValues(got, rawDraws, TOL),
        diagnosis: {
          key: "no-qr",
          title: "these are the normal draws themselves",
          explanation:
            "The QR step is missing: orthonormalise the columns of A (of Aᵀ for a wide matrix), e.g. by Gram–Schmidt, and return Q.",
        },
      },
      {
        test: () => shape.error > 1e-8,
        diagnosis: {
          key: "not-orthonormal",
          title: `Q's ${shape.kind} are not orthonormal: ${
            shape.kind.slice(0, -1)
          }s ${shape.a} and ${shape.b} have dot product ${shape.dot.toPrecision(6)} (must be ${
            shape.a === shape.b ? 1 : 0
          })`,
          explanation:
            `A tall matrix gets orthonormal columns (QᵀQ = I); a wide one (R < C) cannot, so the lab factors Aᵀ and transposes Q back, which gives orthonormal rows. Gram–Schmidt: subtract from each column its projections on the earlier ones, then divide it by its norm.`,
        },
      },
      {
        test: () => sameValues(got, orthogonalMatrix(rows, cols, replay(columnMajor)), TOL),
        diagnosis: {
          key: "column-major-draws",
          title: "the draws fill the matrix column by column",
          explanation:
            "np.random.randn(R, C) fills row by row: draw k is entry (⌊k / C⌋, k mod C), stored at index k of the row-major array.",
        },
      },
      {
        test: () => sameValues(Array.from(got, Math.abs), Array.from(expected, Math.abs), TOL),
        diagnosis: {
          key: "signs-not-fixed",
          title: "right up to the signs of some columns: sign(diag R) is not applied",
          explanation:
            "QR is unique only up to the signs of Q's columns; the lab multiplies column j by sign(R_jj), which makes R's diagonal positive — what Gram–Schmidt gives by construction.",
        },
      },
    ];
    g.fail({
      check,
      message: "Q differs from the lab's init_orthogonal",
      mismatch: wrong,
      diagnosis: identify(suspects),
    });
  }
  g.pass(
    "initOrthogonal equals NumPy's QR-based init_orthogonal for tall (5×3), wide (3×5) and square (4×4) matrices",
  );

  const [H, K, seed] = [5, 4, 7];
  const check = `initRnn(${H}, ${K}, randn) with np.random.seed(${seed})`;
  const random = new NumpyRandom(seed);
  const params = call(g, check, "initRnn", () => initRnn(H, K, () => random.standardNormal()));
  const shapes: Record<string, [number, number]> = { U: [H, K], V: [H, H], W: [K, H] };
  const stream = new NumpyRandom(seed);
  const expected: Record<string, Float64Array> = {};
  for (const [name, [rows, cols]] of Object.entries(shapes)) {
    expected[name] = orthogonalMatrix(rows, cols, stream);
  }
  for (
    const [name, size] of [["U", H * K], ["V", H * H], ["W", K * H], ["bHidden", H], [
      "bOut",
      K,
    ]] as const
  ) {
    if (!isNumbers(params?.[name], size)) {
      g.fail({
        check,
        message: `the result needs \`${name}\` with ${size} numbers${
          name in shapes ? ` ${shapeText(shapes[name])}` : ""
        }`,
      });
    }
  }
  const got = params as Record<string, ArrayLike<number>>;
  for (const name of ["bHidden", "bOut"]) {
    if (Array.from(got[name]).some((v) => v !== 0)) {
      g.fail({ check, message: `${name} must start at zero, as the lab's biases do` });
    }
  }
  for (const name of ["U", "V", "W"]) {
    const wrong = firstMismatch(name, expected[name], got[name], shapes[name], TOL);
    if (!wrong) continue;
    const orders = [["U", "W", "V"], ["V", "U", "W"], ["V", "W", "U"], ["W", "U", "V"], [
      "W",
      "V",
      "U",
    ]];
    const suspects: Suspect[] = orders.map((order) => ({
      test: () => {
        const replayed = new NumpyRandom(seed);
        const drawn: Record<string, Float64Array> = {};
        for (const matrix of order) drawn[matrix] = orthogonalMatrix(...shapes[matrix], replayed);
        return ["U", "V", "W"].every((m) => sameValues(got[m], drawn[m], TOL));
      },
      diagnosis: {
        key: "draw-order",
        title: `the matrices are drawn in the order ${order.join(", ")}`,
        explanation:
          "All three come from one random stream, so the order decides which numbers each gets. The lab's init_rnn draws U, then V, then W.",
      } satisfies Diagnosis,
    }));
    suspects.push({
      test: () => sameValues(got.U, orthogonalMatrix(K, H, new NumpyRandom(seed)), TOL),
      diagnosis: {
        key: "u-transposed",
        title: `U is made as a (${K}, ${H}) matrix`,
        explanation:
          `U maps the one-hot x (K = ${K}) to the hidden layer (H = ${H}): U x has H entries, so U is (H, K) — ${H} rows of ${K}.`,
      },
    });
    g.fail({
      check,
      message: `${name} differs from the lab's init_rnn`,
      mismatch: wrong,
      diagnosis: identify(suspects),
    });
  }
  g.pass("initRnn draws U (H×K), V (H×H), W (K×H) in the lab's order from one stream; biases zero");
}
