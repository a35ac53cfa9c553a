// One implementation of the Backend interface's contract over a backend's
// storage and raw kernels: the kernel methods come from src/backends/kernel_table.ts,
// written once for both backends; the rest (allocation, copies, clipping) is
// here. A backend supplies storage and argument conversion; it never
// re-implements a check.
import type { Backend, BackendName, Tensor } from "../core/backend.ts";
import { KERNEL_NAMES, KERNEL_TABLE, type RawArguments, type RawKernel } from "./kernel_table.ts";
import { expectSameSize, formatShape, shapeSize } from "../core/shapes.ts";
import { clipCoefficient } from "../core/clip.ts";

/** Allocation and ownership, the part of a backend that differs by memory model. */
export interface Storage {
  tensor(shape: readonly number[]): Tensor;
  view(source: Tensor, offset: number, shape: readonly number[]): Tensor;
  free(tensor: Tensor): void;
  owns(tensor: Tensor): boolean;
}

/** What a backend gives {@linkcode createCheckedBackend} besides its storage. */
export interface RawKernels {
  /** The raw kernel of that name: a WebAssembly export, or a reference twin; undefined if missing. */
  kernel(name: string): RawKernel | undefined;
  /** A tensor argument as the raw kernels take it, or undefined if it is not a live tensor of this backend. */
  argument(tensor: Tensor): unknown;
  /** What the raw kernels take for an absent optional tensor (0 or null). */
  readonly absent: unknown;
  /** As {@linkcode RawArguments.int32}. */
  int32(values: ArrayLike<number>): unknown;
  /** As {@linkcode RawArguments.scratch}. */
  scratch(bytes: number): unknown;
}

// The converters one kernel's method uses; the TypeError names the kernel and the argument.
function rawArguments(
  kernel: string,
  description: string,
  raw: RawKernels,
): RawArguments {
  const { absent } = raw;
  return {
    t(tensor, name) {
      if (tensor === undefined || tensor === null) return absent;
      const value = raw.argument(tensor);
      if (value === undefined) {
        throw new TypeError(
          `${kernel}: ${name} (shape ${
            formatShape(tensor.shape ?? [])
          }) is not a live tensor of the ${description} backend; create it with this backend's tensor()`,
        );
      }
      return value;
    },
    int32: (values) => raw.int32(values),
    scratch: (bytes) => raw.scratch(bytes),
  };
}

/**
 * The {@linkcode Backend} contract over a {@linkcode Storage} and {@linkcode RawKernels}:
 * every kernel method of {@linkcode KERNEL_TABLE}, bound to this backend's raw kernels.
 *
 * @param name The backend's name.
 * @param description What runs underneath, for messages.
 * @param storage Allocation and ownership.
 * @param raw The raw kernels and how to hand them arguments.
 * @returns The backend.
 *
 * @example A Float64 backend in a few lines: storage, and the reference twins
 * ```ts
 * import { createCheckedBackend } from "./checked_backend.ts";
 * import type { RawKernel } from "./kernel_table.ts";
 * import { REFERENCE_TWINS } from "./reference_backend.ts";
 * import type { Tensor } from "../core/backend.ts";
 * import assert from "node:assert/strict";
 *
 * const owned = new WeakSet<Tensor>();
 * const storage = {
 *   tensor(shape: readonly number[]): Tensor {
 *     const size = shape.reduce((a, b) => a * b, 1);
 *     const tensor = { shape, size, data: new Float64Array(size) };
 *     owned.add(tensor);
 *     return tensor;
 *   },
 *   view(): Tensor {
 *     throw new Error("no views here");
 *   },
 *   free() {},
 *   owns: (tensor: Tensor) => owned.has(tensor),
 * };
 * const backend = createCheckedBackend("reference", "example", storage, {
 *   kernel: (name) => REFERENCE_TWINS[name] as RawKernel | undefined,
 *   argument: (tensor) => owned.has(tensor) ? tensor.data : undefined,
 *   absent: null,
 *   int32: (values) => values,
 *   scratch: () => null,
 * });
 * const y = backend.tensor([2]);
 * backend.sigmoidForward(y, backend.tensor([2], [0, 0]));
 * assert.deepEqual([...y.data], [0.5, 0.5]);
 * assert.throws(
 *   () => backend.sigmoidForward(y, backend.tensor([3])),
 *   /sigmoidForward: y has shape \[2\] but x has shape \[3\]/,
 * );
 * ```
 */
export function createCheckedBackend(
  name: BackendName,
  description: string,
  storage: Storage,
  raw: RawKernels,
  dispose: () => void = () => {},
): Backend {
  const own = (kernel: string, label: string, tensor: Tensor): void => {
    if (!storage.owns(tensor)) {
      throw new TypeError(
        `${kernel}: ${label} (shape ${
          formatShape(tensor.shape ?? [])
        }) is not a live tensor of the ${description} backend; create it with this backend's tensor()`,
      );
    }
  };
  const backend: Record<string, unknown> = {
    name,
    description,

    tensor(shape: readonly number[], values?: ArrayLike<number>): Tensor {
      const size = shapeSize(shape);
      if (values !== undefined && values.length !== size) {
        throw new RangeError(
          `tensor: shape ${
            formatShape(shape)
          } holds ${size} elements but ${values.length} values were given`,
        );
      }
      const tensor = storage.tensor(shape);
      if (values !== undefined) tensor.data.set(values);
      return tensor;
    },

    view(source: Tensor, offset: number, shape: readonly number[]): Tensor {
      own("view", "source", source);
      const size = shapeSize(shape);
      if (!Number.isInteger(offset) || offset < 0 || offset + size > source.size) {
        throw new RangeError(
          `view: ${size} elements from offset ${offset} do not fit in a tensor of shape ${
            formatShape(source.shape)
          }`,
        );
      }
      return storage.view(source, offset, shape);
    },

    free(tensor: Tensor): void {
      own("free", "tensor", tensor);
      storage.free(tensor);
    },

    zero(tensor: Tensor): void {
      own("zero", "tensor", tensor);
      tensor.data.fill(0);
    },

    copy(target: Tensor, source: Tensor): void {
      own("copy", "target", target);
      own("copy", "source", source);
      expectSameSize("copy", "source", source, "target", target);
      target.data.set(source.data);
    },

    dispose,
    [Symbol.dispose]: dispose,

    clipGradNorm(grads: readonly Tensor[], maxNorm: number): number {
      if (!(maxNorm > 0)) {
        throw new RangeError(`clipGradNorm: maxNorm must be a positive number, got ${maxNorm}`);
      }
      const self = backend as unknown as Backend;
      let total = 0;
      for (const grad of grads) total += self.sumSquares(grad);
      const norm = Math.sqrt(total);
      const coefficient = clipCoefficient(norm, maxNorm);
      if (coefficient !== 1) {
        for (const grad of grads) self.scale(grad, coefficient);
      }
      return norm;
    },
  };
  for (const kernel of KERNEL_NAMES) {
    const entry = KERNEL_TABLE[kernel];
    const rawName = entry.raw ?? kernel;
    const run = raw.kernel(rawName);
    if (!run) {
      throw new Error(
        `The ${description} backend has no raw kernel '${rawName}' for ${kernel}(); ` +
          "rebuild the kernels with `deno task build:kernels`",
      );
    }
    // Each entry's bind is typed for its own key; the loop sees their union.
    const bind = entry.bind as (run: RawKernel, args: RawArguments, kernel: string) => unknown;
    backend[kernel] = bind(run, rawArguments(kernel, description, raw), kernel);
  }
  return backend as unknown as Backend;
}
