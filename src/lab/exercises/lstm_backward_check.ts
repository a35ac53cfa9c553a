// Exercise J's checks. The lab hands out an LSTM backward pass with four
// defects; each has a probe on which it shows whatever else is wrong:
//   1. no BPTT — a loss at the last step only, with a first input used nowhere
//      else: that input's weight columns must get a gradient;
//   4. states one step off — a loss at step 0 only: c_{−1} = 0, so ∂L/∂W_f and
//      ∂L/∂b_f must be exactly 0, and dW_v = dv_0 h_0ᵀ;
//   2. derivatives of activated values — a loss at step 0 only with saturated
//      gates: db_o, db_g, db_i against σ'(σ(a)) and 1 − tanh(tanh c)²;
//   3. no forget-gate derivative — a loss at step 1 of 2 only, where db_f comes
//      from that step alone.
// Then every gradient against the library's LSTM.backward, and against the
// student's own finite differences.
import type { CheckContext } from "./context.ts";
import {
  call,
  copyArrays,
  type Expected,
  exported,
  firstFieldMismatch,
  firstMismatch,
  identify,
  indicesRead,
  matchesAll,
  requireFields,
  sameValues,
} from "./diagnosis.ts";
import { WITNESS_LIMIT, witnessGradients } from "./finite_differences.ts";
import { libraryLstm } from "./library_expected.ts";
import { lstmProbe } from "./lstm_forward_check.ts";
import {
  type LabDefects,
  LSTM_ARRAY_NAMES,
  type LstmArrays,
  plainLstmBackward,
  plainLstmForward,
} from "./plain_lstm.ts";
import type { Diagnosis, Grading, Mismatch } from "./verdict.ts";

const TABLE = "(README: 'What the lab's handed-out backward pass gets wrong')";

/** The four defects of the lab's handed-out backward pass, in the README's order. */
export const LAB_DEFECTS: { flag: keyof LabDefects; number: number; diagnosis: Diagnosis }[] = [
  {
    flag: "noBptt",
    number: 1,
    diagnosis: {
      key: "lab-defect-1-no-bptt",
      title:
        "defect 1 of the lab's backward: dh and dc are never passed to the previous step — no BPTT",
      explanation:
        `With a loss at the last step only, the first input (UNK, used nowhere else) reaches the loss through every later h and c, so its columns of W_f, W_i, W_g, W_o must get a gradient; yours get exactly 0. The lab computes dh_prev = dz[:H] and dC_prev = f ⊙ dC and drops them: assign them to dh_next and dC_next, which the step before reads. ${TABLE}`,
    },
  },
  {
    flag: "activatedDerivatives",
    number: 2,
    diagnosis: {
      key: "lab-defect-2-activated-derivatives",
      title: "defect 2 of the lab's backward: derivatives taken of already activated values",
      explanation:
        `The cache holds o = σ(a_o), i = σ(a_i), g = tanh(a_g), after the activation, so σ'(a_o) = o(1 − o) and tanh'(a_g) = 1 − g². sigmoid(o, derivative=True) computes σ(o)(1 − σ(o)) — the derivative at o, not at a_o — and tanh(tanh(C), derivative=True) is 1 − tanh(tanh(c))², where the cell state's own derivative is 1 − tanh(c)². With saturated gates the two are far apart. ${TABLE}`,
    },
  },
  {
    flag: "forgetWithoutDerivative",
    number: 3,
    diagnosis: {
      key: "lab-defect-3-forget-gate",
      title: "defect 3 of the lab's backward: the forget gate has no derivative term",
      explanation:
        `df = dC ⊙ c_{t−1} ⊙ f(1 − f): f = σ(a_f), so ∂f/∂a_f = f(1 − f). The lab multiplies by sigmoid(f) instead, which is not a derivative at all. With a loss at the second of two steps only, db_f comes from that step alone and shows it. ${TABLE}`,
    },
  },
  {
    flag: "oneStepOff",
    number: 4,
    diagnosis: {
      key: "lab-defect-4-one-step-off",
      title: "defect 4 of the lab's backward: h and C are indexed one step off",
      explanation:
        `The cache's c and h start with the initial state, so step t's are C[t + 1] and h[t + 1], and the previous cell state is C[t]. The lab reads C[t], h[t] and C[t − 1] — at t = 0 that is C[−1], the last cell state. With a loss at step 0 only, c_{−1} = 0, so ∂L/∂W_f and ∂L/∂b_f must be exactly 0 and dW_v = dv_0 h_0ᵀ. ${TABLE}`,
    },
  },
];

const defect = (number: number) => LAB_DEFECTS.find((d) => d.number === number)!;

type LstmBackward = (cache: unknown, targets: number[], params: LstmArrays) => unknown;

function fields(grads: LstmArrays, H: number, K: number): Record<string, Expected> {
  const Z = H + K;
  return Object.fromEntries(LSTM_ARRAY_NAMES.map((name) => [name, {
    values: grads[name],
    shape: name === "Wv" ? [K, H] : name.startsWith("W") ? [H, Z] : [grads[name].length],
  }]));
}

interface Probe {
  check: string;
  params: LstmArrays;
  inputs: number[];
  targets: number[];
}

/** The checks of exercise J. */
export function checkLstmBackward(ctx: CheckContext, g: Grading): void {
  const lstmBackward = exported<LstmBackward>(g, ctx.module, ctx.file, "lstmBackward");
  const H = 4, K = 4;
  const probes = {
    last: {
      check: "lstmBackward with a loss at the last step only",
      params: lstmProbe(61),
      inputs: [3, 0, 0, 1, 1, 2],
      targets: [-1, -1, -1, -1, -1, 2],
    },
    step0: {
      check: "lstmBackward with a loss at step 0 only",
      params: lstmProbe(62),
      inputs: [1, 0, 2, 1],
      targets: [2, -1, -1, -1],
    },
    saturated: {
      check: "lstmBackward with a loss at step 0 only and saturated gates",
      params: lstmProbe(63, { scale: 1.5, biasScale: 2.5 }),
      inputs: [0, 1, 2],
      targets: [1, -1, -1],
    },
    second: {
      check: "lstmBackward with a loss at step 1 of 2 only",
      params: lstmProbe(64),
      inputs: [0, 1],
      targets: [-1, 2],
    },
    full: {
      check: "lstmBackward on a 6-step sequence",
      params: lstmProbe(65),
      inputs: [0, 0, 1, 3, 1, 2],
      targets: [0, 1, 1, 2, 0, 3],
    },
  } satisfies Record<string, Probe>;
  const cache = (probe: Probe) => plainLstmForward(probe.params, probe.inputs, probe.targets);
  const run = (probe: Probe) => {
    const expected = fields(libraryLstm(probe.params, probe.inputs, probe.targets).grads, H, K);
    const got = call(
      g,
      probe.check,
      "lstmBackward",
      () => lstmBackward(cache(probe), [...probe.targets], copyArrays(probe.params)),
      () => {
        // C[t − 1] or h[t − 1] at t = 0 is undefined in JavaScript: the lab's defect 4, crashing.
        const run = (change: Partial<ReturnType<typeof cache>>) => () =>
          lstmBackward(
            { ...cache(probe), ...change },
            [...probe.targets],
            copyArrays(probe.params),
          );
        const c = indicesRead(cache(probe).c, (watched) => run({ c: watched })());
        const h = indicesRead(cache(probe).h, (watched) => run({ h: watched })());
        if (!c.has("-1") && !h.has("-1")) return undefined;
        const { diagnosis } = defect(4);
        return {
          ...diagnosis,
          explanation: diagnosis.explanation.replace(
            "at t = 0 that is C[−1], the last cell state.",
            "at t = 0 that is C[−1]: the last cell state in the lab's Python, undefined in JavaScript (the TypeError).",
          ),
        };
      },
    );
    return { got: requireFields(g, probe.check, got, expected, "the gradients"), expected };
  };
  const mutant = (probe: Probe, defects: LabDefects) =>
    plainLstmBackward(cache(probe), probe.targets, probe.params, defects) as unknown as Record<
      string,
      Float64Array
    >;
  const runs = Object.fromEntries(
    Object.entries(probes).map(([name, probe]) => [name, run(probe)]),
  ) as Record<keyof typeof probes, ReturnType<typeof run>>;

  // Which of the lab's defects, alone or together, give exactly these gradients on the full probe?
  const present = (() => {
    for (let mask = 1; mask < 16; mask++) {
      const defects: LabDefects = {};
      LAB_DEFECTS.forEach((d, bit) => {
        if (mask & (1 << bit)) defects[d.flag] = true;
      });
      if (matchesAll(runs.full.got, mutant(probes.full, defects))) {
        return LAB_DEFECTS.filter((d) => defects[d.flag]).map((d) => d.number);
      }
    }
    return [];
  })();
  if (present.length > 1) {
    g.note(
      `your gradients are exactly those of the lab's handed-out backward with defects ${
        present.join(", ").replace(/, (\d)$/, " and $1")
      }; they are explained one at a time, as each probe finds them`,
    );
  }

  const fail = (probe: Probe, number: number, mismatch: Mismatch | null, message: string) =>
    g.fail({
      check: probe.check,
      message,
      mismatch: mismatch ?? undefined,
      diagnosis: defect(number).diagnosis,
    });

  // Defect 1: the first input's columns of the gate weights.
  {
    const { got, expected } = runs.last;
    const column = H + 3;
    const rows = (values: ArrayLike<number>) =>
      Array.from({ length: H }, (_, j) => values[j * (H + K) + column]);
    const gates = ["Wf", "Wi", "Wg", "Wo"];
    if (gates.every((name) => rows(got[name]).every((v) => v === 0))) {
      const index = 0 * (H + K) + column;
      fail(probes.last, 1, {
        label: "Wi",
        index,
        where: `[0, ${column}]`,
        expected: expected.Wi.values[index],
        got: got.Wi[index],
        differing: firstMismatch("Wi", expected.Wi.values, got.Wi)?.differing ?? 1,
        size: expected.Wi.values.length,
      }, "the first input's weight columns get no gradient");
    }
  }
  g.pass(
    "with a loss at the last step only, the gradient reaches the first input (dh and dc are carried back)",
  );

  // Defect 4: the forget gate at a step-0 loss, and W_v.
  {
    const { got, expected } = runs.step0;
    const nonZero = ["Wf", "bf"].find((name) => Array.from(got[name]).some((v) => v !== 0));
    if (nonZero) {
      fail(
        probes.step0,
        4,
        firstMismatch(nonZero, expected[nonZero].values, got[nonZero], expected[nonZero].shape),
        `∂L/∂${nonZero} must be exactly 0 (c_{−1} = 0)`,
      );
    }
    const wrongWv = firstMismatch("Wv", expected.Wv.values, got.Wv, expected.Wv.shape);
    if (wrongWv && sameValues(got.Wv, mutant(probes.step0, { oneStepOff: true }).Wv)) {
      fail(probes.step0, 4, wrongWv, "dW_v is not dv_0 h_0ᵀ: it uses the state before step 0");
    }
  }
  g.pass(
    "with a loss at step 0 only, ∂L/∂W_f = ∂L/∂b_f = 0 exactly and dW_v = dv_0 h_0ᵀ (states indexed right)",
  );

  // Defect 2: the output, candidate and input gates at a step-0 loss, saturated.
  {
    const { got, expected } = runs.saturated;
    const bad = mutant(probes.saturated, { activatedDerivatives: true });
    for (const name of ["bo", "bg", "bi"]) {
      const wrong = firstMismatch(name, expected[name].values, got[name], expected[name].shape);
      if (wrong && sameValues(got[name], bad[name])) {
        fail(probes.saturated, 2, wrong, `${name} follows the derivative of an activated value`);
      }
    }
  }
  g.pass(
    "with saturated gates, σ' and tanh' come from the stored activations: o(1 − o), 1 − g², 1 − tanh²(c)",
  );

  // Defect 3: db_f from the second of two steps.
  {
    const { got, expected } = runs.second;
    const wrong = firstMismatch("bf", expected.bf.values, got.bf, expected.bf.shape);
    if (wrong) {
      const sigmoidInstead = sameValues(
        got.bf,
        mutant(probes.second, { forgetWithoutDerivative: true }).bf,
      );
      const zero = Array.from(got.bf).every((v) => v === 0);
      if (sigmoidInstead || zero) {
        fail(
          probes.second,
          3,
          wrong,
          zero ? "the forget gate gets no gradient" : "db_f is dC ⊙ c_{t−1} ⊙ σ(f)",
        );
      }
    }
  }
  g.pass("the forget gate's gradient carries its derivative f(1 − f)");

  for (const name of ["last", "step0", "saturated", "second", "full"] as const) {
    const { got, expected } = runs[name];
    const wrong = firstFieldMismatch(got, expected);
    if (!wrong) continue;
    const probe = probes[name];
    g.fail({
      check: probe.check,
      message: `${wrong.label} differs from the library's LSTM.backward`,
      mismatch: wrong,
      diagnosis: identify([
        {
          test: () => matchesAll(got, mutant(probe, { dcNotCarried: true })),
          diagnosis: {
            key: "dc-not-carried",
            title: "dh is carried to the previous step, dc is not",
            explanation:
              "The cell state is a path of its own: c_t = f_t ⊙ c_{t−1} + …, so dc_next = f_t ⊙ dc goes back too.",
          },
        },
        {
          test: () => matchesAll(got, mutant(probe, { dhNotCarried: true })),
          diagnosis: {
            key: "dh-not-carried",
            title: "dc is carried to the previous step, dh is not",
            explanation: "h_{t−1} is part of z_t = [h_{t−1}; x_t]: dh_next = dz[:H].",
          },
        },
        ...present.map((number) => ({ test: () => true, diagnosis: defect(number).diagnosis })),
      ]),
    });
  }
  g.pass("every gradient matches the library's LSTM.backward on 6-step and single-loss sequences");

  const probe = probes.full;
  const values = copyArrays(probe.params);
  const witnessed = witnessGradients(
    ctx.witness.gradient,
    () => plainLstmForward(values, probe.inputs, probe.targets).loss,
    values as unknown as Record<string, Float64Array>,
    runs.full.got,
  );
  if (!(witnessed.worst <= WITNESS_LIMIT)) {
    g.fail({
      check: `${ctx.witness.whose} against lstmBackward`,
      message:
        `they disagree at ${witnessed.name}[${witnessed.index}]: finite differences ${witnessed.numeric}, lstmBackward ${witnessed.analytic} — though lstmBackward matches the library; is your numericGradient right?`,
    });
  }
  g.pass(
    `${ctx.witness.whose} agrees with lstmBackward on all ten parameters (worst relative error ${
      witnessed.worst.toExponential(1)
    })`,
  );
}
