// Exercise J — the LSTM's backward pass, exactly as the lab hands it out
// (translated from its NumPy). It runs, its loss goes down a little — and its
// gradients are off by 44–121 %: it has four mistakes, and nothing in the lab
// says so. Compare the code with the maths below and repair it;
// `deno task exercise check j` finds the mistakes one at a time.
//
// T = time steps, H = hidden size, K = vocabulary size, Z = H + K.
// From the last step back to the first, with dh_next = dc_next = 0 at the start:
//
//   dv_t     = p_t − one_hot(y_t)                     (0 when y_t = −1)
//   dW_v    += dv_t h_tᵀ,  db_v += dv_t
//   dh       = W_vᵀ dv_t + dh_next
//   do       = dh ⊙ tanh(c_t) ⊙ o_t(1 − o_t)
//   dc       = dc_next + dh ⊙ o_t ⊙ (1 − tanh²(c_t))
//   dg       = dc ⊙ i_t ⊙ (1 − g_t²)
//   di       = dc ⊙ g_t ⊙ i_t(1 − i_t)
//   df       = dc ⊙ c_{t−1} ⊙ f_t(1 − f_t)
//   dW_* += d* z_tᵀ,  db_* += d*                      (* = f, i, g, o)
//   dz       = W_fᵀ df + W_iᵀ di + W_gᵀ dg + W_oᵀ do
//   dh_next  = dz[:H],   dc_next = f_t ⊙ dc           (carried to step t − 1)
//
// The cache's gates are already activated (f_t = σ(a_f), g_t = tanh(a_g)), and
// its c and h start with the initial state: c_t is C[t + 1], c_{t−1} is C[t].
import type { LstmCache, LstmParams } from "./hi_lstm_forward.ts";

// The lab's activation helpers: with `derivative`, the derivative at x.
function sigmoid(x: Float64Array, derivative = false): Float64Array {
  const f = x.map((v) => 1 / (1 + Math.exp(-v)));
  return derivative ? f.map((v) => v * (1 - v)) : f;
}

function tanh(x: Float64Array, derivative = false): Float64Array {
  const f = x.map(Math.tanh);
  return derivative ? f.map((v) => 1 - v * v) : f;
}

// Element-wise a ⊙ b ⊙ …, a + b, 1 − a.
function mul(...vectors: Float64Array[]): Float64Array {
  return vectors.reduce((product, v) => product.map((p, j) => p * v[j]));
}
function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, j) => v + b[j]);
}
function oneMinus(a: Float64Array): Float64Array {
  return a.map((v) => 1 - v);
}

// Wᵀ d for a row-major (d.length, C) matrix W.
function dotT(W: Float64Array, d: Float64Array): Float64Array {
  const columns = W.length / d.length;
  const out = new Float64Array(columns);
  for (let r = 0; r < d.length; r++) {
    for (let c = 0; c < columns; c++) out[c] += W[r * columns + c] * d[r];
  }
  return out;
}

// dW += d vᵀ and db += d.
function accumulate(dW: Float64Array, db: Float64Array, d: Float64Array, v: Float64Array): void {
  for (let r = 0; r < d.length; r++) {
    for (let c = 0; c < v.length; c++) dW[r * v.length + c] += d[r] * v[c];
    db[r] += d[r];
  }
}

/** ∂L/∂θ for every parameter of the LSTM, from the cache of `lstmForward`. */
export function lstmBackward(
  cache: LstmCache,
  targets: ArrayLike<number>,
  params: LstmParams,
): LstmParams {
  const { Wf, Wi, Wg, Wo, Wv } = params;
  const H = params.bf.length;
  const { z, f, i, g, c: C, o, h, probabilities: outputs } = cache;
  const zeros = (v: Float64Array) => new Float64Array(v.length);
  const grads: LstmParams = {
    Wf: zeros(Wf),
    Wi: zeros(Wi),
    Wg: zeros(Wg),
    Wo: zeros(Wo),
    bf: zeros(params.bf),
    bi: zeros(params.bi),
    bg: zeros(params.bg),
    bo: zeros(params.bo),
    Wv: zeros(Wv),
    bv: zeros(params.bv),
  };
  let dhNext: Float64Array = new Float64Array(H);
  let dCNext: Float64Array = new Float64Array(H);
  for (let t = outputs.length - 1; t >= 0; t--) {
    const CPrev = C.at(t - 1)!; // Python's C[t-1]

    const dv = Float64Array.from(outputs[t]);
    if (targets[t] >= 0) dv[targets[t]] -= 1;
    else dv.fill(0);
    accumulate(grads.Wv, grads.bv, dv, h[t]);

    const dh = add(dotT(Wv, dv), dhNext);

    let dO = mul(dh, tanh(C[t]));
    dO = mul(sigmoid(o[t], true), dO);
    accumulate(grads.Wo, grads.bo, dO, z[t]);

    const dC = add(dCNext, mul(dh, o[t], tanh(tanh(C[t]), true)));

    let dg = mul(dC, i[t]);
    dg = mul(tanh(g[t], true), dg);
    accumulate(grads.Wg, grads.bg, dg, z[t]);

    let di = mul(dC, g[t]);
    di = mul(sigmoid(i[t], true), di);
    accumulate(grads.Wi, grads.bi, di, z[t]);

    let df = mul(dC, CPrev);
    df = mul(sigmoid(f[t]), df);
    accumulate(grads.Wf, grads.bf, df, z[t]);

    const dz = add(add(dotT(Wf, df), dotT(Wi, di)), add(dotT(Wg, dg), dotT(Wo, dO)));
    const dhPrev = dz.slice(0, H);
    const dCPrev = mul(f[t], dC);
  }
  return grads;
}
