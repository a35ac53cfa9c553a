// The lab's RNN in the exercises' own terms — plain Float64Arrays, one
// sequence — with switches that reproduce the mistakes the grader knows.
// Correct (no switch), it equals the library's RNN (src/lab/models/rnn.ts;
// tests/lab/exercises/plain_models_test.ts); with a switch it predicts what a
// student's code with that mistake returns, so a match names the mistake.
// T = steps, H = hidden, K = vocabulary; U (H, K), V (H, H), W (K, H), row-major.

/** The RNN's parameters or gradients, as the exercises name them. */
export interface RnnArrays {
  U: Float64Array;
  V: Float64Array;
  W: Float64Array;
  bHidden: Float64Array;
  bOut: Float64Array;
}

/** What exercise C's forward pass returns. */
export interface RnnForwardResult {
  /** T × (H): h_0 … h_{T−1}. */
  hiddenStates: Float64Array[];
  /** T × (K). */
  probabilities: Float64Array[];
  loss: number;
}

/** Mistakes of a forward pass. */
export interface RnnForwardMistakes {
  /** Vᵀ h_{t−1} in place of V h_{t−1}. */
  transposedV?: boolean;
  /** h_t = a_t: the tanh left out. */
  noTanh?: boolean;
  /** o_t = W h_{t−1} + b_out: the output one step late. */
  outputFromPrevious?: boolean;
  /** b_hidden left out. */
  noHiddenBias?: boolean;
}

/** softmax with the maximum subtracted. */
export function stableSoftmax(x: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let k = 0; k < x.length; k++) max = Math.max(max, x[k]);
  const p = new Float64Array(x.length);
  let sum = 0;
  for (let k = 0; k < x.length; k++) sum += p[k] = Math.exp(x[k] - max);
  for (let k = 0; k < x.length; k++) p[k] /= sum;
  return p;
}

/** Σ_t −ln p_t[y_t] over the steps whose target is not −1. */
export function summedCrossEntropy(
  probabilities: readonly ArrayLike<number>[],
  targets: ArrayLike<number>,
): number {
  let loss = 0;
  for (let t = 0; t < probabilities.length; t++) {
    if (targets[t] >= 0) loss -= Math.log(probabilities[t][targets[t]]);
  }
  return loss;
}

/** h_t = tanh(U x_t + V h_{t−1} + b_hidden), p_t = softmax(W h_t + b_out), L = Σ −ln p_t[y_t]. */
export function plainRnnForward(
  p: RnnArrays,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  mistakes: RnnForwardMistakes = {},
): RnnForwardResult {
  const H = p.bHidden.length, K = p.bOut.length;
  const hiddenStates: Float64Array[] = [], probabilities: Float64Array[] = [];
  let h = new Float64Array(H);
  for (let t = 0; t < inputs.length; t++) {
    const previous = h;
    h = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      let a = p.U[j * K + inputs[t]] + (mistakes.noHiddenBias ? 0 : p.bHidden[j]);
      for (let k = 0; k < H; k++) {
        a += (mistakes.transposedV ? p.V[k * H + j] : p.V[j * H + k]) * previous[k];
      }
      h[j] = mistakes.noTanh ? a : Math.tanh(a);
    }
    const source = mistakes.outputFromPrevious ? previous : h;
    const o = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      o[k] = p.bOut[k];
      for (let j = 0; j < H; j++) o[k] += p.W[k * H + j] * source[j];
    }
    hiddenStates.push(h);
    probabilities.push(stableSoftmax(o));
  }
  return { hiddenStates, probabilities, loss: summedCrossEntropy(probabilities, targets) };
}

/** Mistakes of a backward pass through time. */
export interface RnnBackwardMistakes {
  /** da = dh ⊙ (1 − tanh(h)²): the derivative of the already activated h (the lab's solution). */
  activatedDerivative?: boolean;
  /** da = dh: no tanh derivative at all. */
  noTanhDerivative?: boolean;
  /** At t = 0, h_{t−1} read as hiddenStates[−1], the last state (the lab's solution). */
  wrapAround?: boolean;
  /** dh_t = Wᵀ do_t only: nothing carried back from step t + 1. */
  noBptt?: boolean;
  /** dh_next = V da in place of Vᵀ da. */
  carryThroughV?: boolean;
  /** dW += do_t h_{t−1}ᵀ in place of do_t h_tᵀ. */
  dWFromPrevious?: boolean;
  /** Every gradient multiplied by this (1/T: a mean over steps). */
  scale?: number;
}

/** ∂L/∂θ by backpropagation through time. */
export function plainRnnBackward(
  p: RnnArrays,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  forward: RnnForwardResult,
  mistakes: RnnBackwardMistakes = {},
): RnnArrays {
  const H = p.bHidden.length, K = p.bOut.length, T = inputs.length;
  const g: RnnArrays = {
    U: new Float64Array(H * K),
    V: new Float64Array(H * H),
    W: new Float64Array(K * H),
    bHidden: new Float64Array(H),
    bOut: new Float64Array(K),
  };
  const zero = new Float64Array(H);
  const state = (t: number) =>
    t >= 0 ? forward.hiddenStates[t] : mistakes.wrapAround ? forward.hiddenStates[T - 1] : zero;
  let dhNext = new Float64Array(H);
  for (let t = T - 1; t >= 0; t--) {
    const h = state(t), hPrev = state(t - 1);
    const dOut = new Float64Array(K);
    if (targets[t] >= 0) {
      dOut.set(forward.probabilities[t]);
      dOut[targets[t]] -= 1;
    }
    const hForW = mistakes.dWFromPrevious ? hPrev : h;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < H; j++) g.W[k * H + j] += dOut[k] * hForW[j];
      g.bOut[k] += dOut[k];
    }
    const da = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      let dh = mistakes.noBptt ? 0 : dhNext[j];
      for (let k = 0; k < K; k++) dh += p.W[k * H + j] * dOut[k];
      const activated = Math.tanh(h[j]);
      da[j] = mistakes.noTanhDerivative
        ? dh
        : dh * (1 - (mistakes.activatedDerivative ? activated * activated : h[j] * h[j]));
    }
    for (let j = 0; j < H; j++) {
      g.bHidden[j] += da[j];
      g.U[j * K + inputs[t]] += da[j];
      for (let k = 0; k < H; k++) g.V[j * H + k] += da[j] * hPrev[k];
    }
    dhNext = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      for (let k = 0; k < H; k++) {
        dhNext[k] += (mistakes.carryThroughV ? p.V[k * H + j] : p.V[j * H + k]) * da[j];
      }
    }
  }
  if (mistakes.scale !== undefined) {
    for (const grad of Object.values(g) as Float64Array[]) {
      for (let i = 0; i < grad.length; i++) grad[i] *= mistakes.scale;
    }
  }
  return g;
}
