// Exercise B — the RNN's parameters and the lab's orthogonal initialisation.
//
// H = hidden size, K = vocabulary size. Every matrix is a row-major
// Float64Array: entry (r, c) of an (R, C) matrix is m[r * C + c].
//
//   h_t = tanh(U x_t + V h_{t−1} + b_hidden)      U: (H, K)   V: (H, H)   b_hidden: (H)
//   o_t = W h_t + b_out                           W: (K, H)   b_out: (K)
//
// The lab's init_orthogonal(param) for an (R, C) matrix:
//   1. A = randn(R, C): R·C standard normal draws, filling the matrix row by row;
//   2. if R < C (a wide matrix), continue with Aᵀ (C, R) instead;
//   3. QR-decompose A = Q R (Q with orthonormal columns, R upper triangular) and
//      multiply each column j of Q by sign(R_jj) — Gram–Schmidt on the columns
//      of A gives exactly this Q, since its R has a positive diagonal;
//   4. if the matrix was wide, transpose Q back to (R, C).
// The lab's init_rnn draws U, then V, then W from one random stream; the
// biases start at zero.

/** The RNN's parameters (and, with the same shapes, their gradients). */
export interface RnnParams {
  /** (H, K): input to hidden. */
  U: Float64Array;
  /** (H, H): hidden to hidden. */
  V: Float64Array;
  /** (K, H): hidden to output. */
  W: Float64Array;
  /** (H). */
  bHidden: Float64Array;
  /** (K). */
  bOut: Float64Array;
}

/**
 * The lab's orthogonal matrix of shape (rows, cols).
 *
 * @param randn Draws one standard normal number (np.random.randn()) per call.
 * @returns rows·cols values, row-major.
 */
export function initOrthogonal(rows: number, cols: number, randn: () => number): Float64Array {
  throw new Error("TODO");
}

/** The lab's init_rnn: U, V, W orthogonal (drawn in that order), biases zero. */
export function initRnn(hiddenSize: number, vocabSize: number, randn: () => number): RnnParams {
  throw new Error("TODO");
}
