// The pure-TypeScript Float64 backend: the oracle every wasm kernel is tested
// against, and a fallback that runs anywhere.
import type { Backend, FloatArray, Tensor } from "./backend.ts";
import { CheckedBackend, type Kernels, type Storage } from "./checked_backend.ts";
import { shapeSize } from "./shapes.ts";
import * as matvec from "./reference/matvec.ts";
import * as matmul from "./reference/matmul.ts";
import * as activations from "./reference/activations.ts";
import * as softmax from "./reference/softmax.ts";
import * as lstm from "./reference/lstm_cell.ts";
import * as gru from "./reference/gru_cell.ts";
import * as lstmSequence from "./reference/lstm_sequence.ts";
import * as rnnSequence from "./reference/rnn_sequence.ts";
import * as optim from "./reference/optim.ts";

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

const d = (tensor: Tensor): FloatArray => tensor.data;

const referenceKernels: Kernels = {
  matVecForward: (y, W, x, b, rows, columns) =>
    matvec.matVecForward(d(y), d(W), d(x), b && d(b), rows, columns),
  matVecTransposedAccumulate: (y, W, dv, rows, columns) =>
    matvec.matVecTransposedAccumulate(d(y), d(W), d(dv), rows, columns),
  outerAccumulate: (W, dv, x, rows, columns) =>
    matvec.outerAccumulate(d(W), d(dv), d(x), rows, columns),
  matMulForward: (C, A, B, bias, M, K, N) =>
    matmul.matMulForward(d(C), d(A), d(B), bias && d(bias), M, K, N),
  matMulAccumulate: (C, A, B, M, K, N) => matmul.matMulAccumulate(d(C), d(A), d(B), M, K, N),
  matMulAccumulateColumns: (C, A, B, start, M, K, n, N) =>
    matmul.matMulAccumulateColumns(d(C), d(A), d(B), start, M, K, n, N),
  matMulTransposedAAccumulate: (C, A, B, M, K, N) =>
    matmul.matMulTransposedAAccumulate(d(C), d(A), d(B), M, K, N),
  matMulTransposedBAccumulate: (C, A, B, M, K, N) =>
    matmul.matMulTransposedBAccumulate(d(C), d(A), d(B), M, K, N),
  tanhForward: (y, x, n) => activations.tanhForward(d(y), d(x), n),
  tanhBackward: (dx, y, dy, n) => activations.tanhBackward(d(dx), d(y), d(dy), n),
  sigmoidForward: (y, x, n) => activations.sigmoidForward(d(y), d(x), n),
  sigmoidBackward: (dx, y, dy, n) => activations.sigmoidBackward(d(dx), d(y), d(dy), n),
  softmaxForward: (probs, logits, rows, columns) =>
    softmax.softmaxForward(d(probs), d(logits), rows, columns),
  logSoftmaxForward: (out, logits, rows, columns) =>
    softmax.logSoftmaxForward(d(out), d(logits), rows, columns),
  crossEntropyForward: (probs, logits, targets, rows, columns) =>
    softmax.crossEntropyForward(d(probs), d(logits), targets, rows, columns),
  crossEntropyBackward: (dLogits, probs, targets, rows, columns, scale) =>
    softmax.crossEntropyBackward(d(dLogits), d(probs), targets, rows, columns, scale),
  lstmCellForward: (h, c, tanhC, gates, preact, cPrev, batch, hidden) =>
    lstm.lstmCellForward(d(h), d(c), d(tanhC), d(gates), d(preact), d(cPrev), batch, hidden),
  lstmCellBackward: (dPreact, dcPrev, dh, dc, gates, tanhC, cPrev, batch, hidden) =>
    lstm.lstmCellBackward(
      d(dPreact),
      d(dcPrev),
      d(dh),
      d(dc),
      d(gates),
      d(tanhC),
      d(cPrev),
      batch,
      hidden,
    ),
  gruCellForward: (h, gates, gi, gh, hPrev, batch, hidden) =>
    gru.gruCellForward(d(h), d(gates), d(gi), d(gh), d(hPrev), batch, hidden),
  gruCellBackward: (dgi, dgh, dhPrev, dh, gates, gh, hPrev, batch, hidden) =>
    gru.gruCellBackward(d(dgi), d(dgh), d(dhPrev), d(dh), d(gates), d(gh), d(hPrev), batch, hidden),
  rnnSequenceForward: (h, V, steps, batch, hidden) =>
    rnnSequence.rnnSequenceForward(d(h), d(V), steps, batch, hidden),
  rnnSequenceBackward: (dPreact, dh, h, V, steps, batch, hidden) =>
    rnnSequence.rnnSequenceBackward(d(dPreact), d(dh), d(h), d(V), steps, batch, hidden),
  lstmSequenceForward: (h, c, tanhC, gates, z, W, c0, steps, batch, hidden, width, peephole) =>
    lstmSequence.lstmSequenceForward(
      d(h),
      d(c),
      d(tanhC),
      d(gates),
      d(z),
      d(W),
      c0 && d(c0),
      steps,
      batch,
      hidden,
      width,
      peephole && d(peephole),
    ),
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
  ) =>
    lstmSequence.lstmSequenceBackward(
      d(dPreact),
      d(dc),
      d(dh),
      d(gates),
      d(tanhC),
      d(c),
      d(W),
      c0 && d(c0),
      dh0 && d(dh0),
      steps,
      batch,
      hidden,
      width,
      peephole && d(peephole),
      dPeephole && d(dPeephole),
    ),
  sumSquares: (x, n) => optim.sumSquares(d(x), n),
  scale: (x, n, s) => optim.scaleInPlace(d(x), n, s),
  sgdStep: (param, grad, velocity, n, lr, momentum, weightDecay, gradScale, zeroGrad) =>
    optim.sgdStep(
      d(param),
      d(grad),
      velocity && d(velocity),
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
    optim.adamStep(
      d(param),
      d(grad),
      d(m),
      d(v),
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
  return new CheckedBackend(
    "reference",
    "reference (float64)",
    new ReferenceStorage(),
    referenceKernels,
  );
}
