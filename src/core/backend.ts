// The one interface every model, optimizer and loop is written against.
// B = batch rows, H = hidden size, R = rows, C = columns, K = inner size.
// All matrices are row-major. A backward kernel writes the gradients of its
// own inputs and adds into parameter gradients that the caller zeroes.

/** The element arrays a backend hands out: f32 on wasm, f64 on reference. */
export type FloatArray = Float32Array | Float64Array;

/** Names accepted by {@linkcode getBackend} and the tasks' `--backend` flag. */
export type BackendName = "wasm" | "reference";

/**
 * A block of numbers owned by one backend. `data` is a live view of exactly
 * `size` elements; on the wasm backend it is recreated after memory grows, so
 * read `tensor.data` again rather than keeping an old view across allocations.
 */
export interface Tensor {
  /** Dimensions, outermost first. */
  readonly shape: readonly number[];
  /** The product of `shape`. */
  readonly size: number;
  /** A live, zero-copy view of the elements. */
  readonly data: FloatArray;
}

/** Hyper-parameters of one SGD update (PyTorch's semantics). */
export interface SgdOptions {
  lr: number;
  momentum?: number;
  weightDecay?: number;
  /**
   * Multiplies the gradient before use (default 1): a clipping coefficient
   * applied in the update's own pass, with the same rounding as scaling first.
   */
  gradScale?: number;
  /** Sets the gradient to zero once read, ready for the next backward pass (default false). */
  zeroGrad?: boolean;
}

/** Hyper-parameters of one Adam update (PyTorch's semantics); `step` counts from 1. */
export interface AdamOptions {
  lr: number;
  step: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** As {@linkcode SgdOptions.gradScale}. */
  gradScale?: number;
  /** As {@linkcode SgdOptions.zeroGrad}. */
  zeroGrad?: boolean;
}

/** The optional inputs of {@linkcode Backend.lstmSequenceForward}. */
export interface LstmSequenceOptions {
  /** (B, H) the initial cell state c_{−1}; zero when omitted. */
  c0?: Tensor;
  /**
   * (3, H) the weights p_i, p_f, p_o of an LSTM with peepholes:
   * i, f = σ(pre + p ⊙ c_{t−1}), o = σ(pre_o + p_o ⊙ c_t).
   */
  peephole?: Tensor;
}

/** The optional arguments of {@linkcode Backend.lstmSequenceBackward}. */
export interface LstmSequenceBackwardOptions extends LstmSequenceOptions {
  /** (B, H) receiving ∂L/∂h_{−1} added. */
  dh0?: Tensor;
  /** (3, H) receiving the gradient of `peephole` added; given exactly when `peephole` is. */
  dPeephole?: Tensor;
}

/**
 * Storage and numeric kernels. Shapes are checked on every call: a mismatch
 * throws a `RangeError` naming both shapes, never reads out of bounds.
 */
export interface Backend {
  /** `"wasm"` or `"reference"`. */
  readonly name: BackendName;
  /** What runs underneath, e.g. `"wasm (relaxed-simd)"` or `"reference (float64)"`. */
  readonly description: string;

  /** A zero-filled tensor, or one holding `values` (their count must match). */
  tensor(shape: readonly number[], values?: ArrayLike<number>): Tensor;
  /** A tensor sharing `source`'s storage: `size(shape)` elements from element `offset`. */
  view(source: Tensor, offset: number, shape: readonly number[]): Tensor;
  /** Returns a tensor's storage to the backend (no-op for views); the tensor must not be used afterwards. */
  free(tensor: Tensor): void;
  /** Sets every element to 0. */
  zero(tensor: Tensor): void;
  /** Copies `source` into `target` (same size). */
  copy(target: Tensor, source: Tensor): void;
  /**
   * Ends whatever runs beside the calling thread (the wasm backend's helper
   * threads; nothing on the reference backend). Tensors stay valid and every
   * kernel keeps working, on the calling thread. Also `using backend = …`.
   */
  dispose(): void;
  [Symbol.dispose](): void;

  /** y = W x + b. y: (R), W: (R, C), x: (C), b: (R) optional and may be y itself (y += W x). */
  matVecForward(y: Tensor, W: Tensor, x: Tensor, b?: Tensor): void;
  /** y += Wᵀ d. y: (C), W: (R, C), d: (R). */
  matVecTransposedAccumulate(y: Tensor, W: Tensor, d: Tensor): void;
  /** W += d xᵀ. W: (R, C), d: (R), x: (C). */
  outerAccumulate(W: Tensor, d: Tensor, x: Tensor): void;
  /** C = A B + bias. C: (M, N), A: (M, K), B: (K, N), bias: (N) optional. */
  matMulForward(C: Tensor, A: Tensor, B: Tensor, bias?: Tensor): void;
  /** C += A B. C: (M, N), A: (M, K), B: (K, N). */
  matMulAccumulate(C: Tensor, A: Tensor, B: Tensor): void;
  /**
   * C += A B[:, start : start + n], a block of n columns of B only. C: (M, n),
   * A: (M, K), B: (K, N), start + n ≤ N. (Backpropagation through z = [h; x]
   * needs the h part and the x part separately.)
   */
  matMulAccumulateColumns(C: Tensor, A: Tensor, B: Tensor, start?: number): void;
  /** C += Aᵀ B. C: (M, N), A: (K, M), B: (K, N). */
  matMulTransposedAAccumulate(C: Tensor, A: Tensor, B: Tensor): void;
  /** C += A Bᵀ. C: (M, N), A: (M, K), B: (N, K). */
  matMulTransposedBAccumulate(C: Tensor, A: Tensor, B: Tensor): void;

  /** y = tanh(x), elementwise; y may be x. */
  tanhForward(y: Tensor, x: Tensor): void;
  /** dx += dy ⊙ (1 − y²), with y = tanh(x). */
  tanhBackward(dx: Tensor, y: Tensor, dy: Tensor): void;
  /** y = σ(x), elementwise; y may be x. */
  sigmoidForward(y: Tensor, x: Tensor): void;
  /** dx += dy ⊙ y ⊙ (1 − y), with y = σ(x). */
  sigmoidBackward(dx: Tensor, y: Tensor, dy: Tensor): void;

  /** probs = softmax(logits) per row. probs, logits: (R, C) or (C). */
  softmaxForward(probs: Tensor, logits: Tensor): void;
  /** out = log softmax(logits) per row. out, logits: (R, C) or (C). */
  logSoftmaxForward(out: Tensor, logits: Tensor): void;
  /**
   * Returns Σ_r −log softmax(logits_r)[targets_r] over rows whose target is
   * not negative (a negative target marks padding), and writes softmax(logits)
   * into probs for the backward pass. probs, logits: (R, C); targets: R integers.
   */
  crossEntropyForward(probs: Tensor, logits: Tensor, targets: ArrayLike<number>): number;
  /** dLogits += scale (probs − onehot(target)) per row, skipping negative targets. */
  crossEntropyBackward(
    dLogits: Tensor,
    probs: Tensor,
    targets: ArrayLike<number>,
    scale: number,
  ): void;

  /**
   * target_r += W[:, ids_r] for every row r: the product of one-hot rows with
   * Wᵀ, without the zeros. A negative id (padding) adds nothing.
   * target: (R, G); W: (G, V), not overlapping target; ids: R integers below V.
   */
  gatherColumnsAccumulate(target: Tensor, W: Tensor, ids: ArrayLike<number>): void;
  /**
   * dW[:, ids_r] += dTarget_r, rows in order — the backward of
   * gatherColumnsAccumulate; negative ids are skipped. dW: (G, V); dTarget: (R, G), not
   * overlapping dW.
   */
  scatterColumnsAccumulate(dW: Tensor, dTarget: Tensor, ids: ArrayLike<number>): void;

  /**
   * The LSTM cell's pointwise part. preact: (B, 4H) in gate order i, f, g, o;
   * gates (may be preact) receives σ(i), σ(f), tanh(g), σ(o); c = f ⊙ cPrev + i ⊙ g;
   * tanhC = tanh(c); h = o ⊙ tanhC. h, c, tanhC, cPrev: (B, H).
   */
  lstmCellForward(
    h: Tensor,
    c: Tensor,
    tanhC: Tensor,
    gates: Tensor,
    preact: Tensor,
    cPrev: Tensor,
  ): void;
  /**
   * Backward of {@linkcode Backend.lstmCellForward}: writes dPreact (B, 4H) and
   * dcPrev (B, H, may be dc) from dh and dc, the gradients reaching h and c.
   */
  lstmCellBackward(
    dPreact: Tensor,
    dcPrev: Tensor,
    dh: Tensor,
    dc: Tensor,
    gates: Tensor,
    tanhC: Tensor,
    cPrev: Tensor,
  ): void;
  /**
   * A vanilla RNN layer's time loop in one call (T steps of B rows, B = `batch`):
   * h_t = tanh(h_t + h_{t−1} Vᵀ) for t = 0 … T − 1, h_{−1} = 0.
   * h: (T·B, H) holding U x_t + b_hidden on entry, the hidden states on exit; V: (H, H).
   */
  rnnSequenceForward(h: Tensor, V: Tensor, batch: number): void;
  /**
   * Backward of {@linkcode Backend.rnnSequenceForward}, from the last step back:
   * dPreact_t += dh_t ⊙ (1 − h_t²), then dh_{t−1} += dPreact_t V.
   * dPreact, dh, h: (T·B, H); dPreact zero and dh holding the gradient from above on entry.
   */
  rnnSequenceBackward(dPreact: Tensor, dh: Tensor, h: Tensor, V: Tensor, batch: number): void;
  /**
   * An LSTM layer's time loop in one call (T steps of B rows, B = `batch`):
   * for each t, z_t[:, :H] = h_{t−1}; gates_t += z_t Wᵀ; then the fused cell.
   * h, c, tanhC: (T·B, H); gates: (T·B, 4H) holding the bias on entry, the
   * activated gates on exit; z: (T·B, Z) holding the inputs in columns H … Z − 1
   * and h_{−1} in the first B rows' columns 0 … H − 1; W: (4H, Z). Z may equal H:
   * then z_t is h_{t−1} alone, W is W_hh, and the input's part is already in `gates`.
   * `options.c0` is the initial cell state, `options.peephole` makes it an LSTM
   * with peepholes (see {@linkcode LstmSequenceOptions}).
   */
  lstmSequenceForward(
    h: Tensor,
    c: Tensor,
    tanhC: Tensor,
    gates: Tensor,
    z: Tensor,
    W: Tensor,
    batch: number,
    options?: LstmSequenceOptions,
  ): void;
  /**
   * Backward of {@linkcode Backend.lstmSequenceForward}: from the last step back,
   * the cell gives dPreact_t and the next dc, then dh_{t−1} += (dPreact_t W)[:, :H].
   * dPreact: (T·B, 4H) written; dc: (B, H) zero on entry, ∂L/∂c_{−1} on exit;
   * dh: (T·B, H) holding the gradient from above (the output layer) on entry.
   * `options` repeats the forward pass's c0 and peephole, and adds dh0 and
   * dPeephole for the gradients of h_{−1} and the peepholes
   * (see {@linkcode LstmSequenceBackwardOptions}).
   */
  lstmSequenceBackward(
    dPreact: Tensor,
    dc: Tensor,
    dh: Tensor,
    gates: Tensor,
    tanhC: Tensor,
    c: Tensor,
    W: Tensor,
    batch: number,
    options?: LstmSequenceBackwardOptions,
  ): void;
  /**
   * The GRU cell's pointwise part (PyTorch's form), gate order r, z, n.
   * gi = W_ih x + b_ih and gh = W_hh hPrev + b_hh: (B, 3H); gates receives r, z, n;
   * h = (1 − z) ⊙ n + z ⊙ hPrev with n = tanh(gi_n + r ⊙ gh_n). h, hPrev: (B, H).
   */
  gruCellForward(h: Tensor, gates: Tensor, gi: Tensor, gh: Tensor, hPrev: Tensor): void;
  /**
   * Backward of {@linkcode Backend.gruCellForward}: writes dgi, dgh (B, 3H) and
   * adds the direct path z ⊙ dh into dhPrev (B, H; the caller adds W_hhᵀ dgh).
   */
  gruCellBackward(
    dgi: Tensor,
    dgh: Tensor,
    dhPrev: Tensor,
    dh: Tensor,
    gates: Tensor,
    gh: Tensor,
    hPrev: Tensor,
  ): void;

  /** Σ x², accumulated in double precision. */
  sumSquares(x: Tensor): number;
  /** x *= s. */
  scale(x: Tensor, s: number): void;
  /**
   * Global-norm clipping: when ‖grads‖ > maxNorm every buffer is multiplied by
   * maxNorm / (‖grads‖ + 1e-6), as PyTorch's `clip_grad_norm_`. Returns the norm
   * before clipping.
   */
  clipGradNorm(grads: readonly Tensor[], maxNorm: number): number;
  /** One SGD update of param from grad; velocity is needed when momentum ≠ 0. */
  sgdStep(param: Tensor, grad: Tensor, velocity: Tensor | null, options: SgdOptions): void;
  /** One Adam update of param from grad with moment buffers m and v. */
  adamStep(param: Tensor, grad: Tensor, m: Tensor, v: Tensor, options: AdamOptions): void;
}
