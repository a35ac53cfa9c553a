// The pure-TypeScript Float64 backend: the oracle every wasm kernel is tested
// against, and a fallback that runs anywhere.
import type { Backend, Tensor } from "../core/backend.ts";
import { createCheckedBackend, type RawKernels, type Storage } from "./checked_backend.ts";
import type { RawKernel } from "./kernel_table.ts";
import { shapeSize } from "../core/shapes.ts";
import * as matvec from "./reference/matvec.ts";
import * as matmul from "./reference/matmul.ts";
import * as activations from "./reference/activations.ts";
import * as softmax from "./reference/softmax.ts";
import * as lstm from "./reference/lstm_cell.ts";
import * as gru from "./reference/gru_cell.ts";
import * as lstmSequence from "./reference/lstm_sequence.ts";
import * as rnnSequence from "./reference/rnn_sequence.ts";
import * as optim from "./reference/optim.ts";
import * as oneHot from "./reference/one_hot.ts";

class ReferenceTensor implements Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  readonly data: Float64Array;
  readonly owner: ReferenceStorage;

  constructor(owner: ReferenceStorage, shape: readonly number[], data: Float64Array) {
    this.owner = owner;
    this.shape = Object.freeze([...shape]);
    this.size = data.length;
    this.data = data;
  }
}

class ReferenceStorage implements Storage {
  tensor(shape: readonly number[]): Tensor {
    return new ReferenceTensor(this, shape, new Float64Array(shapeSize(shape)));
  }

  view(source: Tensor, offset: number, shape: readonly number[]): Tensor {
    const data = (source as ReferenceTensor).data.subarray(offset, offset + shapeSize(shape));
    return new ReferenceTensor(this, shape, data);
  }

  free(_tensor: Tensor): void {
    // Garbage collection reclaims Float64Arrays.
  }

  owns(tensor: Tensor): boolean {
    return tensor instanceof ReferenceTensor && tensor.owner === this;
  }
}

/**
 * Every reference twin by name (with the helpers their modules export); a
 * kernel in a new file in src/backends/reference/ adds its module here.
 *
 * @example The twin of the wasm kernel `scaleInPlace`
 * ```ts
 * import { REFERENCE_TWINS } from "./reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const x = new Float64Array([1, 2]);
 * (REFERENCE_TWINS.scaleInPlace as (x: Float64Array, n: number, s: number) => void)(x, 2, 3);
 * assert.deepEqual([...x], [3, 6]);
 * ```
 */
export const REFERENCE_TWINS: Readonly<Record<string, unknown>> = {
  ...matvec,
  ...matmul,
  ...activations,
  ...softmax,
  ...lstm,
  ...gru,
  ...lstmSequence,
  ...rnnSequence,
  ...optim,
  ...oneHot,
};

function referenceKernels(storage: ReferenceStorage): RawKernels {
  return {
    kernel: (name) =>
      typeof REFERENCE_TWINS[name] === "function" ? REFERENCE_TWINS[name] as RawKernel : undefined,
    argument: (tensor) =>
      tensor instanceof ReferenceTensor && tensor.owner === storage ? tensor.data : undefined,
    absent: null,
    int32: (values) => values,
    // Float64 loops need no working space.
    scratch: () => null,
  };
}

/**
 * Creates a pure-TypeScript backend computing in Float64: slow, simple, and
 * the oracle that every WebAssembly kernel is checked against.
 *
 * @returns A new reference backend.
 *
 * @example Multiply a matrix by a vector
 * ```ts
 * import { createReferenceBackend } from "./reference_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createReferenceBackend();
 * const W = backend.tensor([2, 3], [1, 2, 3, 4, 5, 6]);
 * const x = backend.tensor([3], [1, 0, -1]);
 * const y = backend.tensor([2]);
 * backend.matVecForward(y, W, x);
 * assert.deepEqual([...y.data], [-2, -2]);
 * ```
 */
export function createReferenceBackend(): Backend {
  const storage = new ReferenceStorage();
  return createCheckedBackend(
    "reference",
    "reference (float64)",
    storage,
    referenceKernels(storage),
  );
}
