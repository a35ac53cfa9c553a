// One implementation of the Backend interface's contract — argument checks,
// derived sizes, optimizer bookkeeping — over two sets of raw kernels. A
// backend supplies storage and kernels; it never re-implements the checks.
// B = batch rows, H = hidden size, R = rows, C = columns.
import type { AdamOptions, Backend, BackendName, SgdOptions, Tensor } from "./backend.ts";
import {
  cellDimensions,
  checkTargets,
  expectSameSize,
  expectSize,
  formatShape,
  matrixDimensions,
  rowsAndColumns,
  shapeSize,
} from "./shapes.ts";
import { clipCoefficient } from "./core/clip.ts";

/** Allocation and ownership, the part of a backend that differs by memory model. */
export interface Storage {
  tensor(shape: readonly number[]): Tensor;
  view(source: Tensor, offset: number, shape: readonly number[]): Tensor;
  free(tensor: Tensor): void;
  owns(tensor: Tensor): boolean;
}

/** Raw kernels: arguments already checked, sizes passed explicitly. */
export interface Kernels {
  matVecForward(
    y: Tensor,
    W: Tensor,
    x: Tensor,
    b: Tensor | null,
    rows: number,
    columns: number,
  ): void;
  matVecTransposedAccumulate(y: Tensor, W: Tensor, d: Tensor, rows: number, columns: number): void;
  outerAccumulate(W: Tensor, d: Tensor, x: Tensor, rows: number, columns: number): void;
  matMulForward(
    C: Tensor,
    A: Tensor,
    B: Tensor,
    bias: Tensor | null,
    M: number,
    K: number,
    N: number,
  ): void;
  matMulAccumulate(C: Tensor, A: Tensor, B: Tensor, M: number, K: number, N: number): void;
  matMulAccumulateColumns(
    C: Tensor,
    A: Tensor,
    B: Tensor,
    start: number,
    M: number,
    K: number,
    n: number,
    N: number,
  ): void;
  matMulTransposedAAccumulate(
    C: Tensor,
    A: Tensor,
    B: Tensor,
    M: number,
    K: number,
    N: number,
  ): void;
  matMulTransposedBAccumulate(
    C: Tensor,
    A: Tensor,
    B: Tensor,
    M: number,
    K: number,
    N: number,
  ): void;
  tanhForward(y: Tensor, x: Tensor, n: number): void;
  tanhBackward(dx: Tensor, y: Tensor, dy: Tensor, n: number): void;
  sigmoidForward(y: Tensor, x: Tensor, n: number): void;
  sigmoidBackward(dx: Tensor, y: Tensor, dy: Tensor, n: number): void;
  softmaxForward(probs: Tensor, logits: Tensor, rows: number, columns: number): void;
  logSoftmaxForward(out: Tensor, logits: Tensor, rows: number, columns: number): void;
  crossEntropyForward(
    probs: Tensor,
    logits: Tensor,
    targets: ArrayLike<number>,
    rows: number,
    columns: number,
  ): number;
  crossEntropyBackward(
    dLogits: Tensor,
    probs: Tensor,
    targets: ArrayLike<number>,
    rows: number,
    columns: number,
    scale: number,
  ): void;
  lstmCellForward(
    h: Tensor,
    c: Tensor,
    tanhC: Tensor,
    gates: Tensor,
    preact: Tensor,
    cPrev: Tensor,
    batch: number,
    hidden: number,
  ): void;
  lstmCellBackward(
    dPreact: Tensor,
    dcPrev: Tensor,
    dh: Tensor,
    dc: Tensor,
    gates: Tensor,
    tanhC: Tensor,
    cPrev: Tensor,
    batch: number,
    hidden: number,
  ): void;
  gruCellForward(
    h: Tensor,
    gates: Tensor,
    gi: Tensor,
    gh: Tensor,
    hPrev: Tensor,
    batch: number,
    hidden: number,
  ): void;
  rnnSequenceForward(h: Tensor, V: Tensor, steps: number, batch: number, hidden: number): void;
  rnnSequenceBackward(
    dPreact: Tensor,
    dh: Tensor,
    h: Tensor,
    V: Tensor,
    steps: number,
    batch: number,
    hidden: number,
  ): void;
  lstmSequenceForward(
    h: Tensor,
    c: Tensor,
    tanhC: Tensor,
    gates: Tensor,
    z: Tensor,
    W: Tensor,
    c0: Tensor | null,
    steps: number,
    batch: number,
    hidden: number,
    width: number,
    peephole: Tensor | null,
  ): void;
  lstmSequenceBackward(
    dPreact: Tensor,
    dc: Tensor,
    dh: Tensor,
    gates: Tensor,
    tanhC: Tensor,
    c: Tensor,
    W: Tensor,
    c0: Tensor | null,
    dh0: Tensor | null,
    steps: number,
    batch: number,
    hidden: number,
    width: number,
    peephole: Tensor | null,
    dPeephole: Tensor | null,
  ): void;
  gruCellBackward(
    dgi: Tensor,
    dgh: Tensor,
    dhPrev: Tensor,
    dh: Tensor,
    gates: Tensor,
    gh: Tensor,
    hPrev: Tensor,
    batch: number,
    hidden: number,
  ): void;
  sumSquares(x: Tensor, n: number): number;
  scale(x: Tensor, n: number, s: number): void;
  sgdStep(
    param: Tensor,
    grad: Tensor,
    velocity: Tensor | null,
    n: number,
    lr: number,
    momentum: number,
    weightDecay: number,
    gradScale: number,
    zeroGrad: boolean,
  ): void;
  adamStep(
    param: Tensor,
    grad: Tensor,
    m: Tensor,
    v: Tensor,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    weightDecay: number,
    biasCorrection1: number,
    biasCorrection2Sqrt: number,
    gradScale: number,
    zeroGrad: boolean,
  ): void;
}

// A clipping coefficient that is NaN or negative would silently corrupt the parameters.
function checkGradScale(kernel: string, gradScale: number | undefined): number {
  if (gradScale === undefined) return 1;
  if (!(gradScale >= 0) || !Number.isFinite(gradScale)) {
    throw new RangeError(`${kernel}: gradScale must be a finite number ≥ 0, got ${gradScale}`);
  }
  return gradScale;
}

/** The {@linkcode Backend} contract over a {@linkcode Storage} and raw {@linkcode Kernels}. */
export class CheckedBackend implements Backend {
  readonly name: BackendName;
  readonly description: string;
  readonly #storage: Storage;
  readonly #kernels: Kernels;

  constructor(name: BackendName, description: string, storage: Storage, kernels: Kernels) {
    this.name = name;
    this.description = description;
    this.#storage = storage;
    this.#kernels = kernels;
  }

  #own(kernel: string, names: string, ...tensors: (Tensor | null | undefined)[]): void {
    for (let i = 0; i < tensors.length; i++) {
      const tensor = tensors[i];
      if (tensor && !this.#storage.owns(tensor)) {
        const name = names.split(",")[i].trim();
        throw new TypeError(
          `${kernel}: ${name} (shape ${
            formatShape(tensor.shape ?? [])
          }) is not a live tensor of the ${this.description} backend; create it with this backend's tensor()`,
        );
      }
    }
  }

  tensor(shape: readonly number[], values?: ArrayLike<number>): Tensor {
    const size = shapeSize(shape);
    if (values !== undefined && values.length !== size) {
      throw new RangeError(
        `tensor: shape ${
          formatShape(shape)
        } holds ${size} elements but ${values.length} values were given`,
      );
    }
    const tensor = this.#storage.tensor(shape);
    if (values !== undefined) tensor.data.set(values);
    return tensor;
  }

  view(source: Tensor, offset: number, shape: readonly number[]): Tensor {
    this.#own("view", "source", source);
    const size = shapeSize(shape);
    if (!Number.isInteger(offset) || offset < 0 || offset + size > source.size) {
      throw new RangeError(
        `view: ${size} elements from offset ${offset} do not fit in a tensor of shape ${
          formatShape(source.shape)
        }`,
      );
    }
    return this.#storage.view(source, offset, shape);
  }

  free(tensor: Tensor): void {
    this.#own("free", "tensor", tensor);
    this.#storage.free(tensor);
  }

  zero(tensor: Tensor): void {
    this.#own("zero", "tensor", tensor);
    tensor.data.fill(0);
  }

  copy(target: Tensor, source: Tensor): void {
    this.#own("copy", "target, source", target, source);
    expectSameSize("copy", "source", source, "target", target);
    target.data.set(source.data);
  }

  matVecForward(y: Tensor, W: Tensor, x: Tensor, b?: Tensor): void {
    const kernel = "matVecForward";
    this.#own(kernel, "y, W, x, b", y, W, x, b);
    const [rows, columns] = matrixDimensions(kernel, "W", W);
    expectSize(kernel, "x", x, columns, "W", W);
    expectSize(kernel, "y", y, rows, "W", W);
    if (b) expectSize(kernel, "b", b, rows, "W", W);
    this.#kernels.matVecForward(y, W, x, b ?? null, rows, columns);
  }

  matVecTransposedAccumulate(y: Tensor, W: Tensor, d: Tensor): void {
    const kernel = "matVecTransposedAccumulate";
    this.#own(kernel, "y, W, d", y, W, d);
    const [rows, columns] = matrixDimensions(kernel, "W", W);
    expectSize(kernel, "d", d, rows, "W", W);
    expectSize(kernel, "y", y, columns, "W", W);
    this.#kernels.matVecTransposedAccumulate(y, W, d, rows, columns);
  }

  outerAccumulate(W: Tensor, d: Tensor, x: Tensor): void {
    const kernel = "outerAccumulate";
    this.#own(kernel, "W, d, x", W, d, x);
    const [rows, columns] = matrixDimensions(kernel, "W", W);
    expectSize(kernel, "d", d, rows, "W", W);
    expectSize(kernel, "x", x, columns, "W", W);
    this.#kernels.outerAccumulate(W, d, x, rows, columns);
  }

  matMulForward(C: Tensor, A: Tensor, B: Tensor, bias?: Tensor): void {
    const kernel = "matMulForward";
    this.#own(kernel, "C, A, B, bias", C, A, B, bias);
    const [M, K] = matrixDimensions(kernel, "A", A);
    const [rowsB, N] = matrixDimensions(kernel, "B", B);
    if (rowsB !== K) throw this.#innerMismatch(kernel, "A", A, "B", B, K, "rows");
    this.#expectMatrix(kernel, "C", C, M, N, A, B);
    if (bias) expectSize(kernel, "bias", bias, N, "B", B);
    this.#kernels.matMulForward(C, A, B, bias ?? null, M, K, N);
  }

  matMulAccumulate(C: Tensor, A: Tensor, B: Tensor): void {
    const kernel = "matMulAccumulate";
    this.#own(kernel, "C, A, B", C, A, B);
    const [M, K] = matrixDimensions(kernel, "A", A);
    const [rowsB, N] = matrixDimensions(kernel, "B", B);
    if (rowsB !== K) throw this.#innerMismatch(kernel, "A", A, "B", B, K, "rows");
    this.#expectMatrix(kernel, "C", C, M, N, A, B);
    this.#kernels.matMulAccumulate(C, A, B, M, K, N);
  }

  matMulAccumulateColumns(C: Tensor, A: Tensor, B: Tensor, start = 0): void {
    const kernel = "matMulAccumulateColumns";
    this.#own(kernel, "C, A, B", C, A, B);
    const [M, K] = matrixDimensions(kernel, "A", A);
    const [rowsB, N] = matrixDimensions(kernel, "B", B);
    if (rowsB !== K) throw this.#innerMismatch(kernel, "A", A, "B", B, K, "rows");
    const [rowsC, n] = matrixDimensions(kernel, "C", C);
    if (!Number.isInteger(start) || start < 0 || rowsC !== M || start + n > N) {
      throw new RangeError(
        `${kernel}: C has shape ${formatShape(C.shape)} from column ${start} but A ${
          formatShape(A.shape)
        } and B ${formatShape(B.shape)} need [${M}, n] with start + n ≤ ${N}`,
      );
    }
    this.#kernels.matMulAccumulateColumns(C, A, B, start, M, K, n, N);
  }

  matMulTransposedAAccumulate(C: Tensor, A: Tensor, B: Tensor): void {
    const kernel = "matMulTransposedAAccumulate";
    this.#own(kernel, "C, A, B", C, A, B);
    const [K, M] = matrixDimensions(kernel, "A", A);
    const [rowsB, N] = matrixDimensions(kernel, "B", B);
    if (rowsB !== K) throw this.#innerMismatch(kernel, "A", A, "B", B, K, "rows");
    this.#expectMatrix(kernel, "C", C, M, N, A, B);
    this.#kernels.matMulTransposedAAccumulate(C, A, B, M, K, N);
  }

  matMulTransposedBAccumulate(C: Tensor, A: Tensor, B: Tensor): void {
    const kernel = "matMulTransposedBAccumulate";
    this.#own(kernel, "C, A, B", C, A, B);
    const [M, K] = matrixDimensions(kernel, "A", A);
    const [N, columnsB] = matrixDimensions(kernel, "B", B);
    if (columnsB !== K) throw this.#innerMismatch(kernel, "A", A, "B", B, K, "columns");
    this.#expectMatrix(kernel, "C", C, M, N, A, B);
    this.#kernels.matMulTransposedBAccumulate(C, A, B, M, K, N);
  }

  #innerMismatch(
    kernel: string,
    nameA: string,
    A: Tensor,
    nameB: string,
    B: Tensor,
    inner: number,
    what: string,
  ): RangeError {
    return new RangeError(
      `${kernel}: ${nameA} has shape ${formatShape(A.shape)} but ${nameB} has shape ${
        formatShape(B.shape)
      }; ${nameB} must have ${inner} ${what}`,
    );
  }

  #expectMatrix(
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

  tanhForward(y: Tensor, x: Tensor): void {
    this.#own("tanhForward", "y, x", y, x);
    expectSameSize("tanhForward", "y", y, "x", x);
    this.#kernels.tanhForward(y, x, x.size);
  }

  tanhBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
    this.#own("tanhBackward", "dx, y, dy", dx, y, dy);
    expectSameSize("tanhBackward", "dx", dx, "y", y);
    expectSameSize("tanhBackward", "dy", dy, "y", y);
    this.#kernels.tanhBackward(dx, y, dy, y.size);
  }

  sigmoidForward(y: Tensor, x: Tensor): void {
    this.#own("sigmoidForward", "y, x", y, x);
    expectSameSize("sigmoidForward", "y", y, "x", x);
    this.#kernels.sigmoidForward(y, x, x.size);
  }

  sigmoidBackward(dx: Tensor, y: Tensor, dy: Tensor): void {
    this.#own("sigmoidBackward", "dx, y, dy", dx, y, dy);
    expectSameSize("sigmoidBackward", "dx", dx, "y", y);
    expectSameSize("sigmoidBackward", "dy", dy, "y", y);
    this.#kernels.sigmoidBackward(dx, y, dy, y.size);
  }

  softmaxForward(probs: Tensor, logits: Tensor): void {
    this.#own("softmaxForward", "probs, logits", probs, logits);
    const [rows, columns] = rowsAndColumns("softmaxForward", "logits", logits);
    expectSameSize("softmaxForward", "probs", probs, "logits", logits);
    this.#kernels.softmaxForward(probs, logits, rows, columns);
  }

  logSoftmaxForward(out: Tensor, logits: Tensor): void {
    this.#own("logSoftmaxForward", "out, logits", out, logits);
    const [rows, columns] = rowsAndColumns("logSoftmaxForward", "logits", logits);
    expectSameSize("logSoftmaxForward", "out", out, "logits", logits);
    this.#kernels.logSoftmaxForward(out, logits, rows, columns);
  }

  crossEntropyForward(probs: Tensor, logits: Tensor, targets: ArrayLike<number>): number {
    const kernel = "crossEntropyForward";
    this.#own(kernel, "probs, logits", probs, logits);
    const [rows, columns] = rowsAndColumns(kernel, "logits", logits);
    expectSameSize(kernel, "probs", probs, "logits", logits);
    checkTargets(kernel, targets, rows, columns, logits);
    return this.#kernels.crossEntropyForward(probs, logits, targets, rows, columns);
  }

  crossEntropyBackward(
    dLogits: Tensor,
    probs: Tensor,
    targets: ArrayLike<number>,
    scale: number,
  ): void {
    const kernel = "crossEntropyBackward";
    this.#own(kernel, "dLogits, probs", dLogits, probs);
    const [rows, columns] = rowsAndColumns(kernel, "probs", probs);
    expectSameSize(kernel, "dLogits", dLogits, "probs", probs);
    checkTargets(kernel, targets, rows, columns, probs);
    this.#kernels.crossEntropyBackward(dLogits, probs, targets, rows, columns, scale);
  }

  lstmCellForward(
    h: Tensor,
    c: Tensor,
    tanhC: Tensor,
    gates: Tensor,
    preact: Tensor,
    cPrev: Tensor,
  ): void {
    const kernel = "lstmCellForward";
    this.#own(kernel, "h, c, tanhC, gates, preact, cPrev", h, c, tanhC, gates, preact, cPrev);
    const [batch, hidden] = cellDimensions(kernel, "preact", preact, 4);
    expectSameSize(kernel, "gates", gates, "preact", preact);
    // Unrolled rather than looped over [name, tensor] pairs: cell kernels run
    // every time step, and the pairs would be garbage on every call.
    const units = batch * hidden;
    expectSize(kernel, "h", h, units, "preact", preact);
    expectSize(kernel, "c", c, units, "preact", preact);
    expectSize(kernel, "tanhC", tanhC, units, "preact", preact);
    expectSize(kernel, "cPrev", cPrev, units, "preact", preact);
    this.#kernels.lstmCellForward(h, c, tanhC, gates, preact, cPrev, batch, hidden);
  }

  lstmCellBackward(
    dPreact: Tensor,
    dcPrev: Tensor,
    dh: Tensor,
    dc: Tensor,
    gates: Tensor,
    tanhC: Tensor,
    cPrev: Tensor,
  ): void {
    const kernel = "lstmCellBackward";
    this.#own(
      kernel,
      "dPreact, dcPrev, dh, dc, gates, tanhC, cPrev",
      dPreact,
      dcPrev,
      dh,
      dc,
      gates,
      tanhC,
      cPrev,
    );
    const [batch, hidden] = cellDimensions(kernel, "gates", gates, 4);
    expectSameSize(kernel, "dPreact", dPreact, "gates", gates);
    const units = batch * hidden;
    expectSize(kernel, "dcPrev", dcPrev, units, "gates", gates);
    expectSize(kernel, "dh", dh, units, "gates", gates);
    expectSize(kernel, "dc", dc, units, "gates", gates);
    expectSize(kernel, "tanhC", tanhC, units, "gates", gates);
    expectSize(kernel, "cPrev", cPrev, units, "gates", gates);
    this.#kernels.lstmCellBackward(dPreact, dcPrev, dh, dc, gates, tanhC, cPrev, batch, hidden);
  }

  rnnSequenceForward(h: Tensor, V: Tensor, batch: number): void {
    const kernel = "rnnSequenceForward";
    this.#own(kernel, "h, V", h, V);
    const [steps, hidden] = this.#rnnDimensions(kernel, h, V, batch);
    this.#kernels.rnnSequenceForward(h, V, steps, batch, hidden);
  }

  rnnSequenceBackward(dPreact: Tensor, dh: Tensor, h: Tensor, V: Tensor, batch: number): void {
    const kernel = "rnnSequenceBackward";
    this.#own(kernel, "dPreact, dh, h, V", dPreact, dh, h, V);
    const [steps, hidden] = this.#rnnDimensions(kernel, h, V, batch);
    expectSameSize(kernel, "dPreact", dPreact, "h", h);
    expectSameSize(kernel, "dh", dh, "h", h);
    this.#kernels.rnnSequenceBackward(dPreact, dh, h, V, steps, batch, hidden);
  }

  // T and H of an RNN sequence kernel from h (T·B, H) and V (H, H).
  #rnnDimensions(kernel: string, h: Tensor, V: Tensor, batch: number): [number, number] {
    const [rows, hidden] = matrixDimensions(kernel, "h", h);
    const [vRows, vColumns] = matrixDimensions(kernel, "V", V);
    if (vRows !== hidden || vColumns !== hidden) {
      throw new RangeError(
        `${kernel}: h has shape ${formatShape(h.shape)} but V has shape ${
          formatShape(V.shape)
        }; V must be [${hidden}, ${hidden}]`,
      );
    }
    if (!Number.isInteger(batch) || batch < 1 || rows % batch !== 0) {
      throw new RangeError(`${kernel}: batch ${batch} does not divide the ${rows} rows of h`);
    }
    return [rows / batch, hidden];
  }

  lstmSequenceForward(
    h: Tensor,
    c: Tensor,
    tanhC: Tensor,
    gates: Tensor,
    z: Tensor,
    W: Tensor,
    batch: number,
    c0?: Tensor,
    peephole?: Tensor,
  ): void {
    const kernel = "lstmSequenceForward";
    this.#own(
      kernel,
      "h, c, tanhC, gates, z, W, c0, peephole",
      h,
      c,
      tanhC,
      gates,
      z,
      W,
      c0,
      peephole,
    );
    const [steps, hidden, width] = this.#sequenceDimensions(kernel, gates, z, W, batch);
    const rows = steps * batch;
    expectSize(kernel, "h", h, rows * hidden, "gates", gates);
    expectSize(kernel, "c", c, rows * hidden, "gates", gates);
    expectSize(kernel, "tanhC", tanhC, rows * hidden, "gates", gates);
    if (c0) expectSize(kernel, "c0", c0, batch * hidden, "gates", gates);
    if (peephole) expectSize(kernel, "peephole", peephole, 3 * hidden, "gates", gates);
    this.#kernels.lstmSequenceForward(
      h,
      c,
      tanhC,
      gates,
      z,
      W,
      c0 ?? null,
      steps,
      batch,
      hidden,
      width,
      peephole ?? null,
    );
  }

  lstmSequenceBackward(
    dPreact: Tensor,
    dc: Tensor,
    dh: Tensor,
    gates: Tensor,
    tanhC: Tensor,
    c: Tensor,
    W: Tensor,
    batch: number,
    c0?: Tensor,
    dh0?: Tensor,
    peephole?: Tensor,
    dPeephole?: Tensor,
  ): void {
    const kernel = "lstmSequenceBackward";
    this.#own(
      kernel,
      "dPreact, dc, dh, gates, tanhC, c, W, c0, dh0, peephole, dPeephole",
      dPreact,
      dc,
      dh,
      gates,
      tanhC,
      c,
      W,
      c0,
      dh0,
      peephole,
      dPeephole,
    );
    const [rows, gateWidth] = matrixDimensions(kernel, "gates", gates);
    const [gateRows, width] = matrixDimensions(kernel, "W", W);
    if (gateRows !== gateWidth || gateWidth % 4 !== 0) {
      throw new RangeError(
        `${kernel}: gates have shape ${formatShape(gates.shape)} but W has shape ${
          formatShape(W.shape)
        }; W must have 4H = ${gateWidth} rows`,
      );
    }
    if (!Number.isInteger(batch) || batch < 1 || rows % batch !== 0) {
      throw new RangeError(`${kernel}: batch ${batch} does not divide the ${rows} rows of gates`);
    }
    const hidden = gateWidth / 4;
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
    this.#kernels.lstmSequenceBackward(
      dPreact,
      dc,
      dh,
      gates,
      tanhC,
      c,
      W,
      c0 ?? null,
      dh0 ?? null,
      rows / batch,
      batch,
      hidden,
      width,
      peephole ?? null,
      dPeephole ?? null,
    );
  }

  // T, H and Z of a sequence kernel from gates (T·B, 4H), z (T·B, Z), W (4H, Z).
  #sequenceDimensions(
    kernel: string,
    gates: Tensor,
    z: Tensor,
    W: Tensor,
    batch: number,
  ): [number, number, number] {
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
    if (!Number.isInteger(batch) || batch < 1 || rows % batch !== 0) {
      throw new RangeError(`${kernel}: batch ${batch} does not divide the ${rows} rows of gates`);
    }
    return [rows / batch, gateWidth / 4, width];
  }

  gruCellForward(h: Tensor, gates: Tensor, gi: Tensor, gh: Tensor, hPrev: Tensor): void {
    const kernel = "gruCellForward";
    this.#own(kernel, "h, gates, gi, gh, hPrev", h, gates, gi, gh, hPrev);
    const [batch, hidden] = cellDimensions(kernel, "gi", gi, 3);
    expectSameSize(kernel, "gh", gh, "gi", gi);
    expectSameSize(kernel, "gates", gates, "gi", gi);
    expectSize(kernel, "h", h, batch * hidden, "gi", gi);
    expectSize(kernel, "hPrev", hPrev, batch * hidden, "gi", gi);
    this.#kernels.gruCellForward(h, gates, gi, gh, hPrev, batch, hidden);
  }

  gruCellBackward(
    dgi: Tensor,
    dgh: Tensor,
    dhPrev: Tensor,
    dh: Tensor,
    gates: Tensor,
    gh: Tensor,
    hPrev: Tensor,
  ): void {
    const kernel = "gruCellBackward";
    this.#own(
      kernel,
      "dgi, dgh, dhPrev, dh, gates, gh, hPrev",
      dgi,
      dgh,
      dhPrev,
      dh,
      gates,
      gh,
      hPrev,
    );
    const [batch, hidden] = cellDimensions(kernel, "gates", gates, 3);
    expectSameSize(kernel, "dgi", dgi, "gates", gates);
    expectSameSize(kernel, "dgh", dgh, "gates", gates);
    expectSameSize(kernel, "gh", gh, "gates", gates);
    const units = batch * hidden;
    expectSize(kernel, "dhPrev", dhPrev, units, "gates", gates);
    expectSize(kernel, "dh", dh, units, "gates", gates);
    expectSize(kernel, "hPrev", hPrev, units, "gates", gates);
    this.#kernels.gruCellBackward(dgi, dgh, dhPrev, dh, gates, gh, hPrev, batch, hidden);
  }

  sumSquares(x: Tensor): number {
    this.#own("sumSquares", "x", x);
    return this.#kernels.sumSquares(x, x.size);
  }

  scale(x: Tensor, s: number): void {
    this.#own("scale", "x", x);
    this.#kernels.scale(x, x.size, s);
  }

  clipGradNorm(grads: readonly Tensor[], maxNorm: number): number {
    if (!(maxNorm > 0)) {
      throw new RangeError(`clipGradNorm: maxNorm must be a positive number, got ${maxNorm}`);
    }
    let total = 0;
    for (const grad of grads) total += this.sumSquares(grad);
    const norm = Math.sqrt(total);
    const coefficient = clipCoefficient(norm, maxNorm);
    if (coefficient !== 1) {
      for (const grad of grads) this.#kernels.scale(grad, grad.size, coefficient);
    }
    return norm;
  }

  sgdStep(param: Tensor, grad: Tensor, velocity: Tensor | null, options: SgdOptions): void {
    const kernel = "sgdStep";
    this.#own(kernel, "param, grad, velocity", param, grad, velocity);
    expectSameSize(kernel, "grad", grad, "param", param);
    const momentum = options.momentum ?? 0;
    if (momentum !== 0) {
      if (!velocity) throw new TypeError(`${kernel}: momentum ${momentum} needs a velocity buffer`);
      expectSameSize(kernel, "velocity", velocity, "param", param);
    }
    this.#kernels.sgdStep(
      param,
      grad,
      velocity,
      param.size,
      options.lr,
      momentum,
      options.weightDecay ?? 0,
      checkGradScale(kernel, options.gradScale),
      options.zeroGrad ?? false,
    );
  }

  adamStep(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, options: AdamOptions): void {
    const kernel = "adamStep";
    this.#own(kernel, "param, grad, m, v", param, grad, m, v);
    expectSameSize(kernel, "grad", grad, "param", param);
    expectSameSize(kernel, "m", m, "param", param);
    expectSameSize(kernel, "v", v, "param", param);
    if (!Number.isInteger(options.step) || options.step < 1) {
      throw new RangeError(`${kernel}: step counts from 1, got ${options.step}`);
    }
    const beta1 = options.beta1 ?? 0.9;
    const beta2 = options.beta2 ?? 0.999;
    this.#kernels.adamStep(
      param,
      grad,
      m,
      v,
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
  }
}
