// Exercise M's checks: one GRU step against the library's cell kernels
// (src/backends/reference/gru_cell.ts, PyTorch's form), forward then backward from the
// student's own cache, and against the student's own finite differences.
import type { CheckContext } from "./context.ts";
import {
  call,
  copyArrays,
  type Expected,
  exported,
  firstFieldMismatch,
  firstMismatch,
  identify,
  isNumbers,
  matchesAll,
  probeArray,
  probeRandom,
  requireFields,
  sameValues,
} from "./diagnosis.ts";
import { WITNESS_LIMIT, witnessGradients } from "./finite_differences.ts";
import { libraryGruStep } from "./library_expected.ts";
import {
  type GruArrays,
  type GruBackwardMistakes,
  type GruForwardMistakes,
  plainGruBackward,
  plainGruForward,
} from "./plain_gru.ts";
import type { Diagnosis, Grading } from "./verdict.ts";

const I = 3, H = 4;

const FORWARD_SUSPECTS: [GruForwardMistakes, Diagnosis][] = [
  [{ bhnOutside: true }, {
    key: "bhn-outside-reset",
    title: "b_hn is added outside the reset product",
    explanation:
      "PyTorch's GRU: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)) — b_hn is inside, multiplied by r with W_hn h.",
  }],
  [{ swappedUpdate: true }, {
    key: "update-swapped",
    title: "h' = z ⊙ n + (1 − z) ⊙ h: the update gate's roles are swapped",
    explanation: "PyTorch's GRU keeps the old state where z is 1: h' = (1 − z) ⊙ n + z ⊙ h.",
  }],
  [{ resetBeforeProduct: true }, {
    key: "reset-before-product",
    title: "n = tanh(W_in x + b_in + W_hn (r ⊙ h) + b_hn): the original GRU, not PyTorch's",
    explanation:
      "Cho et al. (2014) reset h before the product; PyTorch (and cuDNN) apply r after it: r ⊙ (W_hn h + b_hn).",
  }],
];

const BACKWARD_SUSPECTS: [GruBackwardMistakes, Diagnosis][] = [
  [{ activatedDerivatives: true }, {
    key: "activated-derivatives",
    title: "derivatives taken of already activated values: σ'(σ(a)), 1 − tanh(n)²",
    explanation:
      "r, z and n are stored after their activations, so σ'(a_r) = r(1 − r) and tanh'(a_n) = 1 − n².",
  }],
  [{ noDirectPath: true }, {
    key: "no-direct-path",
    title: "dh misses the direct path through z ⊙ h",
    explanation:
      "h' = (1 − z) ⊙ n + z ⊙ h depends on h directly: ∂L/∂h gets dh' ⊙ z, besides the paths through r, z and n.",
  }],
  [{ hiddenNWithoutR: true }, {
    key: "hidden-n-without-r",
    title: "the hidden side of n is missing the factor r",
    explanation:
      "W_hn h + b_hn is multiplied by r inside n, so its gradient (for db_hn, dW_hn and dh) is r ⊙ da_n.",
  }],
];

function probe(seed: number) {
  const random = probeRandom(seed);
  const params: GruArrays = {
    Wih: probeArray(random, 3 * H * I, 0.8),
    Whh: probeArray(random, 3 * H * H, 0.8),
    bih: probeArray(random, 3 * H, 0.6),
    bhh: probeArray(random, 3 * H, 0.6),
  };
  return {
    params,
    x: probeArray(random, I, 1),
    hPrev: probeArray(random, H, 0.9),
    dh: probeArray(random, H, 1),
  };
}

type Forward = (
  p: GruArrays,
  x: Float64Array,
  h: Float64Array,
) => { h: ArrayLike<number>; cache: unknown };
type Backward = (p: GruArrays, cache: unknown, dh: Float64Array) => unknown;

/** The checks of exercise M. */
export function checkGruCell(ctx: CheckContext, g: Grading): void {
  const gruCellForward = exported<Forward>(g, ctx.module, ctx.file, "gruCellForward");
  const gruCellBackward = exported<Backward>(g, ctx.module, ctx.file, "gruCellBackward");
  const { params, x, hPrev, dh } = probe(71);
  const library = libraryGruStep(params, x, hPrev, dh);
  const check = `gruCellForward (I = ${I}, H = ${H})`;
  const step = call(
    g,
    check,
    "gruCellForward",
    () => gruCellForward(copyArrays(params), Float64Array.from(x), Float64Array.from(hPrev)),
  );
  if (!isNumbers(step?.h, H)) {
    g.fail({ check, message: `it must return { h: ${H} numbers, cache }` });
  }
  const wrongH = firstMismatch("h'", library.h, step.h);
  if (wrongH) {
    g.fail({
      check,
      message: "h' differs from the library's GRU cell",
      mismatch: wrongH,
      diagnosis: identify(FORWARD_SUSPECTS.map(([mistakes, diagnosis]) => ({
        test: () => sameValues(step.h, plainGruForward(params, x, hPrev, mistakes).h),
        diagnosis,
      }))),
    });
  }
  g.pass(
    "gruCellForward gives PyTorch's h' = (1 − z) ⊙ n + z ⊙ h, n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))",
  );
  const backCheck = "gruCellBackward from your forward's cache";
  const got = call(
    g,
    backCheck,
    "gruCellBackward",
    () => gruCellBackward(copyArrays(params), step.cache, Float64Array.from(dh)),
  );
  const shapes: Record<string, number[]> = {
    Wih: [3 * H, I],
    Whh: [3 * H, H],
    bih: [3 * H],
    bhh: [3 * H],
    x: [I],
    hPrev: [H],
  };
  const expected: Record<string, Expected> = Object.fromEntries(
    Object.entries(shapes).map((
      [name, shape],
    ) => [name, { values: library.grads[name as "x"], shape }]),
  );
  const grads = requireFields(g, backCheck, got, expected, "the gradients");
  const wrong = firstFieldMismatch(grads, expected);
  if (wrong) {
    const plainStep = plainGruForward(params, x, hPrev);
    g.fail({
      check: backCheck,
      message: `${wrong.label} differs from the library's GRU cell backward`,
      mismatch: wrong,
      diagnosis: identify(BACKWARD_SUSPECTS.map(([mistakes, diagnosis]) => ({
        test: () =>
          matchesAll(
            grads,
            plainGruBackward(params, plainStep, dh, mistakes) as unknown as Record<
              string,
              Float64Array
            >,
          ),
        diagnosis,
      }))),
    });
  }
  g.pass(
    "gruCellBackward gives every gradient (W_ih, W_hh, b_ih, b_hh, x, h) of the library's cell",
  );
  const values = {
    ...copyArrays(params),
    x: Float64Array.from(x),
    hPrev: Float64Array.from(hPrev),
  };
  const witnessed = witnessGradients(
    ctx.witness.gradient,
    () => {
      const h = plainGruForward(values, values.x, values.hPrev).h;
      return h.reduce((s, v, j) => s + v * dh[j], 0);
    },
    values,
    grads,
  );
  if (!(witnessed.worst <= WITNESS_LIMIT)) {
    g.fail({
      check: `${ctx.witness.whose} against gruCellBackward`,
      message:
        `they disagree at ${witnessed.name}[${witnessed.index}]: finite differences ${witnessed.numeric}, gruCellBackward ${witnessed.analytic} — is your numericGradient right?`,
    });
  }
  g.pass(
    `${ctx.witness.whose} of L = dh' · h' agrees with gruCellBackward (worst relative error ${
      witnessed.worst.toExponential(1)
    })`,
  );
}
