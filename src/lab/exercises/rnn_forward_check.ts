// Exercise C's checks: softmax (including the overflow of the lab's own),
// the summed cross-entropy (against the lab's mean), and the RNN's forward
// pass against the library's RNN on a seeded probe.
import type { CheckContext } from "./context.ts";
import {
  call,
  close,
  copyArrays,
  exported,
  firstMismatch,
  flat,
  identify,
  isNumbers,
  probeArray,
  probeRandom,
  sameValues,
  type Suspect,
} from "./diagnosis.ts";
import { libraryRnn } from "./library_expected.ts";
import {
  plainRnnForward,
  type RnnArrays,
  type RnnForwardMistakes,
  stableSoftmax,
  summedCrossEntropy,
} from "./plain_rnn.ts";
import type { Diagnosis, Grading } from "./verdict.ts";

/** A seeded RNN and a sequence to run it on. */
export interface RnnProbe {
  params: RnnArrays;
  inputs: number[];
  targets: number[];
}

/** Random weights in ±scale (biases too), H = 5, K = 4 by default. */
export function rnnProbe(
  seed: number,
  inputs: number[],
  targets: number[],
  { H = 5, K = 4, scale = 0.6 } = {},
): RnnProbe {
  const random = probeRandom(seed);
  return {
    params: {
      U: probeArray(random, H * K, scale),
      V: probeArray(random, H * H, scale),
      W: probeArray(random, K * H, scale),
      bHidden: probeArray(random, H, scale),
      bOut: probeArray(random, K, scale),
    },
    inputs,
    targets,
  };
}

/** The lab's loss defect and other reductions, as ratios to the summed loss. */
export function lossSuspects(
  got: number,
  expected: number,
  steps: number,
  classes: number,
): Suspect[] {
  const ratio = (r: number) => () => close(got, expected * r, { atol: 1e-12, rtol: 1e-9 });
  return [
    {
      test: ratio(1 / classes),
      diagnosis: {
        key: "lab-loss-mean",
        title: `the loss is divided by K = ${classes}: the lab's −mean(log(p) ⊙ one_hot)`,
        explanation:
          "np.mean over the K entries of log(p_t) ⊙ one_hot(y_t) averages K − 1 zeros with −ln p_t[y_t], so it is the cross-entropy divided by K — while the gradient the lab then uses, p − one_hot, is that of the sum. The loss is L = Σ_t −ln p_t[y_t].",
      },
    },
    {
      test: ratio(1 / steps),
      diagnosis: {
        key: "mean-over-steps",
        title: `the loss is a mean over the ${steps} steps where a sum is asked`,
        explanation:
          "The lab's loss (and its gradient p − one_hot at every step) is the sum over the sequence: L = Σ_t −ln p_t[y_t].",
      },
    },
    {
      test: ratio(1 / (steps * classes)),
      diagnosis: {
        key: "mean-over-everything",
        title: "the loss is averaged over both the steps and the K entries",
        explanation: "L = Σ_t −ln p_t[y_t]: a sum over the steps, one term per step.",
      },
    },
    {
      test: ratio(-1),
      diagnosis: {
        key: "loss-sign",
        title: "the loss is negative: the minus sign of −ln p is missing",
        explanation: "ln p ≤ 0 for a probability, so the negative log-likelihood −ln p is ≥ 0.",
      },
    },
    {
      test: ratio(1 / Math.LN10),
      diagnosis: {
        key: "log10",
        title: "log base 10 where the natural logarithm is asked",
        explanation: "Use Math.log (ln); Math.log10 divides the loss by ln 10.",
      },
    },
  ];
}

const LAB_SOFTMAX: Diagnosis = {
  key: "lab-softmax-overflow",
  title: "softmax overflows on large inputs — the lab's own softmax does the same",
  explanation:
    "The lab's softmax computes exp(x + 1e-12) / Σ exp(x + 1e-12): e^1000 is Infinity and Infinity / Infinity is NaN (and e^−1000 is 0, so 0 / 0). softmax(x) = softmax(x − c) for any c: subtract max(x) first, and no exponent is positive.",
};

type Softmax = (x: Float64Array) => ArrayLike<number>;

/** softmax checks, shared by the exercises that use it. */
export function checkSoftmax(g: Grading, softmax: Softmax): void {
  for (const x of [[1, 2, 3, 0.5], [1000, 999, 990, -5], [-1000, -1001, -990]]) {
    const check = `softmax([${x.join(", ")}])`;
    const input = Float64Array.from(x);
    const got = call(g, check, "softmax", () => softmax(input));
    if (!isNumbers(got, x.length)) {
      g.fail({ check, message: `expected ${x.length} numbers, one probability per entry` });
    }
    if (input.some((v, i) => v !== x[i])) {
      g.fail({ check, message: "softmax changed its input; return a new array" });
    }
    const expected = stableSoftmax(x);
    const wrong = firstMismatch("softmax", expected, got);
    if (!wrong) continue;
    const sum = Array.from(got).reduce((s, v) => s + v, 0);
    g.fail({
      check,
      message: Array.from(got).some((v) => !Number.isFinite(v))
        ? "it is not finite"
        : `its entries sum to ${sum}`,
      mismatch: wrong,
      diagnosis: identify([
        { test: () => Array.from(got).some((v) => !Number.isFinite(v)), diagnosis: LAB_SOFTMAX },
        {
          test: () => sameValues(got, x.map(Math.exp)),
          diagnosis: {
            key: "not-normalised",
            title: "the exponentials are not divided by their sum",
            explanation: "softmax(x)_k = e^{x_k} / Σ_j e^{x_j}: the probabilities must sum to 1.",
          },
        },
      ]),
    });
  }
  g.pass("softmax sums to 1 and stays finite for inputs of ±1000");
}

type CrossEntropy = (p: Float64Array[], targets: number[]) => number;

/** crossEntropy checks. */
export function checkCrossEntropy(g: Grading, crossEntropy: CrossEntropy): void {
  const random = probeRandom(11);
  const probabilities = [0, 1, 2].map(() => stableSoftmax(probeArray(random, 4, 2)));
  const targets = [2, 0, 3];
  const check = "crossEntropy of 3 steps, K = 4";
  const got = call(g, check, "crossEntropy", () => crossEntropy(probabilities, targets));
  const expected = summedCrossEntropy(probabilities, targets);
  if (typeof got !== "number" || !close(got, expected)) {
    g.fail({
      check,
      message: `expected Σ_t −ln p_t[y_t] = ${expected}, got ${got}`,
      diagnosis: typeof got === "number" ? identify(lossSuspects(got, expected, 3, 4)) : undefined,
    });
  }
  const padded = [1, -1, 2];
  const paddedCheck = "crossEntropy with targets [1, −1, 2]";
  const gotPadded = call(g, paddedCheck, "crossEntropy", () => crossEntropy(probabilities, padded));
  const expectedPadded = summedCrossEntropy(probabilities, padded);
  if (typeof gotPadded !== "number" || !close(gotPadded, expectedPadded)) {
    g.fail({
      check: paddedCheck,
      message:
        `expected ${expectedPadded} (the step with target −1 adds nothing), got ${gotPadded}`,
      diagnosis: {
        key: "padding-not-skipped",
        title: "a target of −1 is not skipped",
        explanation:
          "−1 marks a step without a loss (padding, exercise G). p[−1] is undefined in JavaScript, which turns the sum into NaN: add a step's term only when its target is ≥ 0.",
      },
    });
  }
  g.pass("crossEntropy is the summed −ln p_t[y_t], skipping targets of −1");
}

type RnnForward = (p: RnnArrays, inputs: number[], targets: number[]) => {
  hiddenStates: ArrayLike<number>[];
  probabilities: ArrayLike<number>[];
  loss: number;
};

const FORWARD_SUSPECTS: [RnnForwardMistakes, Diagnosis][] = [
  [{ transposedV: true }, {
    key: "v-transposed",
    title: "the recurrence uses Vᵀ h_{t−1}",
    explanation:
      "V is (H, H) with (V h)_j = Σ_k V[j, k] h_k = Σ_k V[j·H + k] h_k; yours reads V[k·H + j], the transpose.",
  }],
  [{ noTanh: true }, {
    key: "no-tanh",
    title: "the hidden state is not passed through tanh",
    explanation: "h_t = tanh(U x_t + V h_{t−1} + b_hidden).",
  }],
  [{ noHiddenBias: true }, {
    key: "no-hidden-bias",
    title: "b_hidden is left out",
    explanation: "h_t = tanh(U x_t + V h_{t−1} + b_hidden).",
  }],
  [{ outputFromPrevious: true }, {
    key: "output-one-step-late",
    title: "the output at step t is computed from h_{t−1}",
    explanation: "o_t = W h_t + b_out uses the state just computed at step t.",
  }],
];

/** The checks of exercise C. */
export function checkRnnForward(ctx: CheckContext, g: Grading): void {
  const softmax = exported<Softmax>(g, ctx.module, ctx.file, "softmax");
  const crossEntropy = exported<CrossEntropy>(g, ctx.module, ctx.file, "crossEntropy");
  const rnnForward = exported<RnnForward>(g, ctx.module, ctx.file, "rnnForward");
  checkSoftmax(g, softmax);
  checkCrossEntropy(g, crossEntropy);

  const probe = rnnProbe(5, [0, 1, 1, 3, 2, 0], [1, 1, 3, 2, 0, 2]);
  const { inputs, targets } = probe;
  const T = inputs.length, H = probe.params.bHidden.length, K = probe.params.bOut.length;
  const check = `rnnForward on a ${T}-step sequence (H = ${H}, K = ${K})`;
  const got = call(
    g,
    check,
    "rnnForward",
    () => rnnForward(copyArrays(probe.params), inputs, targets),
  );
  for (const [name, width] of [["hiddenStates", H], ["probabilities", K]] as const) {
    const rows = got?.[name];
    if (!Array.isArray(rows) || rows.length !== T || !rows.every((row) => isNumbers(row, width))) {
      g.fail({
        check,
        message: `\`${name}\` must be ${T} arrays (one per step) of ${width} numbers`,
      });
    }
  }
  if (new Set(got.hiddenStates).size < T) {
    g.fail({
      check,
      message: "hiddenStates holds the same array more than once",
      diagnosis: {
        key: "state-not-copied",
        title: "every step stores the same array, so all of them show the last h",
        explanation:
          "Updating h in place and pushing it each step stores T references to one array. Make a new array for each h_t (the lab appends hidden_state.copy()).",
      },
    });
  }
  const expected = plainRnnForward(probe.params, inputs, targets);
  const library = libraryRnn(probe.params, inputs, targets);
  const wrongH = firstMismatch("h", flat(expected.hiddenStates), flat(got.hiddenStates), [T, H]);
  if (wrongH) {
    const suspects: Suspect[] = FORWARD_SUSPECTS.map(([mistakes, diagnosis]) => ({
      test: () =>
        sameValues(
          flat(got.hiddenStates),
          flat(plainRnnForward(probe.params, inputs, targets, mistakes).hiddenStates),
        ),
      diagnosis,
    }));
    g.fail({
      check,
      message: "the hidden states differ (h[t, j] is hiddenStates[t][j])",
      mismatch: wrongH,
      diagnosis: identify(suspects),
    });
  }
  g.pass("hidden states h_t = tanh(U x_t + V h_{t−1} + b_hidden) match, from h_{−1} = 0");
  const wrongP = firstMismatch("p", library.probabilities, flat(got.probabilities), [T, K]);
  if (wrongP) {
    const sums = got.probabilities.map((row) => Array.from(row).reduce((s, v) => s + v, 0));
    g.fail({
      check,
      message:
        "the probabilities differ from the library's RNN.forward (p[t, k] is probabilities[t][k])",
      mismatch: wrongP,
      diagnosis: identify([
        ...FORWARD_SUSPECTS.map(([mistakes, diagnosis]) => ({
          test: () =>
            sameValues(
              flat(got.probabilities),
              flat(plainRnnForward(probe.params, inputs, targets, mistakes).probabilities),
            ),
          diagnosis,
        })),
        {
          test: () => sums.some((sum) => !close(sum, 1)),
          diagnosis: {
            key: "not-softmax",
            title: "a step's probabilities do not sum to 1",
            explanation: "p_t = softmax(W h_t + b_out).",
          },
        },
      ]),
    });
  }
  g.pass("probabilities p_t = softmax(W h_t + b_out) match the library's RNN.forward");
  if (typeof got.loss !== "number" || !close(got.loss, library.loss)) {
    g.fail({
      check,
      message: `the loss is ${got.loss}; the library's RNN.forward gives ${library.loss}`,
      diagnosis: typeof got.loss === "number"
        ? identify(lossSuspects(got.loss, library.loss, T, K))
        : undefined,
    });
  }
  g.pass("the loss is the library's summed cross-entropy");
  const again = call(
    g,
    check,
    "rnnForward",
    () => rnnForward(copyArrays(probe.params), inputs, targets),
  );
  if (!sameValues(flat(again.probabilities ?? []), library.probabilities)) {
    g.fail({
      check: `${check}, called a second time`,
      message: "the second call gives other probabilities than the first",
      diagnosis: {
        key: "state-not-reset",
        title: "state is carried from one call to the next",
        explanation:
          "Each call is one sequence and starts from h_{−1} = 0; keep h in a local variable, not one that outlives the call.",
      },
    });
  }
  g.pass("a second call starts again from h = 0");
}
