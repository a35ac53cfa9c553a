// Shape checks shared by both backends. Every message names the kernel, the
// tensors involved and their shapes, so a mismatch is fixed without a debugger.
import type { Tensor } from "./backend.ts";

/**
 * Formats a shape as `[200, 54]`.
 *
 * @example Shapes in error messages
 * ```ts
 * import { formatShape } from "./shapes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatShape([200, 54]), "[200, 54]");
 * assert.equal(formatShape([]), "[]");
 * ```
 */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * The number of elements in a shape; throws on negative or fractional sizes.
 *
 * @example A scalar holds one element; a bad dimension is refused
 * ```ts
 * import { shapeSize } from "./shapes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(shapeSize([2, 3, 4]), 24);
 * assert.equal(shapeSize([]), 1);
 * assert.throws(() => shapeSize([2, 1.5]), /Invalid shape \[2, 1.5\]/);
 * ```
 */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const dimension of shape) {
    if (!Number.isInteger(dimension) || dimension < 0) {
      throw new RangeError(
        `Invalid shape ${formatShape(shape)}: dimensions must be non-negative integers`,
      );
    }
    size *= dimension;
  }
  return size;
}

/** The (rows, columns) of a matrix argument; a 2-D shape is required. */
export function matrixDimensions(kernel: string, name: string, tensor: Tensor): [number, number] {
  if (tensor.shape.length !== 2) {
    throw new RangeError(
      `${kernel}: ${name} must be a matrix, but has shape ${formatShape(tensor.shape)}`,
    );
  }
  return [tensor.shape[0], tensor.shape[1]];
}

/**
 * Requires `tensor` to hold `expected` elements, explaining the requirement
 * through the other argument it must agree with.
 */
export function expectSize(
  kernel: string,
  name: string,
  tensor: Tensor,
  expected: number,
  otherName: string,
  other: Tensor,
): void {
  if (tensor.size !== expected) {
    throw new RangeError(
      `${kernel}: ${name} has shape ${formatShape(tensor.shape)} but ${otherName} has shape ${
        formatShape(other.shape)
      }; ${name} must hold ${expected} elements`,
    );
  }
}

/** Rows and columns of a row-wise argument: (R, C), or (C) as a single row. */
export function rowsAndColumns(kernel: string, name: string, tensor: Tensor): [number, number] {
  const { shape } = tensor;
  if (shape.length !== 1 && shape.length !== 2) {
    throw new RangeError(
      `${kernel}: ${name} must have shape (rows, columns) or (columns), but has ${
        formatShape(shape)
      }`,
    );
  }
  // One array built in one place: the optimizer then keeps the pair in
  // registers instead of allocating it (cell kernels call this every time step).
  const rows = shape.length === 1 ? 1 : shape[0];
  return [rows, shape[shape.length - 1]];
}

/** Requires two tensors to hold the same number of elements. */
export function expectSameSize(
  kernel: string,
  name: string,
  tensor: Tensor,
  otherName: string,
  other: Tensor,
): void {
  expectSize(kernel, name, tensor, other.size, otherName, other);
}

/**
 * The hidden size H of a cell kernel from its gate tensor, (B, gateCount·H) or
 * (gateCount·H); B is then `gates.size / (gateCount * H)`. A number rather
 * than a pair: cell kernels run every time step, and a pair that the optimizer
 * does not inline away would be garbage on every call.
 *
 * @example An LSTM's gates for a batch of 2 and H = 5
 * ```ts
 * import { cellHiddenSize } from "./shapes.ts";
 * import assert from "node:assert/strict";
 *
 * const gates = { shape: [2, 20], size: 40, data: new Float64Array(40) };
 * assert.equal(cellHiddenSize("lstmCellForward", "preact", gates, 4), 5);
 * assert.throws(
 *   () => cellHiddenSize("gruCellForward", "gi", gates, 3),
 *   /gi has shape \[2, 20\]; its last dimension must be 3 × hidden size/,
 * );
 * ```
 */
export function cellHiddenSize(
  kernel: string,
  name: string,
  gates: Tensor,
  gateCount: number,
): number {
  const { shape } = gates;
  if (shape.length !== 1 && shape.length !== 2) {
    throw new RangeError(
      `${kernel}: ${name} must have shape (rows, columns) or (columns), but has ${
        formatShape(shape)
      }`,
    );
  }
  const width = shape[shape.length - 1];
  if (width % gateCount !== 0 || width === 0) {
    throw new RangeError(
      `${kernel}: ${name} has shape ${
        formatShape(gates.shape)
      }; its last dimension must be ${gateCount} × hidden size`,
    );
  }
  return width / gateCount;
}

/** Requires `targets` to hold one class index (or a negative padding mark) per row. */
export function checkTargets(
  kernel: string,
  targets: ArrayLike<number>,
  rows: number,
  columns: number,
  logits: Tensor,
): void {
  if (targets.length !== rows) {
    throw new RangeError(
      `${kernel}: logits have shape ${
        formatShape(logits.shape)
      } but ${targets.length} targets were given; one per row is needed`,
    );
  }
  for (let r = 0; r < rows; r++) {
    const target = targets[r];
    if (!Number.isInteger(target) || target >= columns) {
      throw new RangeError(
        `${kernel}: target ${target} at row ${r} is not a class index below ${columns} (use a negative value for padding)`,
      );
    }
  }
}

/**
 * Checks token ids against the rows they fill and the table they index: one
 * id per row of `rows` (R, `width`), each an integer below `vocabulary`, or
 * negative for padding. Throws a `RangeError` naming `kernel` otherwise.
 *
 * @example Three ids for a (3, 2) tensor, indexing a vocabulary of 5
 * ```ts
 * import { checkTokenIds } from "./shapes.ts";
 * import assert from "node:assert/strict";
 *
 * const rows = { shape: [3, 2], size: 6, data: new Float64Array(6) };
 * checkTokenIds("gather", [0, 4, -1], rows, 2, 5);
 * assert.throws(() => checkTokenIds("gather", [0, 5, 1], rows, 2, 5), /id 5 at row 1/);
 * assert.throws(() => checkTokenIds("gather", [0, -(2 ** 32), 1], rows, 2, 5), /at row 1/);
 * ```
 */
export function checkTokenIds(
  kernel: string,
  ids: ArrayLike<number>,
  rows: Tensor,
  width: number,
  vocabulary: number,
): void {
  if (rows.shape.length !== 2 || rows.shape[0] !== ids.length || rows.shape[1] !== width) {
    throw new RangeError(
      `${kernel}: ${ids.length} ids need a [${ids.length}, ${width}] tensor, got ${
        formatShape(rows.shape)
      }`,
    );
  }
  for (let r = 0; r < ids.length; r++) {
    // Below −2³¹ an id would wrap around as the kernels' Int32 into a real one.
    if (!Number.isInteger(ids[r]) || ids[r] >= vocabulary || ids[r] < -(2 ** 31)) {
      throw new RangeError(
        `${kernel}: id ${
          ids[r]
        } at row ${r} is not an integer below ${vocabulary} (or a negative one for padding)`,
      );
    }
  }
}

/**
 * The error of a matrix product whose inner sizes disagree: `nameB` must have
 * `inner` rows (or columns, for a transposed B) to match `nameA`.
 *
 * @example A (2, 3) times a (4, 5) cannot be formed
 * ```ts
 * import { innerMismatch } from "./shapes.ts";
 * import assert from "node:assert/strict";
 *
 * const A = { shape: [2, 3], size: 6, data: new Float64Array(6) };
 * const B = { shape: [4, 5], size: 20, data: new Float64Array(20) };
 * const error = innerMismatch("matMulForward", "A", A, "B", B, 3, "rows");
 * assert.equal(
 *   error.message,
 *   "matMulForward: A has shape [2, 3] but B has shape [4, 5]; B must have 3 rows",
 * );
 * ```
 */
export function innerMismatch(
  kernel: string,
  nameA: string,
  A: Tensor,
  nameB: string,
  B: Tensor,
  inner: number,
  what: "rows" | "columns",
): RangeError {
  return new RangeError(
    `${kernel}: ${nameA} has shape ${formatShape(A.shape)} but ${nameB} has shape ${
      formatShape(B.shape)
    }; ${nameB} must have ${inner} ${what}`,
  );
}

/**
 * Requires the result `C` of a product of `A` and `B` to be a (rows, columns) matrix.
 *
 * @example The product of a (2, 3) and a (3, 4) is (2, 4)
 * ```ts
 * import { expectProduct } from "./shapes.ts";
 * import assert from "node:assert/strict";
 *
 * const t = (...shape: number[]) => {
 *   const size = shape.reduce((a, b) => a * b, 1);
 *   return { shape, size, data: new Float64Array(size) };
 * };
 * expectProduct("matMulAccumulate", "C", t(2, 4), 2, 4, t(2, 3), t(3, 4));
 * assert.throws(
 *   () => expectProduct("matMulAccumulate", "C", t(2, 5), 2, 4, t(2, 3), t(3, 4)),
 *   /C has shape \[2, 5\] but A \[2, 3\] and B \[3, 4\] give \[2, 4\]/,
 * );
 * ```
 */
export function expectProduct(
  kernel: string,
  name: string,
  C: Tensor,
  rows: number,
  columns: number,
  A: Tensor,
  B: Tensor,
): void {
  const [r, c] = matrixDimensions(kernel, name, C);
  if (r !== rows || c !== columns) {
    throw new RangeError(
      `${kernel}: ${name} has shape ${formatShape(C.shape)} but A ${formatShape(A.shape)} and B ${
        formatShape(B.shape)
      } give [${rows}, ${columns}]`,
    );
  }
}

/**
 * The number of time steps T in `rows` = T·B rows of a sequence tensor; the
 * batch B must be a positive integer dividing them.
 *
 * @example 6 rows are 3 steps of batch 2, and no whole steps of batch 4
 * ```ts
 * import { sequenceSteps } from "./shapes.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(sequenceSteps("rnnSequenceForward", 2, 6, "h"), 3);
 * assert.throws(
 *   () => sequenceSteps("rnnSequenceForward", 4, 6, "h"),
 *   /batch 4 does not divide the 6 rows of h/,
 * );
 * ```
 */
export function sequenceSteps(kernel: string, batch: number, rows: number, name: string): number {
  if (!Number.isInteger(batch) || batch < 1 || rows % batch !== 0) {
    throw new RangeError(`${kernel}: batch ${batch} does not divide the ${rows} rows of ${name}`);
  }
  return rows / batch;
}
