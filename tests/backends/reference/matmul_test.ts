// The reference matrix kernels against hand-computed products and against
// each other through explicit transposes.
import { createReferenceBackend } from "../../../mod.ts";
import { assertClose } from "../../helpers/assert_close.ts";
import { randomValues } from "../../helpers/random.ts";

const backend = createReferenceBackend();
const exact = { atol: 0, rtol: 0 };

function transposed(values: ArrayLike<number>, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) out[c * rows + r] = values[r * columns + c];
  }
  return out;
}

Deno.test("reference matMulForward() and matVecForward() give the hand-computed product", () => {
  const A = backend.tensor([2, 3], [1, 2, 3, 4, 5, 6]);
  const B = backend.tensor([3, 2], [7, 8, 9, 10, 11, 12]);
  const C = backend.tensor([2, 2]);
  backend.matMulForward(C, A, B, backend.tensor([2], [1, -1]));
  assertClose([...C.data], [59, 63, 140, 153], exact, "A B + bias");
  const y = backend.tensor([2]);
  backend.matVecForward(y, A, backend.tensor([3], [1, 0, -1]), backend.tensor([2], [10, 20]));
  assertClose([...y.data], [8, 18], exact, "W x + b");
});

Deno.test("reference transposed products equal the plain product of explicit transposes", () => {
  const [M, K, N] = [5, 7, 3];
  const a = randomValues(1, M * K), b = randomValues(2, K * N);
  const expected = backend.tensor([M, N]);
  backend.matMulForward(expected, backend.tensor([M, K], a), backend.tensor([K, N], b));

  const accumulated = backend.tensor([M, N], expected.data);
  backend.matMulAccumulate(accumulated, backend.tensor([M, K], a), backend.tensor([K, N], b));
  assertClose(
    accumulated.data,
    expected.data.map((v) => 2 * v),
    { atol: 1e-15, rtol: 1e-14 },
    "C + A B",
  );

  const firstColumns = backend.tensor([M, 2]);
  backend.matMulAccumulateColumns(
    firstColumns,
    backend.tensor([M, K], a),
    backend.tensor([K, N], b),
  );
  for (let i = 0; i < M; i++) {
    assertClose(
      firstColumns.data.subarray(2 * i, 2 * i + 2),
      expected.data.subarray(N * i, N * i + 2),
      { atol: 1e-15, rtol: 1e-14 },
      `A B[:, :2] row ${i}`,
    );
  }

  const viaA = backend.tensor([M, N]);
  backend.matMulTransposedAAccumulate(
    viaA,
    backend.tensor([K, M], transposed(a, M, K)),
    backend.tensor([K, N], b),
  );
  assertClose(viaA.data, expected.data, { atol: 1e-15, rtol: 1e-14 }, "Aᵀ B");

  const viaB = backend.tensor([M, N]);
  backend.matMulTransposedBAccumulate(
    viaB,
    backend.tensor([M, K], a),
    backend.tensor([N, K], transposed(b, K, N)),
  );
  assertClose(viaB.data, expected.data, { atol: 1e-15, rtol: 1e-14 }, "A Bᵀ");

  // Row 0 of W += d xᵀ and y += Wᵀ d against the same explicit sums.
  const W = backend.tensor([M, K]);
  const d = backend.tensor([M], randomValues(3, M)), x = backend.tensor([K], randomValues(4, K));
  backend.outerAccumulate(W, d, x);
  assertClose(W.data.subarray(0, K), x.data.map((v) => v * d.data[0]), exact, "d xᵀ row 0");
  const yT = backend.tensor([K]);
  backend.matVecTransposedAccumulate(yT, W, d);
  const norm = [...d.data].reduce((sum, v) => sum + v * v, 0);
  assertClose(yT.data, x.data.map((v) => v * norm), { atol: 1e-15, rtol: 1e-14 }, "Wᵀ d = x ‖d‖²");
});
