// One step of PyTorch's GRU cell in the exercises' terms — plain
// Float64Arrays — with switches for the mistakes the grader knows. Correct, it
// equals the library's cell kernels (src/backends/reference/gru_cell.ts;
// tests/lab/exercises/plain_models_test.ts). I = input, H = hidden; the 3H rows
// hold the gates r, z, n.
import { sigmoid } from "./plain_lstm.ts";

/** The cell's parameters: W_ih (3H, I), W_hh (3H, H), b_ih, b_hh (3H). */
export interface GruArrays {
  Wih: Float64Array;
  Whh: Float64Array;
  bih: Float64Array;
  bhh: Float64Array;
}

/** The step's values the backward pass needs. */
export interface GruStep {
  x: Float64Array;
  hPrev: Float64Array;
  r: Float64Array;
  z: Float64Array;
  n: Float64Array;
  /** W_hn h + b_hn. */
  hn: Float64Array;
  h: Float64Array;
}

/** Mistakes of the forward step. */
export interface GruForwardMistakes {
  /** n = tanh(W_in x + b_in + r ⊙ (W_hn h) + b_hn): b_hn outside the reset product. */
  bhnOutside?: boolean;
  /** h' = z ⊙ n + (1 − z) ⊙ h: the update gate's roles swapped. */
  swappedUpdate?: boolean;
  /** n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn): the original GRU's reset, not PyTorch's. */
  resetBeforeProduct?: boolean;
}

function affine(W: Float64Array, v: Float64Array, b: Float64Array | null, rows: number) {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    out[r] = b ? b[r] : 0;
    for (let c = 0; c < v.length; c++) out[r] += W[r * v.length + c] * v[c];
  }
  return out;
}

/** r, z, n and h' = (1 − z) ⊙ n + z ⊙ h. */
export function plainGruForward(
  p: GruArrays,
  x: Float64Array,
  hPrev: Float64Array,
  mistakes: GruForwardMistakes = {},
): GruStep {
  const H = hPrev.length;
  const gi = affine(p.Wih, x, p.bih, 3 * H), gh = affine(p.Whh, hPrev, p.bhh, 3 * H);
  const r = new Float64Array(H), z = new Float64Array(H), n = new Float64Array(H);
  const h = new Float64Array(H);
  for (let j = 0; j < H; j++) {
    r[j] = sigmoid(gi[j] + gh[j]);
    z[j] = sigmoid(gi[H + j] + gh[H + j]);
  }
  const resetFirst = mistakes.resetBeforeProduct
    ? affine(p.Whh.subarray(2 * H * H), r.map((v, j) => v * hPrev[j]), null, H)
    : null;
  const hn = gh.slice(2 * H);
  for (let j = 0; j < H; j++) {
    const bhn = p.bhh[2 * H + j];
    const inner = resetFirst
      ? resetFirst[j] + bhn
      : mistakes.bhnOutside
      ? r[j] * (hn[j] - bhn) + bhn
      : r[j] * hn[j];
    n[j] = Math.tanh(gi[2 * H + j] + inner);
    h[j] = mistakes.swappedUpdate
      ? z[j] * n[j] + (1 - z[j]) * hPrev[j]
      : (1 - z[j]) * n[j] + z[j] * hPrev[j];
  }
  return { x, hPrev, r, z, n, hn, h };
}

/** Gradients of one step: the parameters', and of x and h. */
export interface GruStepGradients extends GruArrays {
  x: Float64Array;
  hPrev: Float64Array;
}

/** Mistakes of the backward step. */
export interface GruBackwardMistakes {
  /** σ'(σ(a)) and 1 − tanh(n)²: derivatives of activated values. */
  activatedDerivatives?: boolean;
  /** dh misses the direct path dh' ⊙ z. */
  noDirectPath?: boolean;
  /** ∂/∂(W_hn h + b_hn) taken as da_n, without the factor r. */
  hiddenNWithoutR?: boolean;
}

/** The backward pass of one step, given dh' = ∂L/∂h'. */
export function plainGruBackward(
  p: GruArrays,
  step: GruStep,
  dh: Float64Array,
  mistakes: GruBackwardMistakes = {},
): GruStepGradients {
  const { x, hPrev, r, z, n, hn } = step;
  const H = hPrev.length, I = x.length;
  const dGi = new Float64Array(3 * H), dGh = new Float64Array(3 * H);
  const dhPrev = new Float64Array(H);
  const bad = mistakes.activatedDerivatives;
  const dS = (s: number) => bad ? sigmoid(s) * (1 - sigmoid(s)) : s * (1 - s);
  for (let j = 0; j < H; j++) {
    const tanhN = Math.tanh(n[j]);
    const daN = dh[j] * (1 - z[j]) * (1 - (bad ? tanhN * tanhN : n[j] * n[j]));
    const daZ = dh[j] * (hPrev[j] - n[j]) * dS(z[j]);
    const daR = daN * hn[j] * dS(r[j]);
    dGi[j] = dGh[j] = daR;
    dGi[H + j] = dGh[H + j] = daZ;
    dGi[2 * H + j] = daN;
    dGh[2 * H + j] = mistakes.hiddenNWithoutR ? daN : r[j] * daN;
    dhPrev[j] = mistakes.noDirectPath ? 0 : dh[j] * z[j];
  }
  const g: GruStepGradients = {
    Wih: new Float64Array(3 * H * I),
    Whh: new Float64Array(3 * H * H),
    bih: dGi,
    bhh: dGh,
    x: new Float64Array(I),
    hPrev: dhPrev,
  };
  for (let row = 0; row < 3 * H; row++) {
    for (let c = 0; c < I; c++) {
      g.Wih[row * I + c] += dGi[row] * x[c];
      g.x[c] += p.Wih[row * I + c] * dGi[row];
    }
    for (let c = 0; c < H; c++) {
      g.Whh[row * H + c] += dGh[row] * hPrev[c];
      g.hPrev[c] += p.Whh[row * H + c] * dGh[row];
    }
  }
  return g;
}
