// Exercises H–I's checks: sigmoid, initLstm against the library LSTM's
// initialize (same stream, same order), and lstmForward's cache and outputs
// against the library's LSTM on a seeded probe.
import { NumpyRandom } from "../../data/numpy_random.ts";
import { orthogonalMatrix } from "../../init/orthogonal.ts";
import { createReferenceBackend } from "../../backends/reference_backend.ts";
import { LSTM } from "../models/lstm.ts";
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
import { libraryLstm } from "./library_expected.ts";
import {
  LSTM_ARRAY_NAMES,
  type LstmArrays,
  type LstmForwardMistakes,
  plainLstmForward,
  sigmoid as exactSigmoid,
} from "./plain_lstm.ts";
import { lossSuspects } from "./rnn_forward_check.ts";
import type { Diagnosis, Grading } from "./verdict.ts";

/** A seeded LSTM: weights in ±scale, biases too. H = 4, K = 4 by default. */
export function lstmProbe(
  seed: number,
  { H = 4, K = 4, scale = 0.5, biasScale = 0.5 } = {},
): LstmArrays {
  const random = probeRandom(seed);
  const Z = H + K;
  const gate = () => probeArray(random, H * Z, scale);
  const bias = () => probeArray(random, H, biasScale);
  return {
    Wf: gate(),
    Wi: gate(),
    Wg: gate(),
    Wo: gate(),
    bf: bias(),
    bi: bias(),
    bg: bias(),
    bo: bias(),
    Wv: probeArray(random, K * H, scale),
    bv: probeArray(random, K, biasScale),
  };
}

const FORWARD_SUSPECTS: [LstmForwardMistakes, Diagnosis][] = [
  [{ swappedZ: true }, {
    key: "z-swapped",
    title: "z_t = [x_t; h_{t−1}]: x first",
    explanation:
      "The lab stacks h on top: z = np.row_stack((h_prev, x)), so z[0 … H−1] = h_{t−1} and z[H + k] = x_t[k]; the weights' first H columns belong to h.",
  }],
  [{ noTanhC: true }, {
    key: "no-tanh-c",
    title: "h_t = o_t ⊙ c_t: the tanh of the cell state is missing",
    explanation: "h_t = o_t ⊙ tanh(c_t).",
  }],
  [{ noForgetPath: true }, {
    key: "no-forget-path",
    title: "c_t = i_t ⊙ g_t: the previous cell state is dropped",
    explanation:
      "c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t: the forget gate decides how much of c_{t−1} stays.",
  }],
  [{ sigmoidCandidate: true }, {
    key: "sigmoid-candidate",
    title: "g_t = σ(…): the candidate goes through a sigmoid",
    explanation: "g_t = tanh(W_g z_t + b_g) ranges over (−1, 1); only the gates f, i, o use σ.",
  }],
];

type Cache = Record<string, unknown> & { loss: number };

/** The checks of exercises H–I. */
export function checkLstmForward(ctx: CheckContext, g: Grading): void {
  const sigmoid = exported<(a: number) => number>(g, ctx.module, ctx.file, "sigmoid");
  const initLstm = exported<(h: number, k: number, randn: () => number) => Record<string, unknown>>(
    g,
    ctx.module,
    ctx.file,
    "initLstm",
  );
  const lstmForward = exported<(p: LstmArrays, inputs: number[], targets: number[]) => Cache>(
    g,
    ctx.module,
    ctx.file,
    "lstmForward",
  );
  for (const a of [-30, -2, 0, 0.5, 3, 40]) {
    const got = call(g, `sigmoid(${a})`, "sigmoid", () => sigmoid(a));
    if (typeof got !== "number" || !close(got, exactSigmoid(a), { atol: 1e-15, rtol: 1e-12 })) {
      g.fail({
        check: `sigmoid(${a})`,
        message: `expected 1 / (1 + e^${-a}) = ${exactSigmoid(a)}, got ${got}`,
      });
    }
  }
  g.pass("sigmoid(a) = 1 / (1 + e^{−a})");

  const [H, K, seed] = [4, 3, 9];
  const Z = H + K;
  const initCheck = `initLstm(${H}, ${K}, randn) with np.random.seed(${seed})`;
  const random = new NumpyRandom(seed);
  const params = call(
    g,
    initCheck,
    "initLstm",
    () => initLstm(H, K, () => random.standardNormal()),
  );
  const library = new LSTM(createReferenceBackend(), { vocabularySize: K, hiddenSize: H });
  library.initialize(new NumpyRandom(seed));
  const expected: Record<string, Float64Array> = {};
  library.parameters.forEach((p, i) =>
    expected[LSTM_ARRAY_NAMES[i]] = Float64Array.from(p.value.data)
  );
  for (const name of LSTM_ARRAY_NAMES) {
    if (!isNumbers(params?.[name], expected[name].length)) {
      g.fail({
        check: initCheck,
        message: `the result needs \`${name}\` with ${expected[name].length} numbers`,
      });
    }
  }
  const init = params as Record<string, ArrayLike<number>>;
  for (const name of LSTM_ARRAY_NAMES) {
    const shape = name === "Wv" ? [K, H] : name.startsWith("W") ? [H, Z] : [expected[name].length];
    const wrong = firstMismatch(name, expected[name], init[name], shape, {
      atol: 1e-9,
      rtol: 1e-9,
    });
    if (!wrong) continue;
    const drawn = (order: string[]) => {
      const stream = new NumpyRandom(seed);
      const out: Record<string, Float64Array> = {};
      for (const matrix of order) {
        out[matrix] = matrix === "Wv"
          ? orthogonalMatrix(K, H, stream)
          : orthogonalMatrix(H, Z, stream);
      }
      return out;
    };
    const matchesOrder = (order: string[]) => () => {
      const out = drawn(order);
      return order.every((m) => sameValues(init[m], out[m], { atol: 1e-9, rtol: 1e-9 }));
    };
    g.fail({
      check: initCheck,
      message: `${name} differs from the library LSTM's initialisation`,
      mismatch: wrong,
      diagnosis: identify([
        ...[["Wi", "Wf", "Wg", "Wo", "Wv"], ["Wv", "Wf", "Wi", "Wg", "Wo"], [
          "Wf",
          "Wi",
          "Wo",
          "Wg",
          "Wv",
        ]].map(
          (order): Suspect => ({
            test: matchesOrder(order),
            diagnosis: {
              key: "draw-order",
              title: `the matrices are drawn in the order ${order.join(", ")}`,
              explanation:
                "The lab's init_lstm draws W_f, W_i, W_g, W_o, then W_v, from the one stream.",
            },
          }),
        ),
        {
          test: () => name.startsWith("b") && Array.from(init[name]).some((v) => v !== 0),
          diagnosis: {
            key: "bias-not-zero",
            title: "the biases do not start at zero",
            explanation: "The lab's biases start at zero.",
          },
        },
      ]),
    });
  }
  g.pass("initLstm draws W_f, W_i, W_g, W_o, W_v orthogonally in the lab's order; biases zero");

  const p = lstmProbe(51);
  const inputs = [0, 1, 1, 3, 2], targets = [1, 1, 3, 2, 0];
  const T = inputs.length, Kp = p.bv.length, Hp = p.bf.length;
  const check = `lstmForward on a ${T}-step sequence (H = ${Hp}, K = ${Kp})`;
  const got = call(g, check, "lstmForward", () => lstmForward(copyArrays(p), inputs, targets));
  const layout: [string, number, number][] = [
    ["z", T, Hp + Kp],
    ["f", T, Hp],
    ["i", T, Hp],
    ["g", T, Hp],
    ["o", T, Hp],
    ["c", T + 1, Hp],
    ["h", T + 1, Hp],
    ["probabilities", T, Kp],
  ];
  for (const [name, rows, width] of layout) {
    const value = got?.[name];
    if (
      !Array.isArray(value) || value.length !== rows || !value.every((row) => isNumbers(row, width))
    ) {
      const initial = name === "c" || name === "h";
      g.fail({
        check,
        message: `the cache's \`${name}\` must be ${rows} arrays of ${width} numbers${
          initial ? `: the initial state first, then one per step` : ", one per step"
        }`,
        diagnosis: initial && Array.isArray(value) && value.length === T
          ? {
            key: "cache-without-initial-state",
            title: `${name} has one entry per step, without the initial state`,
            explanation:
              `The lab's forward appends the initial state before the loop (C_s.append(C_prev)), so ${name}[0] = 0 and ${name}[t + 1] is step t's — which is what the backward pass (exercise J) indexes.`,
          }
          : undefined,
      });
    }
  }
  const cache = got as unknown as Record<string, ArrayLike<number>[]> & { loss: number };
  if (new Set(cache.h).size < T + 1 || new Set(cache.c).size < T + 1) {
    g.fail({
      check,
      message: "the cache stores the same array at more than one step",
      diagnosis: {
        key: "state-not-copied",
        title: "every step stores the same array, so all of them show the last state",
        explanation: "Make new arrays for each c_t and h_t before storing them.",
      },
    });
  }
  const want = plainLstmForward(p, inputs, targets);
  const reference = libraryLstm(p, inputs, targets);
  const fields: [string, Float64Array, number[]][] = [
    ["c", flat(want.c), [T + 1, Hp]],
    ["h", flat(want.h), [T + 1, Hp]],
    ["z", flat(want.z), [T, Hp + Kp]],
    ["f", flat(want.f), [T, Hp]],
    ["i", flat(want.i), [T, Hp]],
    ["g", flat(want.g), [T, Hp]],
    ["o", flat(want.o), [T, Hp]],
    ["probabilities", reference.probabilities, [T, Kp]],
  ];
  for (const [name, values, shape] of fields) {
    const wrong = firstMismatch(name, values, flat(cache[name]), shape);
    if (!wrong) continue;
    g.fail({
      check,
      message: `the cache's ${name} differs (${name}[t, j] is ${name}[t][j]${
        name === "c" || name === "h" ? `; ${name}[0] is the initial state` : ""
      })`,
      mismatch: wrong,
      diagnosis: identify([
        ...FORWARD_SUSPECTS.map(([mistakes, diagnosis]) => ({
          test: () =>
            sameValues(
              flat(cache[name]),
              flat(plainLstmForward(p, inputs, targets, mistakes)[name as "c"]),
            ),
          diagnosis,
        })),
        {
          test: () => name === "probabilities" && sameValues(flat(cache.h), flat(want.h)),
          diagnosis: {
            key: "output-layer",
            title: "h_t is right but p_t is not",
            explanation:
              "p_t = softmax(W_v h_t + b_v) with W_v (K, H). This file uses softmax from exercise C: does `deno task exercise check c` pass?",
          },
        },
      ]),
    });
  }
  g.pass(
    "the cache (z, f, i, g, o, and c, h from the initial state) matches, and so do the probabilities of the library's LSTM.forward",
  );
  if (typeof cache.loss !== "number" || !close(cache.loss, reference.loss)) {
    g.fail({
      check,
      message: `the loss is ${cache.loss}; the library's LSTM.forward gives ${reference.loss}`,
      diagnosis: typeof cache.loss === "number"
        ? identify(lossSuspects(cache.loss, reference.loss, T, Kp))
        : undefined,
    });
  }
  g.pass("the loss is the library's summed cross-entropy");
}
