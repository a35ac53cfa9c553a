// The lab's LSTM in the exercises' own terms — ten plain Float64Arrays, one
// sequence, the lab's cache layout — with switches for the mistakes the
// grader knows, among them each of the four defects of the backward pass the
// lab hands out. Correct (no switch) it equals the library's LSTM
// (src/lab/models/lstm.ts; tests/lab/exercises/plain_models_test.ts).
// T = steps, H = hidden, K = vocabulary, Z = H + K; W_* (H, Z), W_v (K, H).
import { stableSoftmax, summedCrossEntropy } from "./plain_rnn.ts";

/** The LSTM's parameters or gradients, as the exercises name them. */
export interface LstmArrays {
  Wf: Float64Array;
  Wi: Float64Array;
  Wg: Float64Array;
  Wo: Float64Array;
  bf: Float64Array;
  bi: Float64Array;
  bg: Float64Array;
  bo: Float64Array;
  Wv: Float64Array;
  bv: Float64Array;
}

/** The names of {@linkcode LstmArrays}, in the library LSTM's order. */
export const LSTM_ARRAY_NAMES = [
  "Wf",
  "Wi",
  "Wg",
  "Wo",
  "bf",
  "bi",
  "bg",
  "bo",
  "Wv",
  "bv",
] as const;

/** What exercise H–I's forward pass keeps, in the lab's layout. */
export interface LstmCacheArrays {
  /** T × (Z). */
  z: Float64Array[];
  /** T × (H) each, after the activation. */
  f: Float64Array[];
  i: Float64Array[];
  g: Float64Array[];
  o: Float64Array[];
  /** (T + 1) × (H): the initial state first. */
  c: Float64Array[];
  h: Float64Array[];
  /** T × (K). */
  probabilities: Float64Array[];
  loss: number;
}

/** Mistakes of a forward pass. */
export interface LstmForwardMistakes {
  /** z_t = [x_t; h_{t−1}]: x first. */
  swappedZ?: boolean;
  /** h_t = o_t ⊙ c_t: the tanh of the cell state left out. */
  noTanhC?: boolean;
  /** c_t = i_t ⊙ g_t: the old cell state forgotten entirely. */
  noForgetPath?: boolean;
  /** g_t = σ(…) in place of tanh(…). */
  sigmoidCandidate?: boolean;
}

/** σ(a), the library's way (no overflow on either side). */
export function sigmoid(a: number): number {
  if (a >= 0) return 1 / (1 + Math.exp(-a));
  const e = Math.exp(a);
  return e / (1 + e);
}

function affine(W: Float64Array, v: Float64Array, b: Float64Array, act: (a: number) => number) {
  const out = new Float64Array(b.length);
  for (let j = 0; j < b.length; j++) {
    let sum = 0;
    for (let k = 0; k < v.length; k++) sum += W[j * v.length + k] * v[k];
    out[j] = act(sum + b[j]);
  }
  return out;
}

/** The lab's LSTM forward pass from zero states, keeping the lab's cache. */
export function plainLstmForward(
  p: LstmArrays,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  mistakes: LstmForwardMistakes = {},
): LstmCacheArrays {
  const H = p.bf.length, K = p.bv.length;
  const cache: LstmCacheArrays = {
    z: [],
    f: [],
    i: [],
    g: [],
    o: [],
    c: [new Float64Array(H)],
    h: [new Float64Array(H)],
    probabilities: [],
    loss: 0,
  };
  for (let t = 0; t < inputs.length; t++) {
    const z = new Float64Array(H + K);
    if (mistakes.swappedZ) {
      z[inputs[t]] = 1;
      z.set(cache.h[t], K);
    } else {
      z.set(cache.h[t]);
      z[H + inputs[t]] = 1;
    }
    const f = affine(p.Wf, z, p.bf, sigmoid);
    const i = affine(p.Wi, z, p.bi, sigmoid);
    const g = affine(p.Wg, z, p.bg, mistakes.sigmoidCandidate ? sigmoid : Math.tanh);
    const o = affine(p.Wo, z, p.bo, sigmoid);
    const c = new Float64Array(H), h = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      c[j] = (mistakes.noForgetPath ? 0 : f[j] * cache.c[t][j]) + i[j] * g[j];
      h[j] = o[j] * (mistakes.noTanhC ? c[j] : Math.tanh(c[j]));
    }
    cache.z.push(z);
    cache.f.push(f);
    cache.i.push(i);
    cache.g.push(g);
    cache.o.push(o);
    cache.c.push(c);
    cache.h.push(h);
    cache.probabilities.push(stableSoftmax(affine(p.Wv, h, p.bv, (a) => a)));
  }
  cache.loss = summedCrossEntropy(cache.probabilities, targets);
  return cache;
}

/** The defects of the lab's handed-out backward pass, and two half-repairs of the first. */
export interface LabDefects {
  /** Defect 1: dh_prev and dC_prev computed but never passed on — no BPTT. */
  noBptt?: boolean;
  /** Defect 2: σ'(σ(a)), 1 − tanh(tanh c)², 1 − tanh(g)²: derivatives of activated values. */
  activatedDerivatives?: boolean;
  /** Defect 3: df = dC ⊙ c_{t−1} ⊙ σ(f): no derivative term for the forget gate. */
  forgetWithoutDerivative?: boolean;
  /** Defect 4: C[t], h[t] read as step t's states and C[t − 1] as the previous one: one step off. */
  oneStepOff?: boolean;
  /** dh carried back, dc not. */
  dcNotCarried?: boolean;
  /** dc carried back, dh not. */
  dhNotCarried?: boolean;
}

/** The lab's backward pass (correct when no defect is switched on). */
export function plainLstmBackward(
  cache: LstmCacheArrays,
  targets: ArrayLike<number>,
  p: LstmArrays,
  defects: LabDefects = {},
): LstmArrays {
  const H = p.bf.length, K = p.bv.length, Z = H + K;
  const zeros = (n: number) => new Float64Array(n);
  const g: LstmArrays = {
    Wf: zeros(H * Z),
    Wi: zeros(H * Z),
    Wg: zeros(H * Z),
    Wo: zeros(H * Z),
    bf: zeros(H),
    bi: zeros(H),
    bg: zeros(H),
    bo: zeros(H),
    Wv: zeros(K * H),
    bv: zeros(K),
  };
  const last = cache.c.length - 1;
  // Python's C[t − 1] at t = 0 is C[−1], the last entry.
  const at = (list: Float64Array[], index: number) => list[index < 0 ? last : index];
  let dhNext = zeros(H), dcNext = zeros(H);
  for (let t = cache.probabilities.length - 1; t >= 0; t--) {
    const off = defects.oneStepOff;
    const c = at(cache.c, off ? t : t + 1), cPrev = at(cache.c, off ? t - 1 : t);
    const h = at(cache.h, off ? t : t + 1);
    const z = cache.z[t], f = cache.f[t], i = cache.i[t], gt = cache.g[t], o = cache.o[t];
    const dv = zeros(K);
    if (targets[t] >= 0) {
      dv.set(cache.probabilities[t]);
      dv[targets[t]] -= 1;
    }
    const dh = Float64Array.from(dhNext);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < H; j++) {
        g.Wv[k * H + j] += dv[k] * h[j];
        dh[j] += p.Wv[k * H + j] * dv[k];
      }
      g.bv[k] += dv[k];
    }
    const d = { f: zeros(H), i: zeros(H), g: zeros(H), o: zeros(H) };
    const dc = zeros(H);
    const bad = defects.activatedDerivatives;
    const dSigmoid = (s: number) => bad ? sigmoid(s) * (1 - sigmoid(s)) : s * (1 - s);
    for (let j = 0; j < H; j++) {
      const tanhC = Math.tanh(c[j]);
      const tanhTanhC = Math.tanh(tanhC);
      d.o[j] = dh[j] * tanhC * dSigmoid(o[j]);
      dc[j] = dcNext[j] + dh[j] * o[j] * (1 - (bad ? tanhTanhC * tanhTanhC : tanhC * tanhC));
      const tanhG = Math.tanh(gt[j]);
      d.g[j] = dc[j] * i[j] * (1 - (bad ? tanhG * tanhG : gt[j] * gt[j]));
      d.i[j] = dc[j] * gt[j] * dSigmoid(i[j]);
      d.f[j] = dc[j] * cPrev[j] *
        (defects.forgetWithoutDerivative ? sigmoid(f[j]) : f[j] * (1 - f[j]));
    }
    const dz = zeros(Z);
    for (const gate of ["f", "i", "g", "o"] as const) {
      const W = p[`W${gate}`], dW = g[`W${gate}`], db = g[`b${gate}`], dPre = d[gate];
      for (let j = 0; j < H; j++) {
        for (let k = 0; k < Z; k++) {
          dW[j * Z + k] += dPre[j] * z[k];
          dz[k] += W[j * Z + k] * dPre[j];
        }
        db[j] += dPre[j];
      }
    }
    if (!defects.noBptt) {
      if (!defects.dhNotCarried) dhNext = dz.slice(0, H);
      if (!defects.dcNotCarried) dcNext = dc.map((v, j) => v * f[j]);
    }
  }
  return g;
}
