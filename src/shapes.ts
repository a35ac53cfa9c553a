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
  if (shape.length === 1) return [1, shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  throw new RangeError(
    `${kernel}: ${name} must have shape (rows, columns) or (columns), but has ${
      formatShape(shape)
    }`,
  );
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
 * Batch and hidden size of a cell kernel from its gate tensor, whose last
 * dimension is `gateCount` × H.
 */
export function cellDimensions(
  kernel: string,
  name: string,
  gates: Tensor,
  gateCount: number,
): [number, number] {
  const [batch, width] = rowsAndColumns(kernel, name, gates);
  if (width % gateCount !== 0 || width === 0) {
    throw new RangeError(
      `${kernel}: ${name} has shape ${
        formatShape(gates.shape)
      }; its last dimension must be ${gateCount} × hidden size`,
    );
  }
  return [batch, width / gateCount];
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
