// Reference matrix-vector kernels, the oracle for kernels/matvec.ts.
// R = rows, C = columns; W row-major.
import type { FloatArray } from "../../core/backend.ts";

// y = W x + b
// y: (R), W: (R, C), x: (C), b: (R) or null
export function matVecForward(
  y: FloatArray,
  W: FloatArray,
  x: FloatArray,
  b: FloatArray | null,
  rows: number,
  columns: number,
): void {
  for (let r = 0; r < rows; r++) {
    let sum = b ? b[r] : 0;
    const row = r * columns;
    for (let c = 0; c < columns; c++) sum += W[row + c] * x[c];
    y[r] = sum;
  }
}

// y += Wᵀ d
// y: (C), W: (R, C), d: (R)
export function matVecTransposedAccumulate(
  y: FloatArray,
  W: FloatArray,
  d: FloatArray,
  rows: number,
  columns: number,
): void {
  for (let r = 0; r < rows; r++) {
    const s = d[r];
    const row = r * columns;
    for (let c = 0; c < columns; c++) y[c] += W[row + c] * s;
  }
}

// W += d xᵀ
// W: (R, C), d: (R), x: (C)
export function outerAccumulate(
  W: FloatArray,
  d: FloatArray,
  x: FloatArray,
  rows: number,
  columns: number,
): void {
  for (let r = 0; r < rows; r++) {
    const s = d[r];
    const row = r * columns;
    for (let c = 0; c < columns; c++) W[row + c] += s * x[c];
  }
}
