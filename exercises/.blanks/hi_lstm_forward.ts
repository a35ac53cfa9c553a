// Exercises H–I — the LSTM: its parameters and its forward pass.
//
// T = time steps, H = hidden size, K = vocabulary size, Z = H + K.
// Matrices row-major. x_t = one_hot(inputs[t]).
//
//   z_t = [h_{t−1}; x_t]                              (Z): h first, then x
//   f_t = σ(W_f z_t + b_f)       i_t = σ(W_i z_t + b_i)
//   g_t = tanh(W_g z_t + b_g)    o_t = σ(W_o z_t + b_o)      W_*: (H, Z), b_*: (H)
//   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t                   c_{−1} = 0
//   h_t = o_t ⊙ tanh(c_t)                             h_{−1} = 0
//   p_t = softmax(W_v h_t + b_v)                      W_v: (K, H), b_v: (K)
//   L   = Σ_t −ln p_t[y_t]                            (a target of −1: no loss)
//
// σ(a) = 1 / (1 + e^{−a}). The lab's init_lstm draws W_f, W_i, W_g, W_o and
// then W_v with init_orthogonal, from one stream; the biases start at zero.
//
// The cache keeps what the lab's forward keeps, in its layout: c and h start
// with the initial state, so c[t + 1] is c_t and c[t] is c_{t−1}.
import { initOrthogonal } from "./b_rnn_init.ts";
import { crossEntropy, softmax } from "./c_rnn_forward.ts";

/** The LSTM's parameters (and, with the same shapes, their gradients). */
export interface LstmParams {
  /** (H, Z) each: forget, input, candidate and output gates over z = [h; x]. */
  Wf: Float64Array;
  Wi: Float64Array;
  Wg: Float64Array;
  Wo: Float64Array;
  /** (H) each. */
  bf: Float64Array;
  bi: Float64Array;
  bg: Float64Array;
  bo: Float64Array;
  /** (K, H). */
  Wv: Float64Array;
  /** (K). */
  bv: Float64Array;
}

/** σ(a) = 1 / (1 + e^{−a}). */
export function sigmoid(a: number): number {
  throw new Error("TODO");
}

/** The lab's init_lstm: W_f, W_i, W_g, W_o, W_v orthogonal (in that order), biases zero. */
export function initLstm(hiddenSize: number, vocabSize: number, randn: () => number): LstmParams {
  throw new Error("TODO");
}

/** What `lstmForward` keeps, in the lab's layout. */
export interface LstmCache {
  /** T entries, each (Z): z_t = [h_{t−1}; x_t]. */
  z: Float64Array[];
  /** T entries each, (H): the gates after their activation. */
  f: Float64Array[];
  i: Float64Array[];
  g: Float64Array[];
  o: Float64Array[];
  /** T + 1 entries, (H): c[0] = c_{−1} = 0, then c[t + 1] = c_t. */
  c: Float64Array[];
  /** T + 1 entries, (H): h[0] = h_{−1} = 0, then h[t + 1] = h_t. */
  h: Float64Array[];
  /** T entries, (K). */
  probabilities: Float64Array[];
  /** L, summed over the steps. */
  loss: number;
}

/** Runs the LSTM over `inputs` from h_{−1} = c_{−1} = 0. */
export function lstmForward(
  params: LstmParams,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
): LstmCache {
  throw new Error("TODO");
}
