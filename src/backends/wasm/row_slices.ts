// How each kernel that threads splits: by rows of its output, or by rows of
// the batch for the sequence kernels (every batch row's recurrence is its
// own, so a slice runs all T steps with no barrier inside the loop). A slice
// is the same raw kernel on pointers moved to its first row, with its row
// count, and — where the rows of a step or the columns of A are no longer
// contiguous — the stride of the whole (the kernels' trailing `stride` and
// `aStride`). Each output element is summed in the same order whatever the
// slice, as long as the slice takes the same path through the kernel: the
// matrix-vector path of C += A Bᵀ and of a small batch's time loop below 16
// rows sums differently, so those kernels slice only in ≥ 16 rows.
// Arguments are in the raw kernels' order (kernels/*.ts; the kernel table).

/** How one kernel's raw call is cut into slices of rows. */
export interface RowSlicing {
  /** The rows there are to split (M, or the batch B). */
  rows(args: readonly number[]): number;
  /** The fewest rows a slice may have and still sum as the whole call does. */
  readonly minRows: number;
  /** Floating-point operations of the whole call, to decide whether threads pay. */
  work(args: readonly number[]): number;
  /** Where the working-space pointer is, so that each thread gets its own (none: no scratch). */
  readonly scratchIndex?: number;
  /**
   * Where the trailing argument is that only a slice passes (the whole's
   * stride, after the working space; the kernel table's call leaves it 0).
   */
  readonly strideIndex?: number;
  /** Whether this call may not be split at all (beyond its size). */
  unsplittable?(args: readonly number[]): boolean;
  /** The arguments for rows [first, first + count). */
  slice(args: readonly number[], first: number, count: number): number[];
}

// Moves the pointers at `indices` by `first` rows of `rowBytes` each.
function moved(
  args: readonly number[],
  first: number,
  pointers: readonly (readonly [index: number, rowBytes: number])[],
): number[] {
  const result = [...args];
  for (const [index, rowBytes] of pointers) {
    if (result[index] !== 0) result[index] += first * rowBytes;
  }
  return result;
}

// A product C (M × N) of A (M × K) and something whole, split by rows of C and A;
// the arguments' indices of M, K, N and the working space.
function productRows(
  m: number,
  k: number,
  n: number,
  scratch: number,
  minRows: number,
): RowSlicing {
  return {
    rows: (a) => a[m],
    minRows,
    work: (a) => 2 * a[m] * a[k] * a[n],
    scratchIndex: scratch,
    slice(a, first, count) {
      const s = moved(a, first, [[0, 4 * a[n]], [1, 4 * a[k]]]);
      s[m] = count;
      return s;
    },
  };
}

/** The kernels that threads split, by raw name. */
export const ROW_SLICINGS: Readonly<Record<string, RowSlicing>> = {
  // (y, W, d, R, C, rowStride): y += Wᵀ d split by columns of W, the rows of y.
  // Each column sums in its own lane from y's value, rows in order; the last
  // C mod 4 columns (summed apart) stay together in the last slice.
  matVecTransposedAccumulate: {
    rows: (a) => a[4],
    minRows: 4,
    work: (a) => 2 * a[3] * a[4],
    strideIndex: 5,
    slice(a, first, count) {
      const s = moved(a, first, [[0, 4], [1, 4]]);
      s[5] = a[5] > 0 ? a[5] : a[4];
      s[4] = count;
      return s;
    },
  },
  // (C, A, B, bias, M, K, N, scratch)
  matMulForward: productRows(4, 5, 6, 7, 1),
  // (C, A, B, M, K, N, scratch)
  matMulAccumulate: productRows(3, 4, 5, 6, 1),
  // (C, A, B, start, M, K, n, N, scratch): C has the n columns.
  matMulAccumulateColumns: productRows(4, 5, 6, 8, 1),
  // (C, A, B, M, K, N, scratch, aStride): rows of C are columns of A (K × M).
  matMulTransposedAAccumulate: {
    rows: (a) => a[3],
    minRows: 1,
    work: (a) => 2 * a[3] * a[4] * a[5],
    scratchIndex: 6,
    strideIndex: 7,
    slice(a, first, count) {
      const s = moved(a, first, [[0, 4 * a[5]], [1, 4]]);
      s[7] = a[7] > 0 ? a[7] : a[3];
      s[3] = count;
      return s;
    },
  },
  // (C, A, B, M, K, N, scratch)
  matMulTransposedBAccumulate: productRows(3, 4, 5, 6, 16),
  // (h, c, tanhC, gates, z, W, c0, T, B, H, Z, peephole, scratch, stride)
  lstmSequenceForward: {
    rows: (a) => a[8],
    minRows: 16,
    work: (a) => 8 * a[7] * a[8] * a[9] * a[10],
    scratchIndex: 12,
    strideIndex: 13,
    slice(a, first, count) {
      const H = 4 * a[9];
      const s = moved(a, first, [[0, H], [1, H], [2, H], [3, 4 * H], [4, 4 * a[10]], [6, H]]);
      s[13] = a[13] > 0 ? a[13] : a[8];
      s[8] = count;
      return s;
    },
  },
  // (dPreact, dc, dh, gates, tanhC, c, W, c0, dh0, T, B, H, Z, peephole, dPeephole, scratch, stride)
  lstmSequenceBackward: {
    rows: (a) => a[10],
    minRows: 16,
    work: (a) => 8 * a[9] * a[10] * a[11] * a[11],
    scratchIndex: 15,
    strideIndex: 16,
    // The peepholes' gradient is a sum over every row of the batch.
    unsplittable: (a) => a[13] !== 0,
    slice(a, first, count) {
      const H = 4 * a[11];
      const s = moved(a, first, [
        [0, 4 * H],
        [1, H],
        [2, H],
        [3, 4 * H],
        [4, H],
        [5, H],
        [7, H],
        [8, H],
      ]);
      s[16] = a[16] > 0 ? a[16] : a[10];
      s[10] = count;
      return s;
    },
  },
  // (h, V, T, B, H, scratch, stride)
  rnnSequenceForward: {
    rows: (a) => a[3],
    minRows: 16,
    work: (a) => 2 * a[2] * a[3] * a[4] * a[4],
    scratchIndex: 5,
    strideIndex: 6,
    slice(a, first, count) {
      const s = moved(a, first, [[0, 4 * a[4]]]);
      s[6] = a[6] > 0 ? a[6] : a[3];
      s[3] = count;
      return s;
    },
  },
  // (dPreact, dh, h, V, T, B, H, scratch, stride)
  rnnSequenceBackward: {
    rows: (a) => a[5],
    minRows: 16,
    work: (a) => 2 * a[4] * a[5] * a[6] * a[6],
    scratchIndex: 7,
    strideIndex: 8,
    slice(a, first, count) {
      const H = 4 * a[6];
      const s = moved(a, first, [[0, H], [1, H], [2, H]]);
      s[8] = a[8] > 0 ? a[8] : a[5];
      s[5] = count;
      return s;
    },
  },
};

/**
 * Cuts `total` rows into at most `threads` slices of at least `minRows` each,
 * every slice starting on a multiple of 4 rows: the direct path of a product
 * with fewer than 4 columns sums a row by where it falls in a block of 4, so
 * a slice must keep every row's place in its block. Slices are as even as
 * that allows; fewer are made where `threads` would leave one too small.
 *
 * @param total Rows to split.
 * @param threads The most slices wanted.
 * @param minRows The fewest rows a slice may have.
 * @returns [first row, row count] per slice; a single slice when no split is allowed.
 *
 * @example
 * ```ts
 * import { splitRows } from "./row_slices.ts";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(splitRows(2048, 2, 1), [[0, 1024], [1024, 1024]]);
 * assert.deepEqual(splitRows(53, 3, 16), [[0, 16], [16, 16], [32, 21]]);
 * assert.deepEqual(splitRows(31, 2, 16), [[0, 31]]);
 * ```
 */
export function splitRows(total: number, threads: number, minRows: number): [number, number][] {
  const blocks = Math.floor(total / 4);
  for (let count = Math.min(threads, blocks); count >= 2; count--) {
    const slices: [number, number][] = [];
    for (let i = 0; i < count; i++) {
      const first = 4 * Math.floor(blocks * i / count);
      const next = i === count - 1 ? total : 4 * Math.floor(blocks * (i + 1) / count);
      slices.push([first, next - first]);
    }
    if (slices.every(([, rows]) => rows >= minRows)) return slices;
  }
  return [[0, total]];
}
