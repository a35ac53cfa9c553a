// The default backend: f32 kernels in WebAssembly SIMD, tensors living in the
// instance's linear memory and exposed as zero-copy Float32Array views.
import type { Backend, Tensor } from "./backend.ts";
import { CheckedBackend, type Kernels, type Storage } from "./checked_backend.ts";
import { shapeSize } from "./shapes.ts";
import { Allocator } from "./wasm/allocator.ts";
import {
  defaultKernelBuild,
  instantiateKernels,
  type KernelBuild,
  type KernelExports,
} from "./wasm/kernels.ts";

class WasmTensor implements Tensor {
  readonly shape: readonly number[];
  readonly size: number;
  /** Byte offset of element 0 in linear memory. */
  readonly byteOffset: number;
  readonly owner: WasmStorage;
  /** The allocated tensor whose storage this one uses (itself unless a view). */
  readonly root: WasmTensor;
  freed = false;
  #view: Float32Array | null = null;
  #generation = -1;

  constructor(
    owner: WasmStorage,
    shape: readonly number[],
    size: number,
    byteOffset: number,
    root?: WasmTensor,
  ) {
    this.owner = owner;
    this.shape = Object.freeze([...shape]);
    this.size = size;
    this.byteOffset = byteOffset;
    this.root = root ?? this;
  }

  get data(): Float32Array {
    if (this.root.freed) {
      throw new TypeError(
        `This tensor (shape [${this.shape.join(", ")}]) was freed; its data is gone`,
      );
    }
    const allocator = this.owner.allocator;
    if (this.#generation !== allocator.generation || this.#view === null) {
      this.#view = new Float32Array(allocator.memory.buffer, this.byteOffset, this.size);
      this.#generation = allocator.generation;
    }
    return this.#view;
  }

  /** Frees the storage at the end of a `using` block. */
  [Symbol.dispose](): void {
    if (this.root === this && !this.freed) this.owner.free(this);
  }
}

class WasmStorage implements Storage {
  readonly allocator: Allocator;
  // Tensors dropped without free() still return their memory once collected.
  readonly #finalizer = new FinalizationRegistry<number>((start) => this.allocator.release(start));

  constructor(allocator: Allocator) {
    this.allocator = allocator;
  }

  tensor(shape: readonly number[]): Tensor {
    const size = shapeSize(shape);
    const start = this.allocator.allocate(size * 4);
    const tensor = new WasmTensor(this, shape, size, start);
    tensor.data.fill(0);
    this.#finalizer.register(tensor, start, tensor);
    return tensor;
  }

  view(source: Tensor, offset: number, shape: readonly number[]): Tensor {
    const parent = source as WasmTensor;
    return new WasmTensor(
      this,
      shape,
      shapeSize(shape),
      parent.byteOffset + offset * 4,
      parent.root,
    );
  }

  free(tensor: Tensor): void {
    const wasmTensor = tensor as WasmTensor;
    if (wasmTensor.root !== wasmTensor) return;
    wasmTensor.freed = true;
    this.#finalizer.unregister(wasmTensor);
    this.allocator.release(wasmTensor.byteOffset);
  }

  owns(tensor: Tensor): boolean {
    return tensor instanceof WasmTensor && tensor.owner === this && !tensor.root.freed;
  }
}

/** Options for {@linkcode createWasmBackend}. */
export interface WasmBackendOptions {
  /** Which compiled kernels to run; by default relaxed SIMD where the runtime supports it. */
  build?: KernelBuild;
}

const p = (tensor: Tensor): number => (tensor as WasmTensor).byteOffset;

function wasmKernels(exports: KernelExports, allocator: Allocator): Kernels {
  // Working space for integer targets and transposed matrices, grown on demand.
  let scratchStart = -1;
  let scratchBytes = 0;
  const scratch = (bytes: number): number => {
    if (bytes > scratchBytes) {
      if (scratchStart >= 0) allocator.release(scratchStart);
      scratchBytes = Math.max(bytes, scratchBytes * 2);
      scratchStart = allocator.allocate(scratchBytes);
    }
    return scratchStart;
  };
  const targetsPointer = (targets: ArrayLike<number>): number => {
    const start = scratch(targets.length * 4);
    new Int32Array(allocator.memory.buffer, start, targets.length).set(targets);
    return start;
  };
  return {
    matVecForward: (y, W, x, b, rows, columns) =>
      exports.matVecForward(p(y), p(W), p(x), b ? p(b) : 0, rows, columns),
    matVecTransposedAccumulate: (y, W, d, rows, columns) =>
      exports.matVecTransposedAccumulate(p(y), p(W), p(d), rows, columns),
    outerAccumulate: (W, d, x, rows, columns) =>
      exports.outerAccumulate(p(W), p(d), p(x), rows, columns),
    matMulForward: (C, A, B, bias, M, K, N) =>
      exports.matMulForward(p(C), p(A), p(B), bias ? p(bias) : 0, M, K, N),
    matMulAccumulate: (C, A, B, M, K, N) => exports.matMulAccumulate(p(C), p(A), p(B), M, K, N),
    matMulAccumulateColumns: (C, A, B, start, M, K, n, N) =>
      exports.matMulAccumulateColumns(p(C), p(A), p(B) + 4 * start, M, K, n, N),
    matMulTransposedAAccumulate: (C, A, B, M, K, N) =>
      exports.matMulTransposedAAccumulate(p(C), p(A), p(B), M, K, N),
    matMulTransposedBAccumulate: (C, A, B, M, K, N) =>
      exports.matMulTransposedBAccumulate(p(C), p(A), p(B), scratch(K * N * 4), M, K, N),
    tanhForward: (y, x, n) => exports.tanhForward(p(y), p(x), n),
    tanhBackward: (dx, y, dy, n) => exports.tanhBackward(p(dx), p(y), p(dy), n),
    sigmoidForward: (y, x, n) => exports.sigmoidForward(p(y), p(x), n),
    sigmoidBackward: (dx, y, dy, n) => exports.sigmoidBackward(p(dx), p(y), p(dy), n),
    softmaxForward: (probs, logits, rows, columns) =>
      exports.softmaxForward(p(probs), p(logits), rows, columns),
    logSoftmaxForward: (out, logits, rows, columns) =>
      exports.logSoftmaxForward(p(out), p(logits), rows, columns),
    crossEntropyForward: (probs, logits, targets, rows, columns) =>
      exports.crossEntropyForward(p(probs), p(logits), targetsPointer(targets), rows, columns),
    crossEntropyBackward: (dLogits, probs, targets, rows, columns, scale) =>
      exports.crossEntropyBackward(
        p(dLogits),
        p(probs),
        targetsPointer(targets),
        rows,
        columns,
        scale,
      ),
    lstmCellForward: (h, c, tanhC, gates, preact, cPrev, batch, hidden) =>
      exports.lstmCellForward(p(h), p(c), p(tanhC), p(gates), p(preact), p(cPrev), batch, hidden),
    lstmCellBackward: (dPreact, dcPrev, dh, dc, gates, tanhC, cPrev, batch, hidden) =>
      exports.lstmCellBackward(
        p(dPreact),
        p(dcPrev),
        p(dh),
        p(dc),
        p(gates),
        p(tanhC),
        p(cPrev),
        batch,
        hidden,
      ),
    gruCellForward: (h, gates, gi, gh, hPrev, batch, hidden) =>
      exports.gruCellForward(p(h), p(gates), p(gi), p(gh), p(hPrev), batch, hidden),
    gruCellBackward: (dgi, dgh, dhPrev, dh, gates, gh, hPrev, batch, hidden) =>
      exports.gruCellBackward(
        p(dgi),
        p(dgh),
        p(dhPrev),
        p(dh),
        p(gates),
        p(gh),
        p(hPrev),
        batch,
        hidden,
      ),
    rnnSequenceForward: (h, V, steps, batch, hidden) =>
      exports.rnnSequenceForward(p(h), p(V), scratch(hidden * hidden * 4), steps, batch, hidden),
    rnnSequenceBackward: (dPreact, dh, h, V, steps, batch, hidden) =>
      exports.rnnSequenceBackward(p(dPreact), p(dh), p(h), p(V), steps, batch, hidden),
    lstmSequenceForward: (h, c, tanhC, gates, z, W, c0, steps, batch, hidden, width, peephole) => {
      // One scratch block holds a zero initial state (B·H) and, for large
      // batches, Wᵀ (Z·4H) after it.
      const zeros = scratch((batch * hidden + width * 4 * hidden) * 4);
      new Float32Array(allocator.memory.buffer, zeros, batch * hidden).fill(0);
      exports.lstmSequenceForward(
        p(h),
        p(c),
        p(tanhC),
        p(gates),
        p(z),
        p(W),
        c0 ? p(c0) : zeros,
        zeros + batch * hidden * 4,
        steps,
        batch,
        hidden,
        width,
        peephole ? p(peephole) : 0,
      );
    },
    lstmSequenceBackward: (
      dPreact,
      dc,
      dh,
      gates,
      tanhC,
      c,
      W,
      c0,
      dh0,
      steps,
      batch,
      hidden,
      width,
      peephole,
      dPeephole,
    ) => {
      const zeros = scratch(batch * hidden * 4);
      new Float32Array(allocator.memory.buffer, zeros, batch * hidden).fill(0);
      exports.lstmSequenceBackward(
        p(dPreact),
        p(dc),
        p(dh),
        p(gates),
        p(tanhC),
        p(c),
        p(W),
        c0 ? p(c0) : zeros,
        dh0 ? p(dh0) : 0,
        steps,
        batch,
        hidden,
        width,
        peephole ? p(peephole) : 0,
        dPeephole ? p(dPeephole) : 0,
      );
    },
    sumSquares: (x, n) => exports.sumSquares(p(x), n),
    scale: (x, n, s) => exports.scaleInPlace(p(x), n, s),
    sgdStep: (param, grad, velocity, n, lr, momentum, weightDecay, gradScale, zeroGrad) =>
      exports.sgdStep(
        p(param),
        p(grad),
        velocity ? p(velocity) : 0,
        n,
        lr,
        momentum,
        weightDecay,
        gradScale,
        zeroGrad,
      ),
    adamStep: (
      param,
      grad,
      m,
      v,
      n,
      lr,
      beta1,
      beta2,
      eps,
      weightDecay,
      bc1,
      bc2Sqrt,
      gradScale,
      zeroGrad,
    ) =>
      exports.adamStep(
        p(param),
        p(grad),
        p(m),
        p(v),
        n,
        lr,
        beta1,
        beta2,
        eps,
        weightDecay,
        bc1,
        bc2Sqrt,
        gradScale,
        zeroGrad,
      ),
  };
}

/**
 * Creates a backend running the AssemblyScript kernels as WebAssembly SIMD,
 * with its own linear memory. Tensors are Float32Array views into it.
 *
 * @param options Which kernel build to run.
 * @returns A new WebAssembly backend.
 *
 * @example Softmax of a row of logits
 * ```ts
 * import { createWasmBackend } from "./wasm_backend.ts";
 * import assert from "node:assert/strict";
 *
 * const backend = createWasmBackend();
 * const logits = backend.tensor([3], [1, 2, 3]);
 * const probs = backend.tensor([3]);
 * backend.softmaxForward(probs, logits);
 * assert.ok(Math.abs(probs.data[2] - 0.6652409) < 1e-6);
 * ```
 */
export function createWasmBackend(options: WasmBackendOptions = {}): Backend {
  const build = options.build ?? defaultKernelBuild();
  const exports = instantiateKernels(build);
  const allocator = new Allocator(exports.memory, exports.heapBase());
  return new CheckedBackend(
    "wasm",
    `wasm (${build})`,
    new WasmStorage(allocator),
    wasmKernels(exports, allocator),
  );
}
