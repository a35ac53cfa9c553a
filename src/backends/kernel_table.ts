// The one list of kernels. Each entry is a Backend method written once for
// both backends: it checks the arguments, derives the sizes, and calls the raw
// kernel — the AssemblyScript export of that name on wasm, its twin in
// src/backends/reference/ on the reference backend — with the raw arguments in the
// order both of them take. What differs by backend is only how an argument is
// handed over (RawArguments): a tensor is a byte offset on wasm and its
// Float64Array on the reference (0 and null when an optional one is absent).
// B = batch rows, H = hidden size, T = time steps, Z = the width of z, R = rows,
// C = columns; matrix products read C (M, N) = A (M, K) B (K, N).
//
// Adding a kernel: write it in kernels/ (and export it from kernels/index.ts),
// write its twin in src/backends/reference/, add an entry here, and declare the method
// with its documentation in the Backend interface (src/backend.ts).
import type { Backend, Tensor } from "../core/backend.ts";
import {
  cellHiddenSize,
  checkTargets,
  checkTokenIds,
  expectProduct,
  expectSameSize,
  expectSize,
  formatShape,
  innerMismatch,
  matrixDimensions,
  rowsAndColumns,
  sequenceSteps,
} from "../core/shapes.ts";
import {
  lstmBackwardScratchBytes,
  lstmForwardScratchBytes,
  matMulScratchBytes,
  rnnBackwardScratchBytes,
  rnnForwardScratchBytes,
  transposedBScratchBytes,
} from "./wasm/gemm_scratch.ts";

/** Backend members that are not kernels: storage, and clipping built on two kernels. */
type NotKernels =
  | "name"
  | "description"
  | "tensor"
  | "view"
  | "free"
  | "zero"
  | "copy"
  | "dispose"
  | typeof Symbol.dispose
  | "clipGradNorm";

/** The Backend methods that {@linkcode KERNEL_TABLE} defines. */
export type KernelName = Exclude<keyof Backend, NotKernels>;

/** A raw kernel: a WebAssembly export or its reference twin; arguments already checked. */
export type RawKernel = (...args: unknown[]) => unknown;

/** How one backend hands arguments to its raw kernels (one instance per kernel). */
export interface RawArguments {
  /**
   * A tensor as the raw kernel takes it: a byte offset on wasm, the element
   * array on the reference; 0 or null for an absent optional tensor. Throws a
   * `TypeError` naming the argument unless it is a live tensor of this backend.
   */
  t(tensor: Tensor | null | undefined, name: string): unknown;
  /** Class indices: copied into Int32 working memory on wasm, passed as they are on the reference. */
  int32(values: ArrayLike<number>): unknown;
  /**
   * `bytes` of working space: the last argument of the wasm kernels whose entry
   * says `scratch`. Their twins declare no such parameter (Float64 loops need
   * no transposed copies), and JavaScript drops the extra argument.
   */
  scratch(bytes: number): unknown;
}

/** One kernel: the Backend method, written over whichever raw kernel it is given. */
export interface KernelEntry<K extends KernelName> {
  /** The raw kernel's name where it differs from the method's. */
  readonly raw?: string;
  /** The wasm kernel takes working space as its last argument; its twin does not. */
  readonly scratch?: true;
  /** Returns the method: checks, derived sizes, then `run(raw arguments…)`. */
  bind(run: RawKernel, args: RawArguments, kernel: string): Backend[K];
}

// Working space of the one-hot kernels (kernels/one_hot.ts): Wᵀ, when they
// transpose W, that is while there are at least twice as many rows as the
// vocabulary V.
function oneHotBytes(ids: ArrayLike<number>, G: number, V: number): number {
  return 2 * V <= ids.length ? 4 * G * V : 0;
}

// A clipping coefficient that is NaN or negative would silently corrupt the parameters.
function checkGradScale(kernel: string, gradScale: number | undefined): number {
  if (gradScale === undefined) return 1;
  if (!(gradScale >= 0) || !Number.isFinite(gradScale)) {
    throw new RangeError(`${kernel}: gradScale must be a finite number ≥ 0, got ${gradScale}`);
  }
  return gradScale;
}

// The sequence checks return nothing: a tuple of sizes that the optimizer does
// not inline away would be garbage on every call. The callers read the sizes
// off the shapes once these have passed.

// Checks h (T·B, H) and V (H, H) of an RNN sequence kernel.
function checkRnnSequence(kernel: string, h: Tensor, V: Tensor, batch: number): void {
  const [rows, hidden] = matrixDimensions(kernel, "h", h);
  const [vRows, vColumns] = matrixDimensions(kernel, "V", V);
  if (vRows !== hidden || vColumns !== hidden) {
    throw new RangeError(
      `${kernel}: h has shape ${formatShape(h.shape)} but V has shape ${
        formatShape(V.shape)
      }; V must be [${hidden}, ${hidden}]`,
    );
  }
  sequenceSteps(kernel, batch, rows, "h");
}

// Checks gates (T·B, 4H), z (T·B, Z) and W (4H, Z) of the LSTM sequence forward pass.
function checkLstmForward(
  kernel: string,
  gates: Tensor,
  z: Tensor,
  W: Tensor,
  batch: number,
): void {
  const [rows, gateWidth] = matrixDimensions(kernel, "gates", gates);
  const [gateRows, width] = matrixDimensions(kernel, "W", W);
  const [zRows, zWidth] = matrixDimensions(kernel, "z", z);
  if (gateRows !== gateWidth || gateWidth % 4 !== 0 || zWidth !== width || zRows !== rows) {
    throw new RangeError(
      `${kernel}: gates ${formatShape(gates.shape)}, z ${formatShape(z.shape)} and W ${
        formatShape(W.shape)
      } do not fit (T·B, 4H), (T·B, Z) and (4H, Z)`,
    );
  }
  if (width < gateWidth / 4) {
    throw new RangeError(
      `${kernel}: z has ${width} columns, fewer than H = ${gateWidth / 4} for h_{t−1}`,
    );
  }
  sequenceSteps(kernel, batch, rows, "gates");
}

// Checks gates (T·B, 4H) and W (4H, Z) of the LSTM sequence backward pass.
function checkLstmBackward(kernel: string, gates: Tensor, W: Tensor, batch: number): void {
  const [rows, gateWidth] = matrixDimensions(kernel, "gates", gates);
  const [gateRows] = matrixDimensions(kernel, "W", W);
  if (gateRows !== gateWidth || gateWidth % 4 !== 0) {
    throw new RangeError(
      `${kernel}: gates have shape ${formatShape(gates.shape)} but W has shape ${
        formatShape(W.shape)
      }; W must have 4H = ${gateWidth} rows`,
    );
  }
  sequenceSteps(kernel, batch, rows, "gates");
}

// y = f(x) elementwise (tanh, σ), and dx += dy ⊙ f′ given y = f(x): two
// entries each, typed by shape rather than by name so that both keys take them.
const pointwiseForward = {
  bind: (run: RawKernel, { t }: RawArguments, kernel: string) => (y: Tensor, x: Tensor): void => {
    expectSameSize(kernel, "y", y, "x", x);
    run(t(y, "y"), t(x, "x"), x.size);
  },
};
const pointwiseBackward = {
  bind:
    (run: RawKernel, { t }: RawArguments, kernel: string) =>
    (dx: Tensor, y: Tensor, dy: Tensor): void => {
      expectSameSize(kernel, "dx", dx, "y", y);
      expectSameSize(kernel, "dy", dy, "y", y);
      run(t(dx, "dx"), t(y, "y"), t(dy, "dy"), y.size);
    },
};

/**
 * Every kernel of the {@linkcode Backend} interface, keyed by method name.
 * The raw call inside each entry lists the raw kernel's arguments: the
 * AssemblyScript export and the reference twin take them in that order.
 */
export const KERNEL_TABLE: { readonly [K in KernelName]: KernelEntry<K> } = {
  matVecForward: {
    bind: (run, { t }, kernel) => (y, W, x, b) => {
      const [rows, columns] = matrixDimensions(kernel, "W", W);
      expectSize(kernel, "x", x, columns, "W", W);
      expectSize(kernel, "y", y, rows, "W", W);
      if (b) expectSize(kernel, "b", b, rows, "W", W);
      run(t(y, "y"), t(W, "W"), t(x, "x"), t(b, "b"), rows, columns);
    },
  },

  matVecTransposedAccumulate: {
    bind: (run, { t }, kernel) => (y, W, d) => {
      const [rows, columns] = matrixDimensions(kernel, "W", W);
      expectSize(kernel, "d", d, rows, "W", W);
      expectSize(kernel, "y", y, columns, "W", W);
      run(t(y, "y"), t(W, "W"), t(d, "d"), rows, columns);
    },
  },

  outerAccumulate: {
    bind: (run, { t }, kernel) => (W, d, x) => {
      const [rows, columns] = matrixDimensions(kernel, "W", W);
      expectSize(kernel, "d", d, rows, "W", W);
      expectSize(kernel, "x", x, columns, "W", W);
      run(t(W, "W"), t(d, "d"), t(x, "x"), rows, columns);
    },
  },

  // The matrix products' working space holds packed blocks of A and B
  // (src/backends/wasm/gemm_scratch.ts); small products take none.
  matMulForward: {
    scratch: true,
    bind: (run, { t, scratch }, kernel) => (C, A, B, bias) => {
      const [M, K] = matrixDimensions(kernel, "A", A);
      const [rowsB, N] = matrixDimensions(kernel, "B", B);
      if (rowsB !== K) throw innerMismatch(kernel, "A", A, "B", B, K, "rows");
      expectProduct(kernel, "C", C, M, N, A, B);
      if (bias) expectSize(kernel, "bias", bias, N, "B", B);
      run(
        t(C, "C"),
        t(A, "A"),
        t(B, "B"),
        t(bias, "bias"),
        M,
        K,
        N,
        scratch(matMulScratchBytes(M, K, N)),
      );
    },
  },

  matMulAccumulate: {
    scratch: true,
    bind: (run, { t, scratch }, kernel) => (C, A, B) => {
      const [M, K] = matrixDimensions(kernel, "A", A);
      const [rowsB, N] = matrixDimensions(kernel, "B", B);
      if (rowsB !== K) throw innerMismatch(kernel, "A", A, "B", B, K, "rows");
      expectProduct(kernel, "C", C, M, N, A, B);
      run(t(C, "C"), t(A, "A"), t(B, "B"), M, K, N, scratch(matMulScratchBytes(M, K, N)));
    },
  },

  matMulAccumulateColumns: {
    scratch: true,
    bind: (run, { t, scratch }, kernel) => (C, A, B, start = 0) => {
      const [M, K] = matrixDimensions(kernel, "A", A);
      const [rowsB, N] = matrixDimensions(kernel, "B", B);
      if (rowsB !== K) throw innerMismatch(kernel, "A", A, "B", B, K, "rows");
      const [rowsC, n] = matrixDimensions(kernel, "C", C);
      if (!Number.isInteger(start) || start < 0 || rowsC !== M || start + n > N) {
        throw new RangeError(
          `${kernel}: C has shape ${formatShape(C.shape)} from column ${start} but A ${
            formatShape(A.shape)
          } and B ${formatShape(B.shape)} need [${M}, n] with start + n ≤ ${N}`,
        );
      }
      run(t(C, "C"), t(A, "A"), t(B, "B"), start, M, K, n, N, scratch(matMulScratchBytes(M, K, n)));
    },
  },

  matMulTransposedAAccumulate: {
    scratch: true,
    bind: (run, { t, scratch }, kernel) => (C, A, B) => {
      const [K, M] = matrixDimensions(kernel, "A", A);
      const [rowsB, N] = matrixDimensions(kernel, "B", B);
      if (rowsB !== K) throw innerMismatch(kernel, "A", A, "B", B, K, "rows");
      expectProduct(kernel, "C", C, M, N, A, B);
      run(t(C, "C"), t(A, "A"), t(B, "B"), M, K, N, scratch(matMulScratchBytes(M, K, N)));
    },
  },

  matMulTransposedBAccumulate: {
    scratch: true,
    bind: (run, { t, scratch }, kernel) => (C, A, B) => {
      const [M, K] = matrixDimensions(kernel, "A", A);
      const [N, columnsB] = matrixDimensions(kernel, "B", B);
      if (columnsB !== K) throw innerMismatch(kernel, "A", A, "B", B, K, "columns");
      expectProduct(kernel, "C", C, M, N, A, B);
      run(t(C, "C"), t(A, "A"), t(B, "B"), M, K, N, scratch(transposedBScratchBytes(M, K, N)));
    },
  },

  tanhForward: pointwiseForward,
  tanhBackward: pointwiseBackward,
  sigmoidForward: pointwiseForward,
  sigmoidBackward: pointwiseBackward,

  softmaxForward: {
    bind: (run, { t }, kernel) => (probs, logits) => {
      const [rows, columns] = rowsAndColumns(kernel, "logits", logits);
      expectSameSize(kernel, "probs", probs, "logits", logits);
      run(t(probs, "probs"), t(logits, "logits"), rows, columns);
    },
  },

  logSoftmaxForward: {
    bind: (run, { t }, kernel) => (out, logits) => {
      const [rows, columns] = rowsAndColumns(kernel, "logits", logits);
      expectSameSize(kernel, "out", out, "logits", logits);
      run(t(out, "out"), t(logits, "logits"), rows, columns);
    },
  },

  crossEntropyForward: {
    bind: (run, { t, int32 }, kernel) => (probs, logits, targets) => {
      const [rows, columns] = rowsAndColumns(kernel, "logits", logits);
      expectSameSize(kernel, "probs", probs, "logits", logits);
      checkTargets(kernel, targets, rows, columns, logits);
      return run(t(probs, "probs"), t(logits, "logits"), int32(targets), rows, columns) as number;
    },
  },

  crossEntropyBackward: {
    bind: (run, { t, int32 }, kernel) => (dLogits, probs, targets, scale) => {
      const [rows, columns] = rowsAndColumns(kernel, "probs", probs);
      expectSameSize(kernel, "dLogits", dLogits, "probs", probs);
      checkTargets(kernel, targets, rows, columns, probs);
      run(t(dLogits, "dLogits"), t(probs, "probs"), int32(targets), rows, columns, scale);
    },
  },

  lstmCellForward: {
    bind: (run, { t }, kernel) => (h, c, tanhC, gates, preact, cPrev) => {
      const hidden = cellHiddenSize(kernel, "preact", preact, 4);
      const batch = preact.size / (4 * hidden);
      expectSameSize(kernel, "gates", gates, "preact", preact);
      // Unrolled rather than looped over [name, tensor] pairs: cell kernels run
      // every time step, and the pairs would be garbage on every call.
      const units = batch * hidden;
      expectSize(kernel, "h", h, units, "preact", preact);
      expectSize(kernel, "c", c, units, "preact", preact);
      expectSize(kernel, "tanhC", tanhC, units, "preact", preact);
      expectSize(kernel, "cPrev", cPrev, units, "preact", preact);
      run(
        t(h, "h"),
        t(c, "c"),
        t(tanhC, "tanhC"),
        t(gates, "gates"),
        t(preact, "preact"),
        t(cPrev, "cPrev"),
        batch,
        hidden,
      );
    },
  },

  lstmCellBackward: {
    bind: (run, { t }, kernel) => (dPreact, dcPrev, dh, dc, gates, tanhC, cPrev) => {
      const hidden = cellHiddenSize(kernel, "gates", gates, 4);
      const batch = gates.size / (4 * hidden);
      expectSameSize(kernel, "dPreact", dPreact, "gates", gates);
      const units = batch * hidden;
      expectSize(kernel, "dcPrev", dcPrev, units, "gates", gates);
      expectSize(kernel, "dh", dh, units, "gates", gates);
      expectSize(kernel, "dc", dc, units, "gates", gates);
      expectSize(kernel, "tanhC", tanhC, units, "gates", gates);
      expectSize(kernel, "cPrev", cPrev, units, "gates", gates);
      run(
        t(dPreact, "dPreact"),
        t(dcPrev, "dcPrev"),
        t(dh, "dh"),
        t(dc, "dc"),
        t(gates, "gates"),
        t(tanhC, "tanhC"),
        t(cPrev, "cPrev"),
        batch,
        hidden,
      );
    },
  },

  rnnSequenceForward: {
    scratch: true,
    bind: (run, { t, scratch }, kernel) => (h, V, batch) => {
      checkRnnSequence(kernel, h, V, batch);
      const steps = h.shape[0] / batch, hidden = h.shape[1];
      run(
        t(h, "h"),
        t(V, "V"),
        steps,
        batch,
        hidden,
        scratch(rnnForwardScratchBytes(batch, hidden)),
      );
    },
  },

  rnnSequenceBackward: {
    scratch: true,
    bind: (run, { t, scratch }, kernel) => (dPreact, dh, h, V, batch) => {
      checkRnnSequence(kernel, h, V, batch);
      const steps = h.shape[0] / batch, hidden = h.shape[1];
      expectSameSize(kernel, "dPreact", dPreact, "h", h);
      expectSameSize(kernel, "dh", dh, "h", h);
      run(
        t(dPreact, "dPreact"),
        t(dh, "dh"),
        t(h, "h"),
        t(V, "V"),
        steps,
        batch,
        hidden,
        scratch(rnnBackwardScratchBytes(batch, hidden)),
      );
    },
  },

  lstmSequenceForward: {
    scratch: true,
    bind: (run, { t, scratch }, kernel) => (h, c, tanhC, gates, z, W, batch, options) => {
      const c0 = options?.c0, peephole = options?.peephole;
      checkLstmForward(kernel, gates, z, W, batch);
      const steps = gates.shape[0] / batch, hidden = gates.shape[1] / 4, width = W.shape[1];
      const rows = steps * batch;
      expectSize(kernel, "h", h, rows * hidden, "gates", gates);
      expectSize(kernel, "c", c, rows * hidden, "gates", gates);
      expectSize(kernel, "tanhC", tanhC, rows * hidden, "gates", gates);
      if (c0) expectSize(kernel, "c0", c0, batch * hidden, "gates", gates);
      if (peephole) expectSize(kernel, "peephole", peephole, 3 * hidden, "gates", gates);
      run(
        t(h, "h"),
        t(c, "c"),
        t(tanhC, "tanhC"),
        t(gates, "gates"),
        t(z, "z"),
        t(W, "W"),
        t(c0, "c0"),
        steps,
        batch,
        hidden,
        width,
        t(peephole, "peephole"),
        scratch(lstmForwardScratchBytes(batch, hidden, width)),
      );
    },
  },

  lstmSequenceBackward: {
    scratch: true,
    bind:
      (run, { t, scratch }, kernel) => (dPreact, dc, dh, gates, tanhC, c, W, batch, options) => {
        const c0 = options?.c0, dh0 = options?.dh0;
        const peephole = options?.peephole, dPeephole = options?.dPeephole;
        checkLstmBackward(kernel, gates, W, batch);
        const steps = gates.shape[0] / batch, hidden = gates.shape[1] / 4, width = W.shape[1];
        const rows = steps * batch;
        expectSameSize(kernel, "dPreact", dPreact, "gates", gates);
        expectSize(kernel, "dh", dh, rows * hidden, "gates", gates);
        expectSize(kernel, "tanhC", tanhC, rows * hidden, "gates", gates);
        expectSize(kernel, "c", c, rows * hidden, "gates", gates);
        expectSize(kernel, "dc", dc, batch * hidden, "gates", gates);
        if (c0) expectSize(kernel, "c0", c0, batch * hidden, "gates", gates);
        if (dh0) expectSize(kernel, "dh0", dh0, batch * hidden, "gates", gates);
        if (!peephole !== !dPeephole) {
          throw new TypeError(`${kernel}: peephole and dPeephole go together`);
        }
        if (peephole) expectSize(kernel, "peephole", peephole, 3 * hidden, "gates", gates);
        if (dPeephole) expectSize(kernel, "dPeephole", dPeephole, 3 * hidden, "gates", gates);
        run(
          t(dPreact, "dPreact"),
          t(dc, "dc"),
          t(dh, "dh"),
          t(gates, "gates"),
          t(tanhC, "tanhC"),
          t(c, "c"),
          t(W, "W"),
          t(c0, "c0"),
          t(dh0, "dh0"),
          steps,
          batch,
          hidden,
          width,
          t(peephole, "peephole"),
          t(dPeephole, "dPeephole"),
          scratch(lstmBackwardScratchBytes(batch, hidden)),
        );
      },
  },

  gruCellForward: {
    bind: (run, { t }, kernel) => (h, gates, gi, gh, hPrev) => {
      const hidden = cellHiddenSize(kernel, "gi", gi, 3);
      const batch = gi.size / (3 * hidden);
      expectSameSize(kernel, "gh", gh, "gi", gi);
      expectSameSize(kernel, "gates", gates, "gi", gi);
      expectSize(kernel, "h", h, batch * hidden, "gi", gi);
      expectSize(kernel, "hPrev", hPrev, batch * hidden, "gi", gi);
      run(
        t(h, "h"),
        t(gates, "gates"),
        t(gi, "gi"),
        t(gh, "gh"),
        t(hPrev, "hPrev"),
        batch,
        hidden,
      );
    },
  },

  gruCellBackward: {
    bind: (run, { t }, kernel) => (dgi, dgh, dhPrev, dh, gates, gh, hPrev) => {
      const hidden = cellHiddenSize(kernel, "gates", gates, 3);
      const batch = gates.size / (3 * hidden);
      expectSameSize(kernel, "dgi", dgi, "gates", gates);
      expectSameSize(kernel, "dgh", dgh, "gates", gates);
      expectSameSize(kernel, "gh", gh, "gates", gates);
      const units = batch * hidden;
      expectSize(kernel, "dhPrev", dhPrev, units, "gates", gates);
      expectSize(kernel, "dh", dh, units, "gates", gates);
      expectSize(kernel, "hPrev", hPrev, units, "gates", gates);
      run(
        t(dgi, "dgi"),
        t(dgh, "dgh"),
        t(dhPrev, "dhPrev"),
        t(dh, "dh"),
        t(gates, "gates"),
        t(gh, "gh"),
        t(hPrev, "hPrev"),
        batch,
        hidden,
      );
    },
  },

  sumSquares: {
    bind: (run, { t }) => (x) => run(t(x, "x"), x.size) as number,
  },

  scale: {
    raw: "scaleInPlace",
    bind: (run, { t }) => (x, s) => {
      run(t(x, "x"), x.size, s);
    },
  },

  sgdStep: {
    bind: (run, { t }, kernel) => (param, grad, velocity, options) => {
      expectSameSize(kernel, "grad", grad, "param", param);
      const momentum = options.momentum ?? 0;
      if (momentum !== 0) {
        if (!velocity) {
          throw new TypeError(`${kernel}: momentum ${momentum} needs a velocity buffer`);
        }
        expectSameSize(kernel, "velocity", velocity, "param", param);
      }
      run(
        t(param, "param"),
        t(grad, "grad"),
        t(velocity, "velocity"),
        param.size,
        options.lr,
        momentum,
        options.weightDecay ?? 0,
        checkGradScale(kernel, options.gradScale),
        options.zeroGrad ?? false,
      );
    },
  },

  adamStep: {
    bind: (run, { t }, kernel) => (param, grad, m, v, options) => {
      expectSameSize(kernel, "grad", grad, "param", param);
      expectSameSize(kernel, "m", m, "param", param);
      expectSameSize(kernel, "v", v, "param", param);
      if (!Number.isInteger(options.step) || options.step < 1) {
        throw new RangeError(`${kernel}: step counts from 1, got ${options.step}`);
      }
      const beta1 = options.beta1 ?? 0.9;
      const beta2 = options.beta2 ?? 0.999;
      run(
        t(param, "param"),
        t(grad, "grad"),
        t(m, "m"),
        t(v, "v"),
        param.size,
        options.lr,
        beta1,
        beta2,
        options.eps ?? 1e-8,
        options.weightDecay ?? 0,
        1 - beta1 ** options.step,
        Math.sqrt(1 - beta2 ** options.step),
        checkGradScale(kernel, options.gradScale),
        options.zeroGrad ?? false,
      );
    },
  },
  gatherColumnsAccumulate: {
    scratch: true,
    bind: (run, { t, int32, scratch }, kernel) => (target, W, ids) => {
      const [G, V] = matrixDimensions(kernel, "W", W);
      checkTokenIds(kernel, ids, target, G, V);
      run(
        t(target, "target"),
        t(W, "W"),
        int32(ids),
        ids.length,
        G,
        V,
        scratch(oneHotBytes(ids, G, V)),
      );
    },
  },

  scatterColumnsAccumulate: {
    scratch: true,
    bind: (run, { t, int32, scratch }, kernel) => (dW, dTarget, ids) => {
      const [G, V] = matrixDimensions(kernel, "dW", dW);
      checkTokenIds(kernel, ids, dTarget, G, V);
      run(
        t(dW, "dW"),
        t(dTarget, "dTarget"),
        int32(ids),
        ids.length,
        G,
        V,
        scratch(oneHotBytes(ids, G, V)),
      );
    },
  },
};

/** Every kernel's method name, in table order. */
export const KERNEL_NAMES = Object.keys(KERNEL_TABLE) as readonly KernelName[];
