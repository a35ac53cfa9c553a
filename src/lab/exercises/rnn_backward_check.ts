// Exercise D's checks: rnnBackward against the library's RNN.backward on a
// full sequence and on targeted probes — a loss at step 0 only (where dV must
// be exactly 0), a loss at the last step only (whose gradient must reach the
// first input), saturated units (where derivatives of activated values are far
// off) — and the student's own finite differences; then clipGradientNorm.
import { clipCoefficient } from "../../core/clip.ts";
import type { CheckContext } from "./context.ts";
import {
  call,
  close,
  copyArrays,
  type Expected,
  exported,
  firstFieldMismatch,
  firstMismatch,
  identify,
  indicesRead,
  matchesAll,
  probeArray,
  probeRandom,
  requireFields,
  sameValues,
  type Suspect,
} from "./diagnosis.ts";
import { WITNESS_LIMIT, witnessGradients } from "./finite_differences.ts";
import { libraryRnn } from "./library_expected.ts";
import {
  plainRnnBackward,
  plainRnnForward,
  type RnnArrays,
  type RnnBackwardMistakes,
} from "./plain_rnn.ts";
import { type RnnProbe, rnnProbe } from "./rnn_forward_check.ts";
import type { Diagnosis, Grading } from "./verdict.ts";

type RnnBackward = (
  params: RnnArrays,
  inputs: number[],
  targets: number[],
  forward: ReturnType<typeof plainRnnForward>,
) => unknown;

const ACTIVATED: Diagnosis = {
  key: "activated-derivative",
  title: "the derivative is taken of an already activated value: 1 − tanh(h_t)²",
  explanation:
    "hiddenStates holds h_t = tanh(a_t), after the activation, so tanh'(a_t) = 1 − h_t². Applying the derivative formula to h_t itself computes 1 − tanh(tanh(a_t))², which is far off wherever a unit saturates. The lab's published solution makes this mistake: tanh(hidden_states[t], derivative=True).",
};
const OFF_BY_ONE: Diagnosis = {
  key: "off-by-one-in-time",
  title: "off by one in time: at t = 0 the 'previous' state is the last one",
  explanation:
    "With a loss at step 0 only, dV = da_0 h_{−1}ᵀ and h_{−1} = 0, so dV must be exactly 0; yours is not. hiddenStates[t − 1] at t = 0 is hiddenStates[−1] — undefined in JavaScript, the last state in Python (and .at(−1) here). The lab's published solution makes this mistake: hidden_states[t-1]. Use zeros for h_{−1}.",
};
const OFF_BY_ONE_CRASH: Diagnosis = {
  key: OFF_BY_ONE.key,
  title: "off by one in time: at t = 0 it reads hiddenStates[−1]",
  explanation:
    "h_{t−1} at t = 0 is h_{−1}, the zero initial state, which hiddenStates does not hold (it starts with h_0): hiddenStates[t − 1] there is hiddenStates[−1], undefined in JavaScript — the TypeError — and the last state in Python, which is what the lab's published solution silently uses. Use zeros at t = 0.",
};
const NO_BPTT: Diagnosis = {
  key: "no-bptt",
  title: "the gradient is not carried to the previous step",
  explanation:
    "With a loss at the last step only, the first input reaches the loss through every later state, so its column of dU must be non-zero; yours is 0. dh_t = Wᵀ do_t + Vᵀ da_{t+1}: keep d_h_next = Vᵀ da_t for the step before.",
};

const MUTANTS: [RnnBackwardMistakes, Diagnosis][] = [
  [{ activatedDerivative: true, wrapAround: true }, {
    key: "lab-solution",
    title: "these are the gradients of the lab's published RNN solution, with both of its bugs",
    explanation: `${
      ACTIVATED.explanation.split(". The lab")[0]
    }. And at t = 0 it reads h_{t−1} as hidden_states[-1], the last state, where h_{−1} = 0.`,
  }],
  [{ activatedDerivative: true }, ACTIVATED],
  [{ wrapAround: true }, OFF_BY_ONE],
  [{ noBptt: true }, NO_BPTT],
  [{ noTanhDerivative: true }, {
    key: "no-tanh-derivative",
    title: "the tanh's derivative is missing: da_t = dh_t",
    explanation: "da_t = dh_t ⊙ (1 − h_t²): the gradient passes through h_t = tanh(a_t).",
  }],
  [{ carryThroughV: true }, {
    key: "carried-through-v",
    title: "the gradient is carried back through V instead of Vᵀ",
    explanation:
      "a_{t+1} = … + V h_t, so ∂a_{t+1}/∂h_t = V and the gradient reaching h_t is Vᵀ da_{t+1}: (Vᵀ d)_k = Σ_j V[j, k] d_j.",
  }],
  [{ dWFromPrevious: true }, {
    key: "dw-from-previous",
    title: "dW uses h_{t−1}",
    explanation: "o_t = W h_t + b_out, so dW += do_t h_tᵀ with the state of the same step.",
  }],
];

function expectedFields(grads: RnnArrays, H: number, K: number): Record<string, Expected> {
  const shapes: Record<string, number[]> = {
    U: [H, K],
    V: [H, H],
    W: [K, H],
    bHidden: [H],
    bOut: [K],
  };
  return Object.fromEntries(
    Object.entries(shapes).map((
      [name, shape],
    ) => [name, { values: grads[name as keyof RnnArrays], shape }]),
  );
}

/** The checks of exercise D. */
export function checkRnnBackward(ctx: CheckContext, g: Grading): void {
  const rnnBackward = exported<RnnBackward>(g, ctx.module, ctx.file, "rnnBackward");
  const clipGradientNorm = exported<(grads: Float64Array[], maxNorm: number) => unknown>(
    g,
    ctx.module,
    ctx.file,
    "clipGradientNorm",
  );
  const H = 5, K = 4;
  const gradients = (probe: RnnProbe, check: string) => {
    const forward = plainRnnForward(probe.params, probe.inputs, probe.targets);
    const got = call(
      g,
      check,
      "rnnBackward",
      () => rnnBackward(copyArrays(probe.params), [...probe.inputs], [...probe.targets], forward),
      () => {
        // hiddenStates[t − 1] at t = 0 is undefined in JavaScript: the off-by-one, crashing.
        const read = indicesRead(
          forward.hiddenStates,
          (hiddenStates) =>
            rnnBackward(copyArrays(probe.params), [...probe.inputs], [...probe.targets], {
              ...forward,
              hiddenStates,
            }),
        );
        return read.has("-1") ? OFF_BY_ONE_CRASH : undefined;
      },
    );
    const expected = libraryRnn(probe.params, probe.inputs, probe.targets).grads;
    const fields = expectedFields(expected, H, K);
    return { got: requireFields(g, check, got, fields, "the gradients"), fields };
  };
  // A loss at step 0 only; a loss at the last step only with a first input (UNK) used nowhere else;
  // saturated units (weights ×4) on one step.
  const step0 = rnnProbe(22, [2, 0, 1, 1, 0], [1, -1, -1, -1, -1]);
  const lastOnly = rnnProbe(23, [3, 0, 1, 1, 0, 2], [-1, -1, -1, -1, -1, 2]);
  const saturated = rnnProbe(24, [1, 2], [2, 0], { scale: 2.4 });
  const full = rnnProbe(21, [0, 1, 1, 0, 2, 1], [1, 1, 0, 2, 1, 3]);
  const probes: [string, RnnProbe][] = [
    ["rnnBackward with a loss at step 0 only (targets −1 elsewhere)", step0],
    ["rnnBackward with a loss at the last step only", lastOnly],
    ["rnnBackward with saturated hidden units", saturated],
    ["rnnBackward on a 6-step sequence", full],
  ];
  const predict = (probe: RnnProbe, mistakes: RnnBackwardMistakes) =>
    plainRnnBackward(
      probe.params,
      probe.inputs,
      probe.targets,
      plainRnnForward(probe.params, probe.inputs, probe.targets),
      mistakes,
    ) as unknown as Record<string, Float64Array>;
  // The lab's published solution first: its two bugs show together on a whole sequence.
  {
    const [check] = probes[3];
    const { got, fields } = gradients(full, check);
    const [mistakes, diagnosis] = MUTANTS[0];
    if (matchesAll(got, predict(full, mistakes))) {
      g.fail({
        check,
        message: "the gradients differ from the library's RNN.backward",
        mismatch: firstFieldMismatch(got, fields) ?? undefined,
        diagnosis,
      });
    }
  }
  // Then each targeted probe, with the evidence it was made for.
  {
    const [check] = probes[0];
    const { got, fields } = gradients(step0, check);
    if (Object.values(got).some((values) => Array.from(values).some(Number.isNaN))) {
      g.fail({
        check,
        message: "the gradients are NaN",
        diagnosis: {
          key: "padding-not-skipped",
          title: "a target of −1 is not skipped",
          explanation:
            "−1 marks a step without a loss: do_t = 0 there (p[−1] is undefined in JavaScript, so p[−1] − 1 is NaN). The gradient from later steps still flows through that step.",
        },
      });
    }
    if (Array.from(got.V).some((v) => v !== 0)) {
      g.fail({
        check,
        message: "dV must be exactly 0",
        mismatch: firstMismatch("V", fields.V.values, got.V, fields.V.shape) ?? undefined,
        diagnosis: OFF_BY_ONE,
      });
    }
  }
  {
    const [check] = probes[1];
    const { got, fields } = gradients(lastOnly, check);
    const column = Array.from({ length: H }, (_, j) => j * K + 3);
    if (column.every((index) => got.U[index] === 0)) {
      const index = column.find((i) => fields.U.values[i] !== 0) ?? column[0];
      g.fail({
        check,
        message: "the first input's column of dU is 0",
        mismatch: {
          label: "U",
          index,
          where: `[${Math.floor(index / K)}, 3]`,
          expected: fields.U.values[index],
          got: got.U[index],
          differing: column.filter((i) => fields.U.values[i] !== 0).length,
          size: H,
        },
        diagnosis: NO_BPTT,
      });
    }
  }
  {
    const [check] = probes[2];
    const { got, fields } = gradients(saturated, check);
    const wrong = firstMismatch("bHidden", fields.bHidden.values, got.bHidden);
    if (
      wrong && sameValues(got.bHidden, predict(saturated, { activatedDerivative: true }).bHidden)
    ) {
      g.fail({
        check,
        message: "dbHidden follows 1 − tanh(h)²",
        mismatch: wrong,
        diagnosis: ACTIVATED,
      });
    }
  }
  for (const [check, probe] of probes) {
    const { got, fields } = gradients(probe, check);
    const wrong = firstFieldMismatch(got, fields);
    if (!wrong) continue;
    const forward = plainRnnForward(probe.params, probe.inputs, probe.targets);
    const T = probe.inputs.length;
    const predicted = (mistakes: RnnBackwardMistakes) =>
      plainRnnBackward(
        probe.params,
        probe.inputs,
        probe.targets,
        forward,
        mistakes,
      ) as unknown as Record<
        string,
        Float64Array
      >;
    const suspects: Suspect[] = [
      ...MUTANTS.map(([mistakes, diagnosis]) => ({
        test: () => matchesAll(got, predicted(mistakes)),
        diagnosis,
      })),
      {
        test: () => matchesAll(got, predicted({ scale: 1 / T })),
        diagnosis: {
          key: "mean-over-steps",
          title: `every gradient is divided by T = ${T}: a mean where a sum is asked`,
          explanation:
            "The loss is summed over the steps, L = Σ_t −ln p_t[y_t], so its gradient is the sum of every step's contribution, not their mean.",
        },
      },
      {
        test: () => matchesAll(got, predicted({ scale: 1 / K })),
        diagnosis: {
          key: "lab-loss-mean",
          title:
            `every gradient is divided by K = ${K}, as if the loss were the lab's mean over the one-hot`,
          explanation: "do_t = p_t − one_hot(y_t) is the gradient of the summed cross-entropy.",
        },
      },
    ];
    const values = copyArrays(probe.params);
    const witnessed = witnessGradients(
      ctx.witness.gradient,
      () => plainRnnForward(values, probe.inputs, probe.targets).loss,
      values as unknown as Record<string, Float64Array>,
      got,
    );
    const numeric = witnessed.numericGradients[wrong.label]?.[wrong.index];
    if (numeric !== undefined) {
      g.note(
        `${ctx.witness.whose} gives ${
          Number(numeric.toPrecision(8))
        } for ${wrong.label}${wrong.where} of this probe`,
      );
    }
    g.fail({
      check,
      message: `${wrong.label} differs from the library's RNN.backward`,
      mismatch: wrong,
      diagnosis: identify(suspects),
    });
  }
  g.pass("gradients of all five parameters match the library's RNN.backward on a 6-step sequence");
  g.pass(
    "with a loss at step 0 only, dV is exactly 0 (h_{−1} = 0) and steps with target −1 add nothing",
  );
  g.pass(
    "with a loss at the last step only, the gradient reaches the first input (backpropagation through time)",
  );
  g.pass("with saturated hidden units, tanh' is taken from the stored h_t: 1 − h_t²");
  const probe = full;
  const { got } = gradients(probe, probes[3][0]);
  const values = copyArrays(probe.params);
  const witnessed = witnessGradients(
    ctx.witness.gradient,
    () => plainRnnForward(values, probe.inputs, probe.targets).loss,
    values as unknown as Record<string, Float64Array>,
    got,
  );
  if (!(witnessed.worst <= WITNESS_LIMIT)) {
    g.fail({
      check: `${ctx.witness.whose} against rnnBackward`,
      message:
        `they disagree at ${witnessed.name}[${witnessed.index}]: finite differences ${witnessed.numeric}, rnnBackward ${witnessed.analytic} (relative error ${
          witnessed.worst.toExponential(2)
        }) — though rnnBackward matches the library; is your numericGradient right?`,
    });
  }
  g.pass(
    `${ctx.witness.whose} agrees with rnnBackward on every parameter (worst relative error ${
      witnessed.worst.toExponential(1)
    })`,
  );
  checkClipping(g, clipGradientNorm);
}

function checkClipping(
  g: Grading,
  clip: (grads: Float64Array[], maxNorm: number) => unknown,
): void {
  const random = probeRandom(31);
  const large = [probeArray(random, 6, 9), probeArray(random, 4, 7)];
  const small = [probeArray(random, 3, 0.05), probeArray(random, 2, 0.05)];
  for (
    const [grads, label] of [[large, "a gradient of norm > 0.25"], [
      small,
      "a gradient of norm < 0.25",
    ]] as const
  ) {
    const check = `clipGradientNorm of ${label}, maxNorm 0.25`;
    const before = grads.map((grad) => Float64Array.from(grad));
    const copies = grads.map((grad) => Float64Array.from(grad));
    const returned = call(g, check, "clipGradientNorm", () => clip(copies, 0.25));
    const squares = before.reduce((s, grad) => s + grad.reduce((t, v) => t + v * v, 0), 0);
    const norm = Math.sqrt(squares);
    const coefficient = clipCoefficient(norm, 0.25);
    const expected = before.map((grad) => grad.map((v) => v * coefficient));
    const after = copies.map((grad) => Array.from(grad));
    const same = (scaled: Float64Array[]) => scaled.every((grad, i) => sameValues(after[i], grad));
    if (!same(expected)) {
      const perTensor = before.map((grad) => {
        const own = Math.sqrt(grad.reduce((t, v) => t + v * v, 0));
        return grad.map((v) => v * clipCoefficient(own, 0.25));
      });
      const scaledBy = (c: number) => before.map((grad) => grad.map((v) => v * c));
      g.fail({
        check,
        message: coefficient < 1
          ? `the gradients should be scaled by 0.25 / (‖g‖ + 1e-6) = ${
            coefficient.toPrecision(6)
          } (‖g‖ = ${norm.toPrecision(6)})`
          : `the gradients should stay as they are (‖g‖ = ${norm.toPrecision(6)} ≤ 0.25)`,
        diagnosis: identify([
          {
            test: () => same(before) && coefficient < 1,
            diagnosis: {
              key: "clip-not-in-place",
              title: "the gradients passed in are left unchanged",
              explanation:
                "Clip in place, as the lab's grad *= clip_coef: the caller goes on to use the arrays it passed.",
            },
          },
          {
            test: () => same(perTensor),
            diagnosis: {
              key: "clip-per-tensor",
              title: "each gradient is clipped by its own norm",
              explanation:
                "The lab clips the global norm: one norm over every entry of every gradient, one coefficient for all of them.",
            },
          },
          {
            test: () => coefficient === 1,
            diagnosis: {
              key: "clip-scales-up",
              title: "a gradient already within the limit is scaled",
              explanation: "coef = max_norm / (norm + 1e-6) is applied only when it is below 1.",
            },
          },
          {
            test: () => same(scaledBy(0.25 / (squares + 1e-6))),
            diagnosis: {
              key: "clip-no-sqrt",
              title: "the norm is taken as the sum of squares, without the square root",
              explanation: "‖g‖ = sqrt(Σ g²).",
            },
          },
          {
            test: () => same(scaledBy(0.25 / norm)),
            diagnosis: {
              key: "clip-no-epsilon",
              title: "the coefficient is max_norm / ‖g‖, without the lab's + 1e-6",
              explanation: "The lab's clip_coef = max_norm / (total_norm + 1e-6).",
            },
          },
        ]),
      });
    }
    if (typeof returned !== "number" || !close(returned, norm)) {
      g.fail({
        check,
        message: `it returns ${returned}; expected the global norm before clipping, ${norm}`,
        diagnosis: typeof returned === "number" && close(returned, coefficient)
          ? {
            key: "clip-returns-coefficient",
            title: "it returns the coefficient",
            explanation: "Return the norm before clipping (as PyTorch's clip_grad_norm_ does).",
          }
          : undefined,
      });
    }
  }
  g.pass(
    "clipGradientNorm scales all gradients by 0.25 / (‖g‖ + 1e-6) when that is below 1, in place",
  );
}
